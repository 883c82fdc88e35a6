"""The figures of the coordinators' dashboards (``/beheer/inzicht/``, issue 15): one function
per figure, each reading what the other apps record.

Every selector takes a ``DashboardFilters`` (the period from/to as dates, the subregions, the
organisation category) and runs a fixed number of queries whatever the number of rows: the
counting is done by the database (``COUNT``/``SUM`` grouped by a kind or a month). Medians are
the one exception in *how*, not in *how many*: SQLite has no percentile, so the waiting times
are read in one query as pairs of moments and their median is taken here.

Months and days are those of Brussels (``common.months.BRUSSELS``): a signature approved at
23:30 UTC on 31 January is a February signature, and the period ``van``/``tot`` runs from
00:00 on its first day to 24:00 on its last, Brussels time.

Who sees what is the caller's: ``dashboard_filters_for`` narrows a contact point's filters to
their own subregions (a coordinator's to none), and every selector obeys ``subregion_ids``.

One definition per figure: what a figure counts is said once, in the "definitions" below
(``counted_signatures``, ``counted_actions``, ``offered_events``, ``held_events``,
``seat_registrations``, ``counted_stories``, ``answered_requests``), and both the dashboards
and the public figures (``figures.py``) count those rows; the public figures only add what is
public (no private persons: ``public_signatures``). Helpers both may use: ``period_bounds`` (a
period of dates as aware moments in Brussels time) and ``median``; the months are
``common.months`` (``month_key``, ``month_keys``, ``BRUSSELS``), which the snowball uses too.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from stemcharter.accounts.rules import is_coordinator
from stemcharter.actions.models import Action
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.common.months import BRUSSELS, month_key, month_keys
from stemcharter.events.models import Event
from stemcharter.organisations.models import Category, Organisation
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.selectors import reported
from stemcharter.regions.models import Subregion
from stemcharter.registrations.models import Registration
from stemcharter.reviews.models import Review, ReviewStatus
from stemcharter.reviews.registry import reviewable_types
from stemcharter.stories.models import Story
from stemcharter.support.models import SupportRequest
from stemcharter.support.selectors import ANSWERED_STATUSES
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

# The audit code of a submission for review (reviews.services.review_submit): the start of a
# review's waiting time.
SUBMITTED_CODE = "reviews.item.submitted"
# A subregion or an audience with at most this many published actions and events counts as a
# gap ("little on offer").
GAP_AT_MOST = 2


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard counts: ``date_from`` and ``date_to`` (dates, both included; None:
    no bound), ``subregion_ids`` (None: every subregion; a tuple: only those, an empty tuple
    counts nothing) and ``category`` (an ``organisations.Category`` value; "" for all)."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    subregion_ids: tuple[int, ...] | None = None
    category: str = ""


def dashboard_subregions(*, user) -> QuerySet[Subregion]:
    """The subregions ``user`` may see on the dashboard: a coordinator every one, a contact
    point theirs (``Subregion.contact_points``), anyone else none. Province order, one
    query when read."""
    subregions = Subregion.objects.with_province()
    if is_coordinator(user):
        return subregions
    if not user.is_authenticated or not user.is_contact_point:
        return subregions.none()
    return subregions.filter(contact_points=user)


def dashboard_filters_for(
    *,
    user,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    subregion: Subregion | None = None,
    category: str = "",
) -> DashboardFilters:
    """The filters for ``user``: a coordinator gets what was asked; a contact point only their
    own subregions (``subregion`` when it is one of theirs, else all of theirs). One query for a
    contact point, none for a coordinator."""
    if is_coordinator(user):
        ids = (subregion.pk,) if subregion is not None else None
    else:
        own = tuple(dashboard_subregions(user=user).values_list("pk", flat=True))
        ids = (subregion.pk,) if subregion is not None and subregion.pk in own else own
    return DashboardFilters(
        date_from=date_from, date_to=date_to, subregion_ids=ids, category=category
    )


# --- helpers (the public figures may use them too) ---------------------------------------------


def period_bounds(
    date_from: datetime.date | None, date_to: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """A period of dates (both included) as ``[start, end)``: aware moments at 00:00 Brussels
    time of ``date_from`` and of the day after ``date_to``; None for a missing bound."""

    def midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(), tzinfo=BRUSSELS)

    start = midnight(date_from) if date_from else None
    end = midnight(date_to + datetime.timedelta(days=1)) if date_to else None
    return start, end


def _in_period(field: str, filters: DashboardFilters) -> Q:
    start, end = period_bounds(filters.date_from, filters.date_to)
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{field}__lt": end})
    return condition


def median(values: Sequence[float]) -> float | None:
    """The median of ``values``, None for none."""
    return statistics.median(values) if values else None


def _months_of(filters: DashboardFilters, seen: Sequence[str], *, today: datetime.date) -> list:
    """The months a per-month figure shows: from the period's first month (else the first month
    with data) to its last (else this month); none without data and without a period."""
    first = month_key(filters.date_from) if filters.date_from else (min(seen) if seen else None)
    if first is None:
        return []
    last = month_key(filters.date_to) if filters.date_to else max([*seen, month_key(today)])
    return month_keys(first, last)


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, tzinfo=BRUSSELS)


def _organisation_condition(filters: DashboardFilters, prefix: str = "") -> Q:
    """The organisation (``prefix`` leads from the row to it, "" for an organisation row) is of
    the category and active in one of the subregions of ``filters``."""
    condition = Q()
    if filters.category:
        condition &= Q(**{f"{prefix}category": filters.category})
    if filters.subregion_ids is not None:
        rows = Organisation.subregions.through.objects.filter(
            subregion_id__in=filters.subregion_ids
        ).values("organisation_id")
        condition &= Q(**{f"{prefix}pk__in": rows})
    return condition


def _item_condition(filters: DashboardFilters, model) -> Q:
    """An item (action, event, story) whose organisation is of the category and which takes
    place in one of the subregions (its own ``subregions``)."""
    condition = Q()
    if filters.category:
        condition &= Q(organisation__category=filters.category)
    if filters.subregion_ids is not None:
        through = model.subregions.through
        field = model.subregions.field.m2m_field_name()
        rows = through.objects.filter(subregion_id__in=filters.subregion_ids).values(field)
        condition &= Q(pk__in=rows)
    return condition


# --- the definitions: what each figure counts, for the dashboards and the public figures -------


def counted_signatures() -> QuerySet[Signature]:
    """Signatories: the approved (current) signatures, one per signatory, counted by the moment
    of their approval (``decided_at``)."""
    return Signature.objects.approved()


def public_signatures() -> QuerySet[Signature]:
    """``counted_signatures`` of organisations only: the public figures name no private person
    (``Category.INDIVIDUAL``) among the organisations, as open data does not either."""
    return counted_signatures().exclude(organisation__category=Category.INDIVIDUAL)


def counted_actions() -> QuerySet[Action]:
    """Actions: the published ones (live rows, not working copies), counted by their first
    publication (``first_published_at``); their places where they give a number."""
    return Action.objects.published()


def offered_events() -> QuerySet[Event]:
    """Events on offer: published and not cancelled (a cancelled event offers nothing)."""
    return Event.objects.published().exclude(event_status=Event.Status.CANCELLED)


def held_events(*, now: datetime.datetime) -> QuerySet[Event]:
    """Events held: ``offered_events`` that began before ``now``, counted by their start
    (``starts_at``); their places (``capacity``) and the people who came (``attendance``, as
    the organiser recorded it)."""
    return offered_events().filter(starts_at__lte=now)


def seat_registrations() -> QuerySet[Registration]:
    """Places taken: the seats of the registrations holding them (registered or accepted),
    counted with the action or event they are for."""
    return Registration.objects.holding_seats()


def counted_stories() -> QuerySet[Story]:
    """Stories: the published ones (live rows, not working copies: never a draft, a submitted,
    rejected or withdrawn story), counted by their first publication (``first_published_at``)."""
    return Story.objects.published()


def answered_requests() -> QuerySet[SupportRequest]:
    """School requests answered: the school accepted an offer, whatever happened after
    (``support.selectors.ANSWERED_STATUSES``)."""
    return SupportRequest.objects.filter(status__in=ANSWERED_STATUSES)


# --- signatories -------------------------------------------------------------------------------


def _signatures(filters: DashboardFilters) -> QuerySet[Signature]:
    return counted_signatures().filter(
        _in_period("decided_at", filters),
        _organisation_condition(filters, "organisation__"),
    )


def signatories_by_category(*, filters: DashboardFilters) -> list[dict]:
    """Signatories per organisation category, one query.

    Counts organisations with an approved (current) signature approved in the period (its
    ``decided_at``, Brussels days), of the category, active in one of the subregions. Every
    category in the charter's order: ``value``, ``label`` (active language), ``count``.
    """
    counts = dict(
        _signatures(filters)
        .order_by()
        .values_list("organisation__category")
        .annotate(count=Count("organisation", distinct=True))
    )
    return [
        {"value": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in Category.choices
        if not filters.category or value == filters.category
    ]


def signatories_by_subregion(*, filters: DashboardFilters) -> list[dict]:
    """Signatories per subregion, one query.

    Counts, per subregion of the filters (every subregion when none), the organisations active
    there with an approved signature approved in the period and of the category; one active in
    several subregions counts in each. Every subregion, also those with none, in province
    order: ``slug``, ``name``, ``province``, ``count``.
    """
    signatures = _signatures(filters).values("organisation_id")
    subregions = Subregion.objects.with_province()
    if filters.subregion_ids is not None:
        subregions = subregions.filter(pk__in=filters.subregion_ids)
    subregions = subregions.annotate(
        count=Count("organisations", filter=Q(organisations__pk__in=signatures), distinct=True)
    )
    return [
        {
            "slug": subregion.slug,
            "name": subregion.name,
            "province": subregion.province.name,
            "count": subregion.count,
        }
        for subregion in subregions
    ]


def signatories_over_time(*, filters: DashboardFilters, today: datetime.date) -> list[dict]:
    """Signatories per month (Brussels), new and cumulative, one query.

    ``new``: organisations whose current approved signature was approved that month;
    ``total``: all approved until the end of that month (before the period too), of the
    category and the subregions. From the period's first month (else the first approval) to its
    last (else ``today``'s month): ``month`` ("YYYY-MM"), ``new``, ``total``.
    """
    end_only = DashboardFilters(
        date_to=filters.date_to, subregion_ids=filters.subregion_ids, category=filters.category
    )
    rows = (
        _signatures(end_only)
        .order_by()
        .annotate(month=_month("decided_at"))
        .values("month")
        .annotate(count=Count("pk"))
    )
    new = {month_key(row["month"]): row["count"] for row in rows}
    months = _months_of(filters, list(new), today=today)
    total = sum(count for month, count in new.items() if months and month < months[0])
    series = []
    for month in months:
        total += new.get(month, 0)
        series.append({"month": month, "new": new.get(month, 0), "total": total})
    return series


# --- actions -----------------------------------------------------------------------------------


def published_actions(*, filters: DashboardFilters) -> QuerySet[Action]:
    """The published actions (live rows, not working copies) first published in the period,
    of an organisation of the category, in one of the subregions (``counted_actions``)."""
    return counted_actions().filter(
        _in_period("first_published_at", filters), _item_condition(filters, Action)
    )


def _per_term(model, relation: str, items: QuerySet) -> list[dict]:
    terms = model.objects.annotate(
        count=Count(
            relation, filter=Q(**{f"{relation}__pk__in": items.values("pk")}), distinct=True
        )
    ).order_by("position", "name_nl")
    return [{"slug": term.slug, "name": term.name, "count": term.count} for term in terms]


def actions_by_type(*, filters: DashboardFilters) -> list[dict]:
    """Published actions per action type, one query: ``published_actions`` counted per type,
    every type in its order (``slug``, ``name``, ``count``)."""
    return _per_term(ActionType, "actions", published_actions(filters=filters))


def actions_by_audience(*, filters: DashboardFilters) -> list[dict]:
    """Published actions per target audience, one query: an action for several audiences
    counts in each; every audience in its order (``slug``, ``name``, ``count``)."""
    return _per_term(Audience, "actions", published_actions(filters=filters))


def actions_by_discipline(*, filters: DashboardFilters) -> list[dict]:
    """Published actions per STEM discipline, one query: an action of several disciplines
    counts in each, one without none; every discipline in its order."""
    return _per_term(Discipline, "actions", published_actions(filters=filters))


# --- stories -----------------------------------------------------------------------------------


def stories_per_month(*, filters: DashboardFilters, today: datetime.date) -> list[dict]:
    """Published stories per month (Brussels) of their first publication, one query.

    Counts ``counted_stories`` first published in the period, of an author organisation of the
    category, telling about one of the subregions (the story's own ``subregions``). From the
    period's first month (else the first story's) to its last (else ``today``'s): ``month``
    ("YYYY-MM"), ``count``. The public figures count the same stories (``figures``).
    """
    rows = (
        counted_stories()
        .filter(_in_period("first_published_at", filters), _item_condition(filters, Story))
        .order_by()
        .annotate(month=_month("first_published_at"))
        .values("month")
        .annotate(count=Count("pk"))
    )
    counts = {month_key(row["month"]): row["count"] for row in rows}
    return [
        {"month": month, "count": counts.get(month, 0)}
        for month in _months_of(filters, list(counts), today=today)
    ]


# --- reach -------------------------------------------------------------------------------------


def published_events(*, filters: DashboardFilters) -> QuerySet[Event]:
    """The events on offer (``offered_events``: published, not cancelled) first published in
    the period, in one of the subregions; with a category, only those of an organisation of it
    (not the STEM-charter's own)."""
    return offered_events().filter(
        _in_period("first_published_at", filters), _item_condition(filters, Event)
    )


def events_held(*, filters: DashboardFilters, now: datetime.datetime) -> QuerySet[Event]:
    """The events held (``held_events``: published, not cancelled, begun before ``now``) that
    began in the period, in one of the subregions, of the category (as ``published_events``)."""
    return held_events(now=now).filter(
        _in_period("starts_at", filters), _item_condition(filters, Event)
    )


def reach(*, filters: DashboardFilters, now: datetime.datetime | None = None) -> list[dict]:
    """Places and people, for actions and for events, four queries.

    For the published actions first published in the period (``published_actions``) and the
    events held in it (``events_held``: not cancelled, begun before ``now``, default now):
    ``items``; ``places`` (the places they offer, those with a number; an action without a
    number of places or an event without a capacity is ``unlimited``); from the registrations
    on this site (``registrations.Registration``): ``taken`` (seats held:
    ``seat_registrations``), ``registrations`` (registrations still counting: not cancelled or
    declined); ``attended``: for events the people who came as their organisers recorded
    (``Event.attendance``), for actions the seats marked as present. Rows ``kind`` ("actions",
    "events"). The public figures count the same rows (``figures.public_figures``).
    """
    now = now or timezone.now()
    rows = []
    for kind, items, places, came in (
        ("actions", published_actions(filters=filters), "places", None),
        ("events", events_held(filters=filters, now=now), "capacity", "attendance"),
    ):
        offered = items.order_by().aggregate(
            n_items=Count("pk"),
            n_places=Sum(places),
            n_unlimited=Count("pk", filter=Q(**{f"{places}__isnull": True})),
            **({"n_came": Sum(came)} if came else {}),
        )
        registrations = Registration.objects.filter(
            content_type=ContentType.objects.get_for_model(items.model),
            object_id__in=items.values("pk"),
        )
        people = registrations.aggregate(
            taken=Sum("seats", filter=Q(pk__in=seat_registrations().values("pk"))),
            registrations=Count("pk", filter=Q(state__in=Registration.ACTIVE_STATES)),
            attended=Sum("seats", filter=Q(attended=True)),
        )
        rows.append(
            {
                "kind": kind,
                "items": offered["n_items"],
                "places": offered["n_places"] or 0,
                "unlimited": offered["n_unlimited"],
                "taken": people["taken"] or 0,
                "registrations": people["registrations"],
                "attended": (offered["n_came"] if came else people["attended"]) or 0,
            }
        )
    return rows


# --- reviews -----------------------------------------------------------------------------------


def _reviews(filters: DashboardFilters) -> QuerySet[Review]:
    """The decisions taken in the period on items of the category and the subregions (of any
    reviewable type: ``reviews.registry``). A decision stays counted once its organisation
    deleted the item (it was made): then by what the review keeps, its organisation (of the
    category, active in the subregions), as the review queue's "decided" tab does."""
    reviews = Review.objects.filter(_in_period("created_at", filters))
    if filters.category or filters.subregion_ids is not None:
        organisations = Q()
        if filters.category:
            organisations &= Q(organisation__category=filters.category)
        if filters.subregion_ids is not None:
            organisations &= Q(
                organisation__in=Organisation.objects.filter(
                    subregions__in=filters.subregion_ids
                ).values("pk")
            )
        condition = Q(pk__in=[])
        for reviewable_type in reviewable_types():
            model = reviewable_type.model
            content_type = ContentType.objects.get_for_model(model)
            items = model.objects.filter(_item_condition(filters, model)).values("pk")
            condition |= Q(content_type=content_type, subject_id__in=items) | Q(
                ~Exists(model.objects.filter(pk=OuterRef("subject_id"))),
                organisations,
                content_type=content_type,
            )
        reviews = reviews.filter(condition)
    return reviews


def review_decisions_per_month(*, filters: DashboardFilters, today: datetime.date) -> list[dict]:
    """Review decisions per month (Brussels) and per decision, one query.

    Counts ``reviews.Review`` rows (one per decision on a submitted version of an item of
    any reviewable type) made in the period on items of the category and subregions: ``month``,
    ``publish``, ``request_changes``, ``reject``, ``total``.
    """
    rows = (
        _reviews(filters)
        .order_by()
        .annotate(month=_month("created_at"))
        .values("month", "decision")
        .annotate(count=Count("pk"))
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(month_key(row["month"]), {})[row["decision"]] = row["count"]
    series = []
    for month in _months_of(filters, list(counts), today=today):
        found = counts.get(month, {})
        row = {"month": month}
        for decision in Review.Decision.values:
            row[decision] = found.get(decision, 0)
        row["total"] = sum(found.values())
        series.append(row)
    return series


def review_waiting_times(*, filters: DashboardFilters, today: datetime.date) -> dict:
    """How long items waited from their submission to the decision, one query.

    For each decision of ``review_decisions_per_month``, the wait is from the latest
    submission of that item before it (the audit entry ``reviews.item.submitted`` on the live
    item) to the decision; a decision without a recorded submission is left out. ``decisions``
    (counted), ``median_days`` (all of them; None without any) and ``months``: per month of the
    decision, ``month``, ``decisions``, ``median_days`` (one decimal; None in a month without).
    """
    submitted = (
        AuditEntry.objects.filter(
            code=SUBMITTED_CODE,
            target_type=OuterRef("content_type"),
            target_id=Cast(OuterRef("subject_id"), CharField()),
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    pairs = (
        _reviews(filters)
        .order_by()
        .annotate(submitted_at=Subquery(submitted))
        .filter(submitted_at__isnull=False)
        .values_list("created_at", "submitted_at")
    )
    waits: dict[str, list[float]] = {}
    every: list[float] = []
    for decided, asked in pairs:
        days = (decided - asked).total_seconds() / 86400
        waits.setdefault(month_key(decided), []).append(days)
        every.append(days)

    def rounded(value):
        return None if value is None else round(value, 1)

    return {
        "decisions": len(every),
        "median_days": rounded(median(every)),
        "months": [
            {
                "month": month,
                "decisions": len(waits.get(month, [])),
                "median_days": rounded(median(waits.get(month, []))),
            }
            for month in _months_of(filters, list(waits), today=today)
        ],
    }


# --- school requests ---------------------------------------------------------------------------


def _support_requests(filters: DashboardFilters) -> QuerySet[SupportRequest]:
    requests = SupportRequest.objects.filter(_in_period("created_at", filters))
    if filters.subregion_ids is not None:
        requests = requests.filter(subregion_id__in=filters.subregion_ids)
    if filters.category:
        requests = requests.filter(organisation__category=filters.category)
    return requests


def support_requests_answered(*, filters: DashboardFilters, today: datetime.date) -> dict:
    """School requests asked and answered, and the time to the first offer, two queries.

    Counts ``support.SupportRequest`` rows made in the period (Brussels) in one of the
    subregions (the request's own), of a school of the category (a teacher's request without a
    school only without a category); ``answered``: those whose school accepted an offer
    (``answered_requests``, as the public figures count them). ``median_days``: the median from
    the request to its first offer (``first_offer_at``), over those that got one. ``months``:
    per month of the request, ``month``, ``asked``, ``answered``. Also ``asked``, ``answered``
    in all.
    """
    requests = _support_requests(filters)
    rows = (
        requests.order_by()
        .annotate(month=_month("created_at"))
        .values("month")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(pk__in=answered_requests().values("pk"))),
        )
    )
    counts = {month_key(row["month"]): row for row in rows}
    waits = [
        (offered - asked).total_seconds() / 86400
        for asked, offered in requests.filter(first_offer_at__isnull=False)
        .order_by()
        .values_list("created_at", "first_offer_at")
    ]
    middle = median(waits)
    return {
        "asked": sum(row["asked"] for row in counts.values()),
        "answered": sum(row["answered"] for row in counts.values()),
        "median_days": None if middle is None else round(middle, 1),
        "months": [
            {
                "month": month,
                "asked": counts[month]["asked"] if month in counts else 0,
                "answered": counts[month]["answered"] if month in counts else 0,
            }
            for month in _months_of(filters, list(counts), today=today)
        ],
    }


# --- gaps --------------------------------------------------------------------------------------


def gaps_by_subregion(*, filters: DashboardFilters) -> list[dict]:
    """What is on offer per subregion, least first, one query.

    Per subregion of the filters: ``actions`` (``published_actions`` there) and ``events``
    (``published_events`` there), ``total``, and ``gap`` (at most ``GAP_AT_MOST`` in all);
    sorted by the total, then in province order. ``slug``, ``name``, ``province`` too.
    """
    actions = published_actions(filters=filters).values("pk")
    events = published_events(filters=filters).values("pk")
    subregions = Subregion.objects.select_related("province")
    if filters.subregion_ids is not None:
        subregions = subregions.filter(pk__in=filters.subregion_ids)
    action_links = Action.subregions.through.objects.filter(
        subregion_id=OuterRef("pk"), action_id__in=actions
    )
    event_links = Event.subregions.through.objects.filter(
        subregion_id=OuterRef("pk"), event_id__in=events
    )
    subregions = subregions.annotate(
        n_actions=_count_of(action_links), n_events=_count_of(event_links)
    ).order_by("province__position", "name_nl")
    rows = [
        {
            "slug": subregion.slug,
            "name": subregion.name,
            "province": subregion.province.name,
            "actions": subregion.n_actions,
            "events": subregion.n_events,
            "total": subregion.n_actions + subregion.n_events,
            "gap": subregion.n_actions + subregion.n_events <= GAP_AT_MOST,
        }
        for subregion in subregions
    ]
    rows.sort(key=lambda row: row["total"])  # stable: province order within a total
    return rows


def _count_of(rows: QuerySet) -> Coalesce:
    counted = rows.order_by().values("subregion_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def gaps_by_audience(*, filters: DashboardFilters) -> list[dict]:
    """What is on offer per target audience, least first, one query: ``actions_by_audience``
    sorted by its count (then in the audiences' order), each with ``gap`` (at most
    ``GAP_AT_MOST`` published actions)."""
    rows = actions_by_audience(filters=filters)
    for row in rows:
        row["gap"] = row["count"] <= GAP_AT_MOST
    rows.sort(key=lambda row: row["count"])
    return rows


# --- progress reports (issue 15, point 2) -------------------------------------------------------


def progress_reports_per_year(*, filters: DashboardFilters) -> list[dict]:
    """The signatories' yearly progress reports per year reported on, one query.

    Counts live reports (a published report's working copy is not a second report) of
    organisations of the category, active in one of the subregions; the period keeps the years
    it overlaps. Per year with a report, oldest first: ``year``, ``started`` (every report, in
    whatever state), ``reported`` (those that count as reported by the progress app's one rule,
    ``progress.selectors.reported``: published, waiting for or under review, or with changes
    asked; never a draft, a rejected report or one taken offline), ``published``
    (``ProgressReport.objects.published()``, as the public figures count them).
    """
    reports = ProgressReport.objects.live().filter(
        _organisation_condition(filters, "organisation__")
    )
    if filters.date_from:
        reports = reports.filter(year__gte=filters.date_from.year)
    if filters.date_to:
        reports = reports.filter(year__lte=filters.date_to.year)
    rows = (
        reports.order_by("year")
        .values("year")
        .annotate(
            started=Count("pk"),
            reported=Count("pk", filter=Q(pk__in=reported().values("pk"))),
            published=Count("pk", filter=Q(status=ReviewStatus.PUBLISHED)),
        )
    )
    return list(rows)
