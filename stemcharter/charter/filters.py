"""Filters for the public directory of signatories (django-filter).

The filter form is a plain GET form, so every filter lives in the URL. A value in the query
string that we do not know (an old link, a typo) never breaks the page: it is dropped and
described in ``notices``, and the other filters still apply.
"""

from collections.abc import Iterable

import django_filters
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.common.filters import LenientFilterSet, exists_in
from stemcharter.organisations.models import Category, Organisation
from stemcharter.organisations.validators import normalise_name
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import Sector

SORT_NEWEST = "newest"
SORT_NAME = "name"
SORT_CHOICES = [
    (SORT_NEWEST, gettext_lazy("Newest first")),
    (SORT_NAME, gettext_lazy("Name (A to Z)")),
]
SEARCH_MAX_LENGTH = 100
UNKNOWN_VALUE_MESSAGES = {
    "category": gettext_lazy("There is no category “%(value)s”, so we left it out."),
    "sector": gettext_lazy("There is no sector “%(value)s”, so we left it out."),
    "subregion": gettext_lazy("There is no region “%(value)s”, so we left it out."),
    "sort": gettext_lazy("We cannot sort by “%(value)s”, so we show the newest first."),
}
INVALID_VALUE_MESSAGES = {
    "q": gettext_lazy("Your search text is longer than %(max)s characters, so we left it out."),
}


class SignatoryFilterSet(LenientFilterSet):
    """Search, filters and sort order of ``/ondertekenaars/``.

    The queryset must come from ``selectors.signatory_list()`` (sorting uses its ``signed_at``).
    The choices of sector and subregion are the lists the page shows, so that validating and
    rendering them costs one query each.
    """

    q = django_filters.CharFilter(
        label=gettext_lazy("Name"), method="filter_name", max_length=SEARCH_MAX_LENGTH
    )
    category = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Category"), choices=Category.choices, method="filter_category"
    )
    sector = django_filters.ChoiceFilter(
        label=gettext_lazy("Sector"), choices=[], method="filter_sector"
    )
    subregion = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Region"), choices=[], method="filter_subregion"
    )
    sort = django_filters.ChoiceFilter(
        label=gettext_lazy("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )

    unknown_value_messages = UNKNOWN_VALUE_MESSAGES
    invalid_value_messages = INVALID_VALUE_MESSAGES
    search_filters = ("q",)  # "🚀" says so, as the catalogue does

    class Meta:
        model = Organisation
        fields: list[str] = []

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet[Organisation] | None = None,
        *,
        sectors: Iterable[Sector],
        subregions: Iterable[Subregion],
        **kwargs,
    ):
        self.sectors = list(sectors)
        self.subregions = list(subregions)
        choices = {
            "sector": [(s.slug, s.name) for s in self.sectors],
            "subregion": [(s.slug, s.name) for s in self.subregions],
        }
        super().__init__(data, queryset, choices=choices, **kwargs)

    # Filtering

    def ordered(self, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if self.valid_data.get("sort") == SORT_NAME:
            return queryset.order_by("normalised_name", "name", "pk")
        return queryset.order_by("-signed_at", "normalised_name", "pk")

    def filter_name(self, queryset, name: str, value: str):
        # The normalised name folds case, accents and punctuation, so "cafe" finds "Café".
        condition = Q(name__icontains=value.strip())
        words = normalise_name(value)
        if words:
            condition |= Q(normalised_name__contains=words)
        return queryset.filter(condition)

    def filter_category(self, queryset, name: str, value: list[str]):
        return queryset.filter(category__in=value)

    def filter_sector(self, queryset, name: str, value: str):
        return queryset.filter(sector__slug=value)

    def filter_subregion(self, queryset, name: str, value: list[str]):
        return queryset.filter(exists_in(Organisation.subregions, value=value))

    def filter_sort(self, queryset, name: str, value: str):
        return queryset  # applied last, in ordered()

    # What the page shows about the current filters

    def selected(self) -> dict:
        data = self.valid_data
        return {
            "q": data.get("q") or "",
            "category": data.get("category") or [],
            "sector": data.get("sector") or "",
            "subregion": data.get("subregion") or [],
            "sort": data.get("sort") or SORT_NEWEST,
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
                    "label": _("Name contains “%(text)s”") % {"text": selected["q"]},
                }
            )
        categories = dict(Category.choices)
        chips += [
            {"key": "category", "value": value, "label": categories[value]}
            for value in selected["category"]
        ]
        sectors = {sector.slug: sector.name for sector in self.sectors}
        if selected["sector"]:
            chips.append({"key": "sector", "value": None, "label": sectors[selected["sector"]]})
        subregions = {subregion.slug: subregion.name for subregion in self.subregions}
        chips += [
            {"key": "subregion", "value": value, "label": subregions[value]}
            for value in selected["subregion"]
        ]
        return chips
