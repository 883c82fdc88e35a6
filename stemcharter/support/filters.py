"""The filters of the support requests' lists (django-filter, ``common.filters``)."""

# --- wait: the back office's list of requests ---------------------------------------------------

import django_filters
from django.utils.translation import gettext_lazy as _

from stemcharter.common.filters import LenientFilterSet

from .models import SupportRequest
from .selectors import OVERDUE_NONE


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
