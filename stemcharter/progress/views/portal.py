"""Portal: ``organisaties/<slug>/voortgang/starten/``, where a signatory's member starts the
organisation's report on the year it can report on (the platform's records of that year are
shown first). Writing it afterwards is the review workflow's item portal (``portal.py``)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from stemcharter.common.mixins import PortalAccessMixin

from ..models import ProgressReport
from ..portal import PROGRESS_REPORT_PORTAL
from ..record import year_record
from ..reporting import ReportingYear, open_report_year, reporting_year
from ..selectors import ReportStage, report_stage
from ..services import progress_report_start


def report_url(report: ProgressReport, view: str = "detail", **kwargs: Any) -> str:
    """The report's page (or a step: ``view="step", step="terugblik"``) in the portal."""
    return reverse(
        PROGRESS_REPORT_PORTAL.url_name(view),
        kwargs={"organisation_slug": report.organisation.slug, "pk": report.pk, **kwargs},
    )


class ProgressReportStartView(PortalAccessMixin, TemplateView):
    """GET: the year to report on, its reporting period and the platform's records of it, with
    a button to start (or a link to the report already started); outside the period, when it
    opens. POST: start it (``services.progress_report_start``) and go to its first step.

    Members of the organisation only (another organisation's address is a 404); a member of an
    organisation that has not signed is told why it cannot report (403)."""

    template_name = "progress/portal/start.html"

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def year(self) -> int | None:
        return open_report_year(self.today)

    @cached_property
    def may_start(self) -> bool:
        return self.request.user.has_perm("progress.add_progressreport", self.organisation)

    @cached_property
    def stage(self) -> ReportStage | None:
        """Where the organisation's report on the open year stands (None outside the period)."""
        if self.year is None:
            return None
        return report_stage(organisation=self.organisation, year=self.year)

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if self.may_start else 403)

    def post(self, request, *args, **kwargs):
        if not self.may_start:
            return self.get(request, *args, **kwargs)
        try:
            report = progress_report_start(organisation=self.organisation, by=request.user)
        except ValidationError as error:
            if error.code == "already_started":
                messages.info(request, error.messages[0])
                return redirect(report_url(error.params["report"]))
            messages.error(request, error.messages[0])
            return redirect(request.path)
        return redirect(
            report_url(report, "step", step=PROGRESS_REPORT_PORTAL.form_steps()[0].slug)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        calendar: ReportingYear | None = reporting_year(self.year) if self.year else None
        stage = self.stage if self.may_start else None
        existing = stage.report if stage else None
        context.update(
            year=self.year,
            calendar=calendar,
            is_late=calendar.is_late(self.today) if calendar else False,
            next_calendar=None if calendar else reporting_year(self.today.year),
            may_start=self.may_start,
            existing=existing,
            stage=stage,
            existing_url=report_url(existing) if existing else "",
            record=year_record(self.organisation, self.year)
            if self.year and self.may_start and existing is None
            else None,
            list_url=reverse(
                PROGRESS_REPORT_PORTAL.url_name("list"),
                kwargs={"organisation_slug": self.organisation.slug},
            ),
        )
        return context
