"""The filters of the audit trail (django-filter): search, what happened, and a date window.

A plain GET form: the filters live in the URL. A value that does not validate is named in the
error summary (a back-office page, so it says so rather than a quiet notice) and left out; the
other filters still apply (``common.filters.LenientFilterSet``).
"""

from datetime import date

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.filters import LenientFilterSet
from stemcharter.common.forms import CleanTextFormMixin

from .labels import prefix_choices
from .models import AuditEntry
from .selectors import audit_entries_between, audit_entries_matching

DATE_ERRORS = {"invalid": _("Enter a date like 2025-03-31.")}


class AuditFilterForm(CleanTextFormMixin, forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        first, last = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", _("Choose a last day on or after the first day."))
        return cleaned_data


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterSet(LenientFilterSet):
    q = django_filters.CharFilter(
        label=_("Search in object, person or event"),
        max_length=200,
        method="filter_search",
        widget=forms.SearchInput,
    )
    code = django_filters.ChoiceFilter(
        label=_("What happened"), choices=[], empty_label=_("Everything"), method="filter_code"
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        method="filter_date_from",
        widget=_date_widget(),
        error_messages=DATE_ERRORS,
    )
    date_to = django_filters.DateFilter(
        label=_("Until"), method="filter_date_to", widget=_date_widget(), error_messages=DATE_ERRORS
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(self, *args, **kwargs):
        # The codes in use and each of their dotted prefixes, in words.
        codes = AuditEntry.objects.order_by().values_list("code", flat=True).distinct()
        super().__init__(*args, choices={"code": prefix_choices(codes)}, **kwargs)

    @property
    def active(self) -> dict:
        """The filters that apply (valid and not empty), by name."""
        return {name: value for name, value in self.valid_data.items() if value}

    def filter_search(self, queryset, name: str, value: str):
        return audit_entries_matching(queryset, query=value.strip())

    def filter_code(self, queryset, name: str, value: str):
        return queryset.filter(code__startswith=value)

    def filter_date_from(self, queryset, name: str, value: date):
        return audit_entries_between(queryset, first=value)

    def filter_date_to(self, queryset, name: str, value: date):
        return audit_entries_between(queryset, last=value)
