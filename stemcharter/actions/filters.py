"""Search and filters of the public catalogue ``/acties/`` (django-filter).

A plain GET form, so every filter lives in the URL; unknown or invalid values are left out
with a notice (``common.filters.LenientFilterSet``). Without the filter "also past actions"
only current actions are listed: on request, or not yet over.
"""

from collections.abc import Iterable
from datetime import date

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stemcharter.common.filters import (
    BEFORE_OTHER,
    UNKNOWN,
    DroppedValue,
    LenientFilterSet,
    QuerySetParts,
    counts_where,
    exists_in,
    in_relation,
    query_string,
)
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.selectors import organisations_filtered
from stemcharter.regions.models import Subregion
from stemcharter.regions.selectors import subregion_neighbours
from stemcharter.registrations.selectors import seats_taken_subquery
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

from .models import Action
from .selectors import action_search, organiser_match

SEARCH_MAX_LENGTH = 200
ORGANISATION_MAX_LENGTH = 200
UNKNOWN_ORGANISATION = gettext_lazy(
    "There is no organisation “%(value)s” with actions, so we left it out."
)
SORT_RELEVANCE = "relevance"
SORT_DATE = "date"
SORT_NEWEST = "newest"
SORT_CHOICES = [
    (SORT_RELEVANCE, gettext_lazy("Best match first")),
    (SORT_DATE, gettext_lazy("Soonest first")),
    (SORT_NEWEST, gettext_lazy("Newest first")),
]
YES = "1"
# The group sizes the filter "for a group of … pupils" takes: a class, a year, a whole school.
GROUP_MIN = 1
GROUP_MAX = 1000


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (``NumberFilter`` takes decimals)."""

    field_class = forms.IntegerField


class ActionFilterSet(LenientFilterSet):
    """The catalogue's search, filters and order.

    The choices that come from the database are passed in (the page shows the same lists), so
    validating and rendering them costs one query each.
    """

    q = django_filters.CharFilter(
        label=gettext_lazy("Search"), method="filter_search", max_length=SEARCH_MAX_LENGTH
    )
    type = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Type of action"), choices=[], method="filter_type"
    )
    province = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Province"), choices=[], method="filter_province"
    )
    subregion = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Region"), choices=[], method="filter_subregion"
    )
    audience = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("For whom"), choices=[], method="filter_audience"
    )
    discipline = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("STEM discipline"), choices=[], method="filter_discipline"
    )
    # A teacher's class: the actions that take a group of this size (group_min to group_max,
    # an empty bound being no limit on that side).
    group = IntegerFilter(
        label=gettext_lazy("Number of pupils in your group"),
        method="filter_group",
        min_value=GROUP_MIN,
        max_value=GROUP_MAX,
    )
    date_from = django_filters.DateFilter(label=gettext_lazy("From"), method="filter_date_from")
    date_to = django_filters.DateFilter(label=gettext_lazy("Until"), method="filter_date_to")
    places = django_filters.ChoiceFilter(
        label=gettext_lazy("Only with places available"),
        choices=[(YES, gettext_lazy("Only with places available"))],
        method="filter_places",
    )
    past = django_filters.ChoiceFilter(
        label=gettext_lazy("Also past actions"),
        choices=[(YES, gettext_lazy("Also past actions"))],
        method="filter_past",
    )
    # A text field, not a list of every organisation (thousands of options): a slug (the links
    # of a signatory page, older bookmarks) names one organisation, other text is matched
    # against the names like the directory's search.
    organisation = django_filters.CharFilter(
        label=gettext_lazy("Organisation"),
        method="filter_organisation",
        max_length=ORGANISATION_MAX_LENGTH,
    )
    sort = django_filters.ChoiceFilter(
        label=gettext_lazy("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )

    unknown_value_messages = {
        "type": gettext_lazy("There is no type of action “%(value)s”, so we left it out."),
        "province": gettext_lazy("There is no province “%(value)s”, so we left it out."),
        "subregion": gettext_lazy("There is no region “%(value)s”, so we left it out."),
        "audience": gettext_lazy("There is no target audience “%(value)s”, so we left it out."),
        "discipline": gettext_lazy("There is no STEM discipline “%(value)s”, so we left it out."),
        "places": gettext_lazy("We did not understand “%(value)s” for places, so we left it out."),
        "past": gettext_lazy(
            "We did not understand “%(value)s” for past actions, so we show current ones."
        ),
        "sort": gettext_lazy("We cannot sort by “%(value)s”, so we show the soonest first."),
    }
    search_filters = ("q",)
    invalid_value_messages = {
        "q": gettext_lazy("Your search text is longer than %(max)s characters, so we left it out."),
        "organisation": gettext_lazy(
            "The organisation you typed is longer than %(max)s characters, so we left it out."
        ),
        "group": gettext_lazy(
            "“%(value)s” is not a number of pupils from 1 to 1000, so we left out the group size."
        ),
        "date_from": gettext_lazy(
            "“%(value)s” is not a date like 2025-03-31, so we left out the first day."
        ),
        "date_to": gettext_lazy(
            "“%(value)s” is not a date like 2025-03-31, so we left out the last day."
        ),
    }

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet[Action] | None = None,
        *,
        action_types: Iterable[ActionType],
        subregions: Iterable[Subregion],
        audiences: Iterable[Audience],
        disciplines: Iterable[Discipline],
        today: date | None = None,
        **kwargs,
    ):
        self.action_types = list(action_types)
        self.subregions = list(subregions)
        # The provinces of those subregions, in their order: a whole province is one choice.
        self.provinces = list(
            {item.province_id: item.province for item in self.subregions}.values()
        )
        self.audiences = list(audiences)
        self.disciplines = list(disciplines)
        # The organisation the filter names by its slug, if it does (see valid_data).
        self.named_organisation = None
        self.today = today or timezone.localdate()
        choices = {
            "type": [(item.slug, item.name) for item in self.action_types],
            "province": [(item.slug, item.name) for item in self.provinces],
            "subregion": [(item.slug, item.name) for item in self.subregions],
            "audience": [(item.slug, item.name) for item in self.audiences],
            "discipline": [(item.slug, item.name) for item in self.disciplines],
        }
        super().__init__(data, queryset, choices=choices, **kwargs)

    @property
    def valid_data(self) -> dict:
        if not hasattr(self, "_valid_data"):
            data = super().valid_data
            first, last = data.get("date_from"), data.get("date_to")
            if first and last and last < first:
                data["date_to"] = None
                self.notices.append(
                    _("The last day is before the first day, so we left out the last day.")
                )
                self.dropped.append(
                    DroppedValue("date_to", last.isoformat(), BEFORE_OTHER, other="date_from")
                )
            text = (data.get("organisation") or "").strip()
            data["organisation"] = text
            if text:
                found, self.named_organisation = self.organisation_match(text)
                if not found:
                    data["organisation"] = ""
                    self.notices.append(UNKNOWN_ORGANISATION % {"value": text[:60]})
                    self.dropped.append(DroppedValue("organisation", text[:60], UNKNOWN))
        return self._valid_data

    def organisation_match(self, text: str) -> tuple[bool, Organisation | None]:
        """Whether the organisation filter's ``text`` names an organisation this list knows,
        and which one if it is its slug (``selectors.organiser_match``: the organisers of
        published actions)."""
        return organiser_match(text)

    # Filtering

    def filtered(self, queryset: QuerySet[Action], *, skip: Iterable[str] = ()) -> QuerySet[Action]:
        if not self.valid_data.get("past"):
            queryset = queryset.current(self.today)
        return super().filtered(queryset, skip=skip)

    def ordered(self, queryset: QuerySet[Action]) -> QuerySet[Action]:
        sort = self.selected()["sort"]
        if sort == SORT_RELEVANCE:
            return queryset.order_by("-search_rank", "-published_at", "-pk")
        if sort == SORT_NEWEST:
            return queryset.order_by("-first_published_at", "-pk")
        by_date = queryset.order_by(F("start_date").asc(nulls_last=True), "end_date", "-pk")
        if self.valid_data.get("past"):
            return by_date
        # Soonest first, current actions only: ongoing, then upcoming, then on request, each
        # part from its own index. One query in this order walks the date index past every
        # action that is over before it finds the first current one, more with every day.
        parts = [
            by_date.ongoing(self.today),
            by_date.upcoming(self.today),
            by_date.undated(),
        ]
        return QuerySetParts(parts, whole=by_date)

    def filter_search(self, queryset, name: str, value: str):
        return action_search(queryset, text=value)

    def filter_type(self, queryset, name: str, value: list[str]):
        return queryset.filter(action_type__slug__in=value)

    def filter_subregion(self, queryset, name: str, value: list[str]):
        return queryset.filter(exists_in(Action.subregions, value=value))

    def filter_province(self, queryset, name: str, value: list[str]):
        return queryset.filter(
            exists_in(Action.subregions, lookup="province__slug__in", value=value)
        )

    def filter_audience(self, queryset, name: str, value: list[str]):
        # Who books counts too: an audience that books for a class (teachers) also finds the
        # types teachers book for their pupils (a guest lesson for pupils: actions/README.md).
        matches = Q(exists_in(Action.audiences, value=value))
        if any(item.books_for_a_class for item in self.audiences if item.slug in value):
            matches |= Q(action_type__booked_for_a_class=True)
        return queryset.filter(matches)

    def filter_discipline(self, queryset, name: str, value: list[str]):
        return queryset.filter(exists_in(Action.disciplines, value=value))

    def filter_group(self, queryset, name: str, value: int):
        # No index: most actions take a class of any usual size, so the condition keeps most
        # rows and PostgreSQL reads the index of the order (or of the other filters) and checks
        # both bounds on the rows it reads; an index on the bounds would be chosen only for a
        # size few actions take, and two nullable bounds ("no limit") make it a poor range.
        fits_min = Q(group_min__isnull=True) | Q(group_min__lte=value)
        fits_max = Q(group_max__isnull=True) | Q(group_max__gte=value)
        # And room for them: places for participants count each pupil; a class that books
        # (a guest lesson) or borrows (a loan kit) needs one of its type's classes or copies.
        # An action that takes registrations here counts the places left.
        per_pupil = Q(action_type__unit=ActionType.Unit.PLACES)
        registration = Q(participation=Action.Participation.REGISTRATION)
        room = (
            Q(places__isnull=True)
            | (~registration & per_pupil & Q(places__gte=value))
            | (~registration & ~per_pupil & Q(places__gte=1))
            | (registration & per_pupil & Q(places__gte=F("taken_for_filter") + value))
            | (registration & ~per_pupil & Q(places__gt=F("taken_for_filter")))
        )
        return queryset.alias(taken_for_filter=seats_taken_subquery(Action)).filter(
            fits_min & fits_max & room
        )

    def filter_date_from(self, queryset, name: str, value: date):
        # Dated actions that are not over before this day; "on request" has no dates.
        return queryset.filter(end_date__gte=value)

    def filter_date_to(self, queryset, name: str, value: date):
        return queryset.filter(start_date__lte=value)

    def filter_places(self, queryset, name: str, value: str):
        # No number means the organiser does not limit the number of participants; an action
        # that takes registrations here has places left when they are more than those taken
        # (a subquery on the rows the other filters keep: no query per action).
        registration = Q(participation=Action.Participation.REGISTRATION)
        return queryset.alias(taken_for_filter=seats_taken_subquery(Action)).filter(
            Q(places__isnull=True)
            | (~registration & Q(places__gt=0))
            | (registration & Q(places__gt=F("taken_for_filter")))
        )

    def filter_past(self, queryset, name: str, value: str):
        return queryset  # see apply()

    def filter_organisation(self, queryset, name: str, value: str):
        if not value:
            return queryset
        organisations = organisations_filtered(text=value, named=self.named_organisation)
        partner = exists_in(Action.partners, lookup="in", value=organisations)
        return queryset.filter(Q(organisation__in=organisations) | partner)

    def filter_sort(self, queryset, name: str, value: str):
        return queryset  # see ordered()

    # What the page shows about the current filters

    def selected(self) -> dict:
        data = self.valid_data
        q = data.get("q") or ""
        sort = data.get("sort") or ""
        if not sort or (sort == SORT_RELEVANCE and not q):
            sort = SORT_RELEVANCE if q else SORT_DATE
        return {
            "q": q,
            "type": data.get("type") or [],
            "province": data.get("province") or [],
            "subregion": data.get("subregion") or [],
            "audience": data.get("audience") or [],
            "discipline": data.get("discipline") or [],
            "group": data.get("group"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "places": bool(data.get("places")),
            "past": bool(data.get("past")),
            "organisation": data.get("organisation") or "",
            "sort": sort,
        }

    def chips(self) -> list[dict]:
        """The active filters, each with the query-string key and value that removes it."""
        selected = self.selected()
        chips = []
        if selected["q"]:
            chips.append(
                {
                    "key": "q",
                    "value": None,
                    "label": _("Search: “%(text)s”") % {"text": selected["q"]},
                }
            )
        chips += [
            {
                "key": "province",
                "value": province.slug,
                "label": _("All of %(province)s") % {"province": province.name},
            }
            for province in self.provinces
            if province.slug in selected["province"]
        ]
        for key, items in (
            ("type", self.action_types),
            ("subregion", self.subregions),
            ("audience", self.audiences),
            ("discipline", self.disciplines),
        ):
            names = {item.slug: item.name for item in items}
            chips += [
                {"key": key, "value": value, "label": names[value]} for value in selected[key]
            ]
        if selected["group"]:
            label = ngettext(
                "For a group of %(count)s pupil",
                "For a group of %(count)s pupils",
                selected["group"],
            ) % {"count": selected["group"]}
            chips.append({"key": "group", "value": None, "label": label})
        if selected["date_from"]:
            label = _("From %(date)s") % {"date": date_format(selected["date_from"])}
            chips.append({"key": "date_from", "value": None, "label": label})
        if selected["date_to"]:
            label = _("Until %(date)s") % {"date": date_format(selected["date_to"])}
            chips.append({"key": "date_to", "value": None, "label": label})
        if selected["places"]:
            chips.append({"key": "places", "value": None, "label": _("Only with places available")})
        if selected["past"]:
            chips.append({"key": "past", "value": None, "label": _("Also past actions")})
        if selected["organisation"]:
            if self.named_organisation is not None:
                label = self.named_organisation.name
            else:
                label = _("Organisation: “%(text)s”") % {"text": selected["organisation"]}
            chips.append({"key": "organisation", "value": None, "label": label})
        return chips

    # Where to look when nothing is found: each suggestion changes one filter

    def wider_regions(self) -> list[dict]:
        """With regions chosen: the whole province of each and the neighbouring subregions,
        each with how many actions the other filters find there (``label``, ``count``,
        ``query``); only those that find some. Two queries, whatever the number of actions."""
        selected = self.selected()
        chosen = [item for item in self.subregions if item.slug in selected["subregion"]]
        if not chosen:
            return []
        province_ids = {item.province_id for item in chosen}
        options = [
            (
                _("All of %(province)s") % {"province": province.name},
                {"province": province.slug, "subregion": None},
                in_relation(Action.subregions, lookup="province__in", value=[province.pk]),
            )
            for province in self.provinces
            if province.pk in province_ids and province.slug not in selected["province"]
        ]
        options += [
            (
                neighbour.name,
                {"subregion": neighbour.slug},
                in_relation(Action.subregions, lookup="in", value=[neighbour.pk]),
            )
            for neighbour in subregion_neighbours(slugs=[item.slug for item in chosen])
        ]
        counts = counts_where(
            self.filtered(self.queryset, skip=["subregion", "province"]),
            [condition for _label, _changes, condition in options],
        )
        return [
            {"label": label, "count": count, "query": self._query(**changes)}
            for (label, changes, _condition), count in zip(options, counts, strict=True)
            if count
        ]

    def outside_dates(self, *, limit: int = 3) -> dict:
        """With a date window: the dated actions that end just before it and that start just
        after it, the other filters kept, at most ``limit`` each (``groups``: ``key``,
        ``label``, ``actions``, only those with actions), and the ``query`` without dates.
        Two queries."""
        selected = self.selected()
        first, last = selected["date_from"], selected["date_to"]
        if not (first or last):
            return {}
        # Title, dates and link only: not the cards' images and regions.
        dated = (
            self.filtered(self.queryset, skip=["date_from", "date_to"])
            .filter(start_date__isnull=False)
            .prefetch_related(None)
        )
        groups = []
        if first:
            before = dated.filter(end_date__lt=first).order_by("-end_date", "-pk")
            groups.append(("before", _("Just before your dates:"), list(before[:limit])))
        if last:
            after = dated.filter(start_date__gt=last).order_by("start_date", "pk")
            groups.append(("after", _("Just after your dates:"), list(after[:limit])))
        return {
            "groups": [
                {"key": key, "label": label, "actions": actions}
                for key, label, actions in groups
                if actions
            ],
            "query": self._query(date_from=None, date_to=None),
        }

    def _query(self, **changes) -> str:
        return query_string(self.data, page=None, **changes)
