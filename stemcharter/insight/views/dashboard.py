"""Back office (issue 15): ``/beheer/inzicht/``, the coordinators' dashboards, and each chart's
numbers as CSV (``/beheer/inzicht/<chart>.csv``) with the same filters.

Coordinators see everything; a contact point sees only their own subregions: the subregion
filter offers only theirs, and every figure is narrowed to them
(``selectors.dashboard_filters_for``), so another subregion asked by URL is refused with a
message and counts nothing. Logged-in pages: never cached publicly (``private, no-store``).

Bad filter values: the page names them in its error summary and counts without them; a CSV
cannot show a message, so it refuses them (400, the form's own messages as text): a file is
never made with filters other than those asked. The page's CSV links carry only the filters
that validated (what the page counts).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from stemcharter.common.csv_export import csv_refused, csv_response
from stemcharter.common.mixins import BackofficeAccessMixin
from stemcharter.organisations.models import Category

from ..dashboard import FIGURES, dashboard_figures
from ..forms import DashboardFilterForm
from ..selectors import DashboardFilters, dashboard_filters_for, dashboard_subregions

SECTIONS = ("signatories", "actions", "reach", "stories", "reviews", "support", "gaps", "progress")


class DashboardMixin(BackofficeAccessMixin):
    """The filters of the request (``form``) and what they mean for this user (``filters``)."""

    request: HttpRequest

    @cached_property
    def subregions(self) -> list:
        return list(dashboard_subregions(user=self.request.user))

    @cached_property
    def form(self) -> DashboardFilterForm:
        data = self.request.GET if self.request.GET else None
        return DashboardFilterForm(data, subregions=self.subregions)

    @cached_property
    def filters(self) -> DashboardFilters:
        valid = self.form.valid()
        return dashboard_filters_for(user=self.request.user, **valid)


class DashboardView(DashboardMixin, TemplateView):
    """``/beheer/inzicht/``: the filters, then per section its charts, each with its data
    table and a link to its CSV."""

    template_name = "insight/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = dashboard_figures(filters=self.filters, today=timezone.localdate())
        section_titles = {
            "signatories": _("Signatories"),
            "actions": _("Actions"),
            "reach": _("Reach"),
            "stories": _("Stories"),
            "reviews": _("Reviews"),
            "support": _("School requests"),
            "gaps": _("Gaps: little on offer"),
            "progress": _("Progress reports"),
        }
        sections = [
            {
                "key": key,
                "title": section_titles[key],
                "figures": [
                    {"figure": figure, "chart": chart}
                    for figure, chart in figures
                    if figure.section == key
                ],
            }
            for key in SECTIONS
        ]
        query = self.form.query()
        category = dict(Category.choices).get(self.filters.category, "")
        chosen = self.form.valid()["subregion"] if self.form.is_bound else None
        context.update(
            form=self.form,
            sections=sections,
            query=f"?{query}" if query else "",
            is_filtered=bool(self.request.GET),
            filters=self.filters,
            chosen_subregion=chosen,
            chosen_category=category,
            is_coordinator=self.request.user.has_perm("accounts.coordinate"),
        )
        return context


class DashboardCsvView(DashboardMixin, View):
    """``/beheer/inzicht/<chart>.csv``: one chart's table (each row's code: months "YYYY-MM",
    subregions and terms by slug, and its label in the active language) with the page's
    filters; an unknown chart is a 404, a bad filter value a 400 naming it."""

    def get(self, request, chart: str, *args, **kwargs):
        if chart not in FIGURES:
            raise Http404
        if self.form.is_bound and not self.form.is_valid():
            return csv_refused(self.form.error_lines())
        figure = FIGURES[chart](self.filters, timezone.localdate())
        return csv_response(
            filename=f"{chart}-{timezone.localdate().isoformat()}.csv",
            header=figure.csv_header,
            rows=figure.csv_rows(),
        )
