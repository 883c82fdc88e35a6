"""The filters of the support requests' lists (django-filter, ``common.filters``): plain GET
forms, the filters in the URL; a value we do not know or that does not validate is left out
with a notice, the other filters still apply."""

from datetime import date

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stemcharter.common.filters import LenientFilterSet, exists_in
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType, Discipline

from .models import SupportRequest
from .selectors import OVERDUE_NONE

# --- wait: the back office's list of requests ---------------------------------------------------


class SupportRequestBackofficeFilterSet(LenientFilterSet):
    """Status, subregion (among those the user oversees: ``choices``) and overdue only; an
    unknown value is left out with a notice."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=SupportRequest.Status.choices,
        empty_label=_("Every status"),
    )
    subregion = django_filters.ChoiceFilter(
        label=_("Subregion"),
        choices=[],
        empty_label=_("All subregions"),
        field_name="subregion__slug",
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("1", _("Only those waiting too long without an offer"))],
        empty_label=_("Every request"),
        method="filter_overdue",
    )

    unknown_value_messages = {
        "status": _("There is no status “%(value)s”, so we show every status."),
        "subregion": _("You do not oversee a subregion “%(value)s”, so we show all of yours."),
        "overdue": _("There is no choice “%(value)s” for overdue, so we show every request."),
    }

    class Meta:
        model = SupportRequest
        fields: list[str] = []

    def __init__(self, *args, subregions, **kwargs):
        choices = [(subregion.slug, subregion.name) for subregion in subregions]
        super().__init__(*args, choices={"subregion": choices}, **kwargs)

    def filter_overdue(self, queryset, name: str, value: str):
        return queryset.filter(overdue__gt=OVERDUE_NONE) if value else queryset

    @property
    def active(self) -> dict:
        return {name: value for name, value in self.valid_data.items() if value}


# --- end wait -----------------------------------------------------------------------------------

# --- match ---------------------------------------------------------------------------------------


ALL = "all"


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SupportRequestFilterSet(LenientFilterSet):
    scope = django_filters.ChoiceFilter(
        label=_("Which requests"),
        choices=[(ALL, _("Show all open requests"))],
        empty_label=_("The requests you can help with"),
        method="filter_nothing",
    )
    kind = django_filters.ChoiceFilter(
        label=_("What kind of help"), choices=[], empty_label=_("Any kind"), method="filter_kind"
    )
    discipline = django_filters.ChoiceFilter(
        label=_("STEM discipline"),
        choices=[],
        empty_label=_("Any discipline"),
        method="filter_discipline",
    )
    subregion = django_filters.ChoiceFilter(
        label=_("Subregion"), choices=[], empty_label=_("Any subregion"), method="filter_subregion"
    )
    date_from = django_filters.DateFilter(
        label=_("Needed from"), method="filter_date_from", widget=_date_widget()
    )
    date_to = django_filters.DateFilter(
        label=_("Needed until"), method="filter_date_to", widget=_date_widget()
    )

    unknown_value_messages = {
        "scope": _("We did not understand “%(value)s”, so we show the requests you can help with."),
        "kind": _("There is no kind of help “%(value)s”, so we left it out."),
        "discipline": _("There is no STEM discipline “%(value)s”, so we left it out."),
        "subregion": _("There is no subregion “%(value)s”, so we left it out."),
    }
    invalid_value_messages = {
        "date_from": _("“%(value)s” is not a date like 2025-03-31, so we left out the first day."),
        "date_to": _("“%(value)s” is not a date like 2025-03-31, so we left out the last day."),
    }

    class Meta:
        model = SupportRequest
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        choices = {
            "kind": [
                (kind.slug, kind.name)
                for kind in ActionType.objects.filter(requestable=True, is_active=True)
            ],
            "discipline": [(d.slug, d.name) for d in Discipline.objects.all()],
            "subregion": [(s.slug, s.name) for s in Subregion.objects.all()],
        }
        super().__init__(data, queryset, choices=choices, **kwargs)

    @property
    def shows_all(self) -> bool:
        return self.valid_data.get("scope") == ALL

    @property
    def active(self) -> dict:
        """The filters that apply (valid and not empty), by name."""
        return {name: value for name, value in self.valid_data.items() if value}

    def labels(self) -> dict:
        """The label of each chosen value, by filter name (for the chips)."""
        chosen = {}
        for name in ("kind", "discipline", "subregion"):
            value = self.valid_data.get(name)
            if value:
                chosen[name] = dict(self.filters[name].extra["choices"]).get(value, value)
        return chosen

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # the view chooses the rows to filter (``shows_all``)

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(kind__slug=value) if value else queryset

    def filter_discipline(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(exists_in(SupportRequest.disciplines, value=[value]))

    def filter_subregion(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(subregion__slug=value) if value else queryset

    def filter_date_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        # Help needed on or after that day: a window that ends then or later.
        return queryset.filter(date_until__gte=value) if value else queryset

    def filter_date_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(date_from__lte=value) if value else queryset
