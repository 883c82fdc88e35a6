"""The filters of the back office's list of prospects (django-filter, ``common.filters``): a
plain GET form, the filters in the URL; a value we do not know or that does not validate is
left out with a notice, the other filters still apply."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stemcharter.common.filters import LenientFilterSet, exists_in

from .models import Prospect
from .selectors_pipeline import (
    NOBODY,
    prospect_group_choices,
    prospect_next_step,
    prospect_owner_choices,
    prospect_search,
)

SEARCH_MAX_LENGTH = 100


class ProspectFilterSet(LenientFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q", max_length=SEARCH_MAX_LENGTH
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Prospect.Status.choices, empty_label=_("Every status")
    )
    group = django_filters.ChoiceFilter(
        label=_("Proposed under"), choices=[], empty_label=_("Every group"), method="filter_group"
    )
    owner = django_filters.ChoiceFilter(
        label=_("Owner"), choices=[], empty_label=_("Anyone or nobody"), method="filter_owner"
    )
    next = django_filters.ChoiceFilter(
        label=_("Next step"),
        choices=[("overdue", _("Overdue")), ("week", _("In the next 7 days"))],
        empty_label=_("Any day"),
        method="filter_next",
    )

    unknown_value_messages = {
        "status": _("There is no status “%(value)s”, so we show every status."),
        "group": _("There is no group “%(value)s”, so we show every group."),
        "owner": _("There is no owner “%(value)s”, so we show everyone's."),
        "next": _("There is no choice “%(value)s” for the next step, so we show any day."),
    }
    invalid_value_messages = {
        "q": _("Search for at most %(max)s characters: we left the search out."),
    }
    search_filters = ("q",)

    class Meta:
        model = Prospect
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        choices = {"group": prospect_group_choices(), "owner": prospect_owner_choices()}
        super().__init__(*args, choices=choices, **kwargs)

    @property
    def active(self) -> dict:
        return {name: value for name, value in self.valid_data.items() if value}

    def chips(self) -> list[dict]:
        """The active filters, each removable by its URL parameter."""
        chips = []
        for name, value in self.active.items():
            if name == "q":
                label = f"“{value}”"
            else:
                label = dict(self.filters[name].extra["choices"]).get(value, value)
            chips.append({"param": name, "label": f"{self.filters[name].label}: {label}"})
        return chips

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = " ".join(value.split())
        return queryset.filter(prospect_search(value)) if value else queryset

    def filter_group(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(exists_in(Prospect.groups, lookup="pk__in", value=[int(value)]))

    def filter_owner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        if value == NOBODY:
            return queryset.filter(owner__isnull=True)
        return queryset.filter(owner_id=int(value))

    def filter_next(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return prospect_next_step(queryset, value) if value else queryset
