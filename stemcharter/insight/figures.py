"""The public figures of the movement (issue 15, point 4): what ``/in-cijfers/`` and the yearly
overviews ``/in-cijfers/<year>/`` show.

Public data only, the rules of the public pages, and one definition per figure: the rows the
coordinators' dashboards count too (``selectors``: ``counted_actions``, ``held_events``,
``seat_registrations``, ``counted_stories``, ``answered_requests``), the signatories without
the private persons who signed (``public_signatures``: no individual counts as an
organisation). Approved signatures (one per signatory), published actions, stories and events
(``published()``: never a draft, a submitted, rejected or withdrawn item, nor a working copy),
events not cancelled that have begun, the seats held by registrations on those actions and
events (counted in the month of their action's first publication or their event's start, as the
places offered), and the schools' requests whose school accepted an offer (counts only, as the
support pages show them). Nothing per person: every figure is a count or a sum.

Each figure is counted per Brussels month in the database (``ExtractYear``/``ExtractMonth``
in the site's time zone), so the numbers of a year or of all years are sums of months, and the
number of queries is seven whatever the size of the data (``public_figures``). Published
progress reports are counted by the year they report on (``Figures.progress_reports``). The distinct
schools helped cannot be summed over months: they are read as rows of delivered requests (a few
thousand at most) and counted here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, DateTimeField, OuterRef, Subquery, Sum, When
from django.db.models.functions import ExtractMonth, ExtractYear, Lower
from django.urls import reverse
from django.utils import timezone

from stemcharter.common.months import BRUSSELS
from stemcharter.common.page_cache import content_generation
from stemcharter.progress.models import ProgressReport
from stemcharter.support.models import SupportRequest

from .selectors import (
    answered_requests,
    counted_actions,
    counted_stories,
    held_events,
    public_signatures,
    seat_registrations,
)

# The figures counted per month, in the order pages show them.
METRICS = (
    "signatories",  # signatures approved (new signatories)
    "actions",  # actions first published
    "places_offered",  # places of those actions (those with a number) and of the events
    "places_taken",  # seats held by registrations on published actions and events
    "events",  # published events, not cancelled, that began
    "attendance",  # the people who came to them, as their organisers recorded
    "stories",  # stories first published
    "requests_answered",  # schools' requests whose school accepted an offer, by month asked
)


@dataclass
class Figures:
    """The public figures: ``months`` maps ``(year, month)`` to a dict of ``METRICS``;
    ``action_types`` maps ``(year, action type id)`` to ``(Dutch name, English name, count)``;
    ``schools`` maps a year to the set of schools whose help was delivered that year (keys:
    an organisation id, or the name and town a teacher typed, lower case);
    ``progress_reports`` maps a year to the number of published progress reports on it."""

    months: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)
    action_types: dict[tuple[int, int], list] = field(default_factory=dict)
    schools: dict[int, set] = field(default_factory=dict)
    progress_reports: dict[int, int] = field(default_factory=dict)

    def add(self, year, month, metric: str, value) -> None:
        if year is None or not value:
            return
        row = self.months.setdefault((year, month), dict.fromkeys(METRICS, 0))
        row[metric] += value

    def years(self, *, today: datetime.date) -> list[int]:
        """The years with anything to show, oldest first, none after ``today``'s."""
        found = {year for (year, _month), row in self.months.items() if any(row.values())}
        found |= {year for year, schools in self.schools.items() if schools}
        found |= {year for year, count in self.progress_reports.items() if count}
        return sorted(year for year in found if year <= today.year)

    def totals(self, year: int | None = None) -> dict[str, int]:
        """The sums of ``METRICS`` over ``year`` (or every year), with ``schools_helped`` and
        ``progress_reports`` (the published reports on that year, or on any year)."""
        total = dict.fromkeys(METRICS, 0)
        for (row_year, _month), row in self.months.items():
            if year is None or row_year == year:
                for metric, value in row.items():
                    total[metric] += value
        if year is None:
            schools = set().union(*self.schools.values()) if self.schools else set()
        else:
            schools = self.schools.get(year, set())
        total["schools_helped"] = len(schools)
        if year is None:
            total["progress_reports"] = sum(self.progress_reports.values())
        else:
            total["progress_reports"] = self.progress_reports.get(year, 0)
        return total

    def month_rows(self, year: int) -> list[dict[str, int]]:
        """``METRICS`` for each month of ``year`` (twelve dicts, January first)."""
        return [self.months.get((year, month), dict.fromkeys(METRICS, 0)) for month in range(1, 13)]

    def per_action_type(self, year: int | None = None) -> list[tuple[str, str, int]]:
        """Published actions per action type in ``year`` (or every year), most first:
        ``(Dutch name, English name, count)``."""
        counts: dict[int, list] = {}
        for (row_year, type_id), (name_nl, name_en, count) in self.action_types.items():
            if year is None or row_year == year:
                entry = counts.setdefault(type_id, [name_nl, name_en, 0])
                entry[2] += count
        rows = [tuple(entry) for entry in counts.values()]
        rows.sort(key=lambda row: (-row[2], row[0].casefold()))
        return rows


def _in_months(queryset, moment: str, *fields: str):
    """``queryset`` grouped by the Brussels year and month of its field ``moment`` (and by
    ``fields``)."""
    zone = BRUSSELS
    return (
        queryset.order_by()
        .annotate(
            year=ExtractYear(moment, tzinfo=zone),
            month=ExtractMonth(moment, tzinfo=zone),
        )
        .values("year", "month", *fields)
    )


def _taken_seats(now: datetime.datetime):
    """``seat_registrations`` on the counted actions and the events held, each with the
    ``moment`` of its item (an action's first publication, an event's start): the places taken
    count where the places offered count. One query (a subquery per kind of item); a
    registration on anything else has no moment and is left out."""

    def moment(items, field: str) -> Subquery:
        return Subquery(items.filter(pk=OuterRef("object_id")).values(field)[:1])

    return (
        seat_registrations()
        .annotate(
            moment=Case(
                When(
                    content_type__app_label="actions",
                    content_type__model="action",
                    then=moment(counted_actions(), "first_published_at"),
                ),
                When(
                    content_type__app_label="events",
                    content_type__model="event",
                    then=moment(held_events(now=now), "starts_at"),
                ),
                output_field=DateTimeField(),
            )
        )
        .filter(moment__isnull=False)
    )


def public_figures(*, now: datetime.datetime | None = None) -> Figures:
    """Every public figure per Brussels month, in seven queries whatever the size of the data.

    In: ``now`` (an aware datetime; default: now), the moment before which an event must have
    begun to count. Out: ``Figures``. The rules of what is public: see the module.
    """
    now = now or timezone.now()
    figures = Figures()

    for row in _in_months(public_signatures(), "decided_at").annotate(n=Count("pk")):
        figures.add(row["year"], row["month"], "signatories", row["n"])

    actions = _in_months(
        counted_actions(),
        "first_published_at",
        "action_type_id",
        "action_type__name_nl",
        "action_type__name_en",
    ).annotate(n=Count("pk"), places=Sum("places"))
    for row in actions:
        year = row["year"]
        figures.add(year, row["month"], "actions", row["n"])
        figures.add(year, row["month"], "places_offered", row["places"])
        if year is not None:
            key = (year, row["action_type_id"])
            entry = figures.action_types.setdefault(
                key, [row["action_type__name_nl"], row["action_type__name_en"], 0]
            )
            entry[2] += row["n"]

    events = _in_months(held_events(now=now), "starts_at").annotate(
        n=Count("pk"), places=Sum("capacity"), came=Sum("attendance")
    )
    for row in events:
        figures.add(row["year"], row["month"], "events", row["n"])
        figures.add(row["year"], row["month"], "places_offered", row["places"])
        figures.add(row["year"], row["month"], "attendance", row["came"])

    seats = _in_months(_taken_seats(now), "moment").annotate(seats=Sum("seats"))
    for row in seats:
        figures.add(row["year"], row["month"], "places_taken", row["seats"])

    stories = _in_months(counted_stories(), "first_published_at").annotate(n=Count("pk"))
    for row in stories:
        figures.add(row["year"], row["month"], "stories", row["n"])

    _add_support(figures)

    # The signatories' yearly progress reports (issue 15, point 2): published ones only.
    reports = ProgressReport.objects.published().order_by().values("year").annotate(n=Count("pk"))
    figures.progress_reports = {row["year"]: row["n"] for row in reports}
    return figures


def _add_support(figures: Figures) -> None:
    """The requests answered (``answered_requests``: the school accepted an offer) per month
    they were asked, as the dashboard counts them, and the schools whose help was delivered
    per year (one query of the answered requests)."""
    zone = BRUSSELS
    rows = (
        answered_requests()
        .order_by()
        .values_list(
            "status",
            "created_at",
            "delivered_at",
            "organisation_id",
            Lower("school_name"),
            Lower("school_town"),
        )
    )
    schools: dict[int, set] = defaultdict(set)
    for status, asked_at, delivered_at, organisation_id, name, town in rows:
        local = asked_at.astimezone(zone)
        figures.add(local.year, local.month, "requests_answered", 1)
        if status == SupportRequest.Status.DELIVERED and delivered_at is not None:
            school = organisation_id if organisation_id else (name.strip(), town.strip())
            schools[delivered_at.astimezone(zone).year].add(school)
    figures.schools = dict(schools)


# --- kept: the last computed figures, counted again by the task worker ------------------------

# Where the last computed figures are kept for every process (the shared cache, Redis; with a
# cache per process, ``settings.SHARED_CACHE`` false, for this process only).
KEPT_KEY = "insight:public-figures"
# The figures are counted again in the request itself (not only in the worker) when the last
# computed ones are older than this many seconds: the worker is down or far behind.
STALE_AT_MOST = 600


@dataclass(frozen=True)
class KeptFigures:
    """``figures`` as ``public_figures`` counted them at ``computed_at`` (aware), when the
    generation of public content (``common.page_cache.content_generation``) was
    ``generation``; ``fresh``: no change to public content since, and counted at most
    ``PUBLIC_PAGES_MAX_AGE`` seconds ago (what every cached public page promises)."""

    figures: Figures
    computed_at: datetime.datetime
    generation: int
    fresh: bool = True

    @property
    def version(self) -> str:
        """What the pages built from these figures are keyed on."""
        return f"{self.generation}:{self.computed_at.isoformat()}"


def public_figures_store() -> KeptFigures:
    """Count every public figure (``public_figures``) and keep the result in the shared cache
    with the content generation read *before* counting: a change made while counting moves the
    generation on, so the result is never taken for fresher than the rows it read."""
    generation = content_generation()
    now = timezone.now()
    kept = KeptFigures(figures=public_figures(now=now), computed_at=now, generation=generation)
    cache.set(KEPT_KEY, kept, timeout=None)
    return kept


def kept_public_figures() -> KeptFigures:
    """The last computed public figures, without counting in the request when they can be
    had: what ``/in-cijfers/`` and the yearly overviews show.

    Fresh (no change to public content since they were counted, and counted at most
    ``PUBLIC_PAGES_MAX_AGE`` seconds ago): served as they are. Stale (a change since, or
    older): the task worker is asked to count them again (``tasks.public_figures_refresh_task``,
    once per generation and per ``PUBLIC_PAGES_MAX_AGE`` seconds), and the last computed ones
    are served (``fresh`` False: the pages are not kept by the page cache) until it has. None
    kept yet, or older than ``STALE_AT_MOST``: counted here and kept. Without a cache shared
    by every process (``settings.SHARED_CACHE`` false: local memory, where the worker's count
    stays in the worker's own memory), stale figures are counted here too, so a change shows
    within ``PUBLIC_PAGES_MAX_AGE`` whichever process made it. The figures served are
    always the whole of one count at one moment (no month kept from another count), so a change
    in a closed month (a deletion, an item taken offline, one published again with its earlier
    date, attendance recorded later) shows with the next count like any other change.
    """
    from .tasks import public_figures_refresh_task

    kept: KeptFigures | None = cache.get(KEPT_KEY)
    now = timezone.now()
    if kept is None:
        return public_figures_store()
    age = (now - kept.computed_at).total_seconds()
    if age > STALE_AT_MOST:
        return public_figures_store()
    generation = content_generation()
    if kept.generation == generation and age <= settings.PUBLIC_PAGES_MAX_AGE:
        return kept
    if not settings.SHARED_CACHE:
        # One cache per process (local memory: runserver and a separate worker): the worker's
        # count would land in the worker's own memory and never reach this process, so the
        # figures are counted here, at most once a minute or after a change (``SHARED_CACHE``).
        return public_figures_store()
    window = int(now.timestamp()) // max(settings.PUBLIC_PAGES_MAX_AGE, 1)
    if cache.add(f"{KEPT_KEY}:asked:{generation}:{window}", True, timeout=STALE_AT_MOST):
        public_figures_refresh_task.enqueue()
        counted: KeptFigures | None = cache.get(KEPT_KEY)
        if (
            counted is not None
            and counted.generation == generation
            and counted.computed_at > kept.computed_at
        ):
            return counted  # counted at once (a worker as quick as the request, or in tests)
    return replace(kept, fresh=False)


# How many of the year's stories and events its overview names.
HIGHLIGHTS = 6


def year_highlights(*, year: int, now: datetime.datetime | None = None) -> dict[str, list]:
    """What a year's overview names (two queries): ``stories``, the latest stories first
    published in ``year`` (Brussels time), and ``events``, the latest events held in it (not
    cancelled, begun before ``now``), at most ``HIGHLIGHTS`` of each, newest first; each a
    dict of ``title`` and ``url`` (and ``starts_at`` for an event). Public items only, by the
    rules of their lists (``published()``)."""
    now = now or timezone.now()
    zone = BRUSSELS
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    stories = (
        counted_stories()
        .filter(first_published_at__gte=start, first_published_at__lt=end)
        .order_by("-first_published_at", "-id")
        .values("title", "slug")[:HIGHLIGHTS]
    )
    events = (
        held_events(now=now)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("-starts_at", "-id")
        .values("title", "slug", "starts_at")[:HIGHLIGHTS]
    )
    return {
        "stories": [
            {"title": row["title"], "url": reverse("stories:story-detail", args=[row["slug"]])}
            for row in stories
        ],
        "events": [
            {
                "title": row["title"],
                "url": reverse("events:event-detail", args=[row["slug"]]),
                "starts_at": row["starts_at"],
            }
            for row in events
        ],
    }
