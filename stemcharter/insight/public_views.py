"""The public numbers (issue 15, point 4): ``/in-cijfers/`` (the movement's headline figures
and a few charts) and ``/in-cijfers/<year>/`` (what happened in one year, a page to share).

Read pages for anyone, like ``/sneeuwbal/``: no cookie for an anonymous visitor, the same
answer for every visitor (kept by the page cache, stale at once when public content changes:
signatures, actions, events, stories and school requests are registered public content), the
last count of ``figures.public_figures`` (seven queries whatever the size of the data), kept for
every process and counted again by the task worker after a change (``figures.
kept_public_figures``). The charts are SVG drawn on the server
(``common.charts``), each with its data table.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stemcharter.common.charts import bar_chart
from stemcharter.common.fragments import until_content_changes
from stemcharter.common.models import translated
from stemcharter.common.templatetags.sharing import absolute_url

from .figures import Figures, KeptFigures, kept_public_figures, year_highlights


def _activity_series(rows: list[dict[str, int]]) -> list[tuple[str, list[int]]]:
    return [
        (_("New organisations signed"), [row["signatories"] for row in rows]),
        (_("Actions published"), [row["actions"] for row in rows]),
        (_("Events held"), [row["events"] for row in rows]),
        (_("Stories published"), [row["stories"] for row in rows]),
    ]


def _types_chart(rows: list[tuple[str, str, int]], *, name: str, title: str):
    if not rows:
        return None
    return bar_chart(
        name=name,
        title=title,
        description=_(
            "How many published actions each type of action counts. The table below gives "
            "the same numbers."
        ),
        x_labels=[translated(name_nl, name_en) for name_nl, name_en, _count in rows],
        series=[(_("Actions"), [count for _nl, _en, count in rows])],
        label_header=_("Type of action"),
        horizontal=True,
        truncate_label=40,
    )


def numbers_page_data(*, figures: Figures, today: datetime.date) -> dict:
    """What ``/in-cijfers/`` shows of ``figures``: ``totals`` (every figure over all years),
    ``years`` (the years with a page), and the charts ``per_year``, ``places`` and ``types``
    (None without data)."""
    years = figures.years(today=today)
    per_year = [figures.totals(year) for year in years]
    by_year = places = None
    if years:
        by_year = bar_chart(
            name="per-year-chart",
            title=_("The movement per year"),
            description=_(
                "For each year: the new organisations that signed (private persons who signed are "
                "not counted), the actions and stories published and the events held. The table "
                "below gives the same numbers."
            ),
            x_labels=years,
            series=_activity_series(per_year),
            label_header=_("Year"),
        )
        places = bar_chart(
            name="places-chart",
            title=_("Places offered and taken per year"),
            description=_(
                "For each year: the places that published actions and events offered, and the "
                "places taken by registrations on this site. The table below gives the same "
                "numbers."
            ),
            x_labels=years,
            series=[
                (_("Places offered"), [row["places_offered"] for row in per_year]),
                (_("Places taken"), [row["places_taken"] for row in per_year]),
            ],
            label_header=_("Year"),
        )
    return {
        "totals": figures.totals(),
        "years": years,
        "per_year": by_year,
        "places": places,
        "types": _types_chart(
            figures.per_action_type(), name="types-chart", title=_("Actions per type")
        ),
    }


def numbers_year_data(*, figures: Figures, year: int, today: datetime.date) -> dict | None:
    """What ``/in-cijfers/<year>/`` shows: ``totals`` of the year, the charts ``months`` and
    ``types``, the year's ``stories`` and ``events`` (``figures.year_highlights``), the
    ``previous`` and ``next`` years with a page (or None). None for a year
    without a page (nothing happened, or it is still to come)."""
    years = figures.years(today=today)
    if year not in years:
        return None
    index = years.index(year)
    last_month = today.month if year == today.year else 12
    months = figures.month_rows(year)[:last_month]
    labels = [date_format(datetime.date(year, number, 1), "F") for number in range(1, 13)]
    by_month = bar_chart(
        name="months-chart",
        title=_("Month by month in %(year)s") % {"year": year},
        description=_(
            "For each month: the new organisations that signed (private persons who signed are "
            "not counted), the actions and stories published and the events held. The table "
            "below gives the same numbers."
        ),
        x_labels=labels[:last_month],
        series=_activity_series(months),
        label_header=_("Month"),
        x_label_rotation=-45,
    )
    return {
        "year": year,
        "totals": figures.totals(year),
        "months": by_month,
        "types": _types_chart(
            figures.per_action_type(year),
            name="types-chart",
            title=_("Actions per type in %(year)s") % {"year": year},
        ),
        **year_highlights(year=year),
        "previous": years[index - 1] if index else None,
        "next": years[index + 1] if index + 1 < len(years) else None,
        "years": years,
        "is_current": year == today.year,
    }


class KeptFiguresMixin:
    """The figures a numbers page shows (``figures.kept_public_figures``): the last computed
    ones. A page built from figures that are no longer fresh (counted before the latest change
    to public content, the worker asked to count them again) is not kept by the page cache or a
    browser (``Cache-Control: no-cache``), so the next visitor gets the newer count as soon as
    the worker has made it."""

    @cached_property
    def kept(self) -> KeptFigures:
        return kept_public_figures()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.kept.fresh:
            patch_cache_control(response, no_cache=True)
        return response


class NumbersView(KeptFiguresMixin, TemplateView):
    """``/in-cijfers/``: the headline figures of the movement, the charts per year and per
    type of action, each with its table, and the links to the yearly overviews."""

    template_name = "insight/numbers.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        kept = self.kept
        context.update(
            until_content_changes(
                "numbers-page",
                lambda: numbers_page_data(figures=kept.figures, today=today),
                today,
                kept.version,
            )
        )
        return context


class NumbersYearView(KeptFiguresMixin, TemplateView):
    """``/in-cijfers/<year>/``: what happened in one year, to share (Open Graph title and
    description with the year's figures). 404 for a year without anything or still to come."""

    template_name = "insight/numbers_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = kwargs["year"]
        if self.request.path != reverse("insight:numbers-year", kwargs={"year": year}):
            # "/in-cijfers/02026/": one address per year (the links and the sitemap's).
            raise Http404(_("There are no figures for this year."))
        kept = self.kept
        data = until_content_changes(
            "numbers-year",
            lambda: numbers_year_data(figures=kept.figures, year=year, today=today),
            today,
            year,
            kept.version,
        )
        if data is None:
            raise Http404(_("There are no figures for this year."))
        context.update(data)
        context["share_url"] = absolute_url(self.request.path)
        context["share_title"] = _("The STEM-charter in %(year)s") % {"year": year}
        return context
