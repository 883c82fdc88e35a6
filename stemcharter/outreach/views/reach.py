"""Back office (issue 14): ``/beheer/bereik/``, the reach of the signatories' share links and
invitations per signatory and per channel (visits, sign-ups), and its CSV download."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from stemcharter.common.csv_export import csv_refused, csv_response, unknown_sort_refusal
from stemcharter.common.filters import lenient_page
from stemcharter.common.mixins import BackofficeAccessMixin

from ..selectors_reach import (
    REACH_SORTS,
    ReachReport,
    reach_export_header,
    reach_export_rows,
    reach_report,
)

PER_PAGE = 50


class ReachMixin(BackofficeAccessMixin):
    """Coordinators (every signatory) and contact points (the signatories of their
    subregions); ``?sort=`` signups (default), visits or name, anything else ignored with a
    notice (the CSV download refuses it: ``refusals``)."""

    @cached_property
    def notices(self) -> list[str]:
        return []

    def refusals(self) -> list[str]:
        """What the page ignores with a notice (an unknown order), in the words of the
        download's refusal (``common.csv_export.csv_refused``), which shows nothing else."""
        value = self.request.GET.get("sort", "")
        return [unknown_sort_refusal(value)] if value and value not in REACH_SORTS else []

    @cached_property
    def sort(self) -> str:
        value = self.request.GET.get("sort", "")
        if value and value not in REACH_SORTS:
            self.notices.append(
                _("We cannot sort by “%(value)s”, so the list is sorted by sign-ups.")
                % {"value": value[:30]}
            )
        return value if value in REACH_SORTS else REACH_SORTS[0]

    @cached_property
    def report(self) -> ReachReport:
        return reach_report(user=self.request.user, sort=self.sort)


class ReachView(ReachMixin, TemplateView):
    """``/beheer/bereik/``: the totals per channel, then each signatory's counts per channel
    (most sign-ups first), 50 signatories a page."""

    template_name = "outreach/reach/reach.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        page = lenient_page(
            report.signatories,
            per_page=PER_PAGE,
            number=self.request.GET.get("page"),
            notices=self.notices,
        )
        context.update(
            report=report,
            page_obj=page,
            paginator=page.paginator,
            signatories=page.object_list,
            sort=self.sort,
            sorts=[
                ("signups", _("Most sign-ups first")),
                ("visits", _("Most visits first")),
                ("name", _("Name")),
            ],
            notices=self.notices,
        )
        return context


class ReachExportView(ReachMixin, View):
    """``/beheer/bereik/export.csv``: the page's numbers (every signatory, not one page) as a
    spreadsheet (``common.csv_export``). An order the page would replace is refused (400,
    ``csv_refused``), as every CSV download with filters."""

    def get(self, request, *args, **kwargs):
        refusals = self.refusals()
        if refusals:
            return csv_refused(refusals)
        return csv_response(
            filename=f"{_('reach')}-{timezone.localdate().isoformat()}.csv",
            header=reach_export_header(),
            rows=reach_export_rows(self.report),
        )
