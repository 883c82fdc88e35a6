"""Search and filters of the public list of stories ``/verhalen/`` (django-filter).

A plain GET form; unknown or invalid values are left out with a notice
(``common.filters.LenientFilterSet``).
"""

from collections.abc import Iterable

import django_filters
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.common.filters import UNKNOWN, DroppedValue, LenientFilterSet, exists_in
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.selectors import organisations_filtered
from stemcharter.regions.models import Subregion

from .models import Story
from .selectors import story_organisation_match, story_search

SEARCH_MAX_LENGTH = 200
ORGANISATION_MAX_LENGTH = 200
UNKNOWN_ORGANISATION = gettext_lazy(
    "There is no organisation “%(value)s” with stories, so we left it out."
)


class StoryFilterSet(LenientFilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("Search"), method="filter_search", max_length=SEARCH_MAX_LENGTH
    )
    kind = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Kind of story"), choices=Story.Kind.choices, method="filter_kind"
    )
    subregion = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Region"), choices=[], method="filter_subregion"
    )
    # A text field, not a list of every organisation (thousands of options): a slug (the links
    # of a signatory page, older bookmarks) names one organisation, other text is matched
    # against the names like the directory's search.
    organisation = django_filters.CharFilter(
        label=gettext_lazy("Organisation"),
        method="filter_organisation",
        max_length=ORGANISATION_MAX_LENGTH,
    )

    unknown_value_messages = {
        "kind": gettext_lazy("There is no kind of story “%(value)s”, so we left it out."),
        "subregion": gettext_lazy("There is no region “%(value)s”, so we left it out."),
    }
    search_filters = ("q",)
    invalid_value_messages = {
        "q": gettext_lazy("Your search text is longer than %(max)s characters, so we left it out."),
        "organisation": gettext_lazy(
            "The organisation you typed is longer than %(max)s characters, so we left it out."
        ),
    }

    class Meta:
        model = Story
        fields: list[str] = []

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet[Story] | None = None,
        *,
        subregions: Iterable[Subregion],
        **kwargs,
    ):
        self.subregions = list(subregions)
        # The organisation the filter names by its slug, if it does (see valid_data).
        self.named_organisation = None
        choices = {"subregion": [(item.slug, item.name) for item in self.subregions]}
        super().__init__(data, queryset, choices=choices, **kwargs)

    @property
    def valid_data(self) -> dict:
        if not hasattr(self, "_valid_data"):
            data = super().valid_data
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
        and which one if it is its slug (``selectors.story_organisation_match``: those in
        published stories)."""
        return story_organisation_match(text)

    def ordered(self, queryset: QuerySet[Story]) -> QuerySet[Story]:
        return queryset.order_by("-first_published_at", "-pk")

    def filter_search(self, queryset, name: str, value: str):
        return story_search(queryset, text=value)

    def filter_kind(self, queryset, name: str, value: list[str]):
        return queryset.filter(kind__in=value)

    def filter_subregion(self, queryset, name: str, value: list[str]):
        return queryset.filter(exists_in(Story.subregions, value=value))

    def filter_organisation(self, queryset, name: str, value: str):
        if not value:
            return queryset
        organisations = organisations_filtered(text=value, named=self.named_organisation)
        linked = exists_in(Story.organisations, lookup="in", value=organisations)
        return queryset.filter(Q(organisation__in=organisations) | linked)

    # What the page shows about the current filters

    def selected(self) -> dict:
        data = self.valid_data
        return {
            "q": data.get("q") or "",
            "kind": data.get("kind") or [],
            "subregion": data.get("subregion") or [],
            "organisation": data.get("organisation") or "",
        }

    def chips(self) -> list[dict]:
        """The active filters, each with the query-string key and value that removes it."""
        selected = self.selected()
        chips = []
        if selected["q"]:
            label = _("Search: “%(text)s”") % {"text": selected["q"]}
            chips.append({"key": "q", "value": None, "label": label})
        kinds = dict(Story.Kind.choices)
        chips += [{"key": "kind", "value": v, "label": kinds[v]} for v in selected["kind"]]
        names = {item.slug: item.name for item in self.subregions}
        chips += [
            {"key": "subregion", "value": v, "label": names[v]} for v in selected["subregion"]
        ]
        if selected["organisation"]:
            if self.named_organisation is not None:
                label = self.named_organisation.name
            else:
                label = _("Organisation: “%(text)s”") % {"text": selected["organisation"]}
            chips.append({"key": "organisation", "value": None, "label": label})
        return chips
