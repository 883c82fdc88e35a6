"""The filters of ``/evenementen/`` (django-filter): region, audience and month. A plain GET
form, so every filter lives in the URL; unknown or invalid values are left out with a notice
(``common.filters.LenientFilterSet``)."""

import datetime
import functools
from collections.abc import Iterable

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy

from stemcharter.common.filters import LenientFilterSet
from stemcharter.regions.models import Subregion

from .models import Event

# How many months the month filter offers: ahead on the upcoming tab, back on the past one.
MONTHS_SHOWN = 12


def _month_start(year: int, month: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, 1))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_choices(*, today: datetime.date, past: bool) -> list[tuple[str, str]]:
    """ "2027-03" → "March 2027": the coming months, or on the past tab the months before."""
    return list(_month_choices(today, past, get_language()))


@functools.lru_cache(maxsize=16)
def _month_choices(today: datetime.date, past: bool, language: str) -> tuple[tuple[str, str], ...]:
    # Named once per day, tab and language in a process, not on every request.
    first = today.replace(day=1)
    steps = range(0, -MONTHS_SHOWN, -1) if past else range(MONTHS_SHOWN)
    months = [_add_months(first, step) for step in steps]
    return tuple((f"{m:%Y-%m}", date_format(m, "YEAR_MONTH_FORMAT")) for m in months)


class EventFilterSet(LenientFilterSet):
    subregion = django_filters.ChoiceFilter(
        label=gettext_lazy("Region"), choices=[], method="filter_subregion"
    )
    audience = django_filters.ChoiceFilter(
        label=gettext_lazy("For whom"), choices=Event.Audience.choices, method="filter_audience"
    )
    month = django_filters.ChoiceFilter(
        label=gettext_lazy("Month"), choices=[], method="filter_month"
    )

    unknown_value_messages = {
        "subregion": gettext_lazy("There is no region “%(value)s”, so we left it out."),
        "audience": gettext_lazy("We did not understand “%(value)s” for whom, so we left it out."),
        "month": gettext_lazy("We cannot show the month “%(value)s”, so we left it out."),
    }

    class Meta:
        model = Event
        fields: list[str] = []

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet[Event] | None = None,
        *,
        subregions: Iterable[Subregion],
        today: datetime.date,
        past: bool = False,
        **kwargs,
    ):
        self.subregions = list(subregions)
        self.today = today
        # The tab picks the queryset: part of the key of the kept results (common.filters).
        self.results_variant = "past" if past else "upcoming"
        self.months = month_choices(today=today, past=past)
        choices = {
            "subregion": [(item.slug, item.name) for item in self.subregions],
            "month": self.months,
        }
        super().__init__(data, queryset, choices=choices, **kwargs)

    def filter_subregion(self, queryset, name, value):
        return queryset.filter(subregions__slug=value) if value else queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audience=value) if value else queryset

    def filter_month(self, queryset, name, value):
        if not value:
            return queryset
        year, month = (int(part) for part in value.split("-"))
        start = _month_start(year, month)
        following = _add_months(datetime.date(year, month, 1), 1)
        end = _month_start(following.year, following.month)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)

    def selected(self) -> dict:
        return {
            name: self.valid_data.get(name) or "" for name in ("subregion", "audience", "month")
        }
