"""Back office: ``/beheer/voortgang/``, each signatory's yearly progress report status
(coordinators every signatory, contact points those of their subregions), and the
coordinator's decision to show a signatory in public as not reported."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stemcharter.common.csv_export import csv_refused, csv_response
from stemcharter.common.filters import lenient_page
from stemcharter.common.mixins import BackofficeAccessMixin
from stemcharter.organisations.models import Organisation

from ..forms import NotReportedForm
from ..reporting import last_closed_year, reporting_year
from ..selectors import (
    REPORT_STATUSES,
    report_overview,
    report_overview_export_header,
    report_overview_export_rows,
    signed_on,
)
from ..services import (
    hide_not_reported,
    hide_not_reported_check,
    not_reported_check,
    show_as_not_reported,
)

PER_PAGE = 50
FIRST_YEAR = 2024  # the charter's platform did not exist before


class ProgressReportOverviewView(BackofficeAccessMixin, TemplateView):
    """``?jaar=`` the year reported on (default: the latest whose period opened), ``?status=``
    one of ``REPORT_STATUSES`` (default all); an unknown value is ignored with a notice. The
    page and its CSV download (``ProgressReportExportView``) read the same filters and rows
    (``report_overview``: a contact point only the signatories of their subregions)."""

    template_name = "progress/backoffice/overview.html"

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def notices(self) -> list[str]:
        """What the page says of a value it left out or corrected (it shows something else)."""
        return []

    @cached_property
    def refusals(self) -> list[str]:
        """The same values in the words of a refusal: what the CSV download says, which shows
        nothing else (``ProgressReportExportView``)."""
        return []

    @cached_property
    def years(self) -> list[int]:
        return list(range(last_closed_year(self.today), FIRST_YEAR - 1, -1))

    @cached_property
    def year(self) -> int:
        raw = self.request.GET.get("jaar", "")
        if raw.isdigit() and int(raw) in self.years:
            return int(raw)
        if raw:
            self.notices.append(
                _("There are no reports on “%(value)s”, so we show %(year)s.")
                % {"value": raw[:20], "year": self.years[0]}
            )
            self.refusals.append(
                _("There are no reports on “%(value)s”: choose a year from %(first)s to %(last)s.")
                % {"value": raw[:20], "first": self.years[-1], "last": self.years[0]}
            )
        return self.years[0]

    @cached_property
    def status(self) -> str:
        raw = self.request.GET.get("status", "")
        if raw and raw not in REPORT_STATUSES:
            self.notices.append(
                _("There is no status “%(value)s”, so we show every signatory.")
                % {"value": raw[:30]}
            )
            # Each status by its label, as the page's filter names it, with what the link
            # takes (``status=draft``): the codes alone are no words of the reader's language.
            statuses = ", ".join(
                f"“{label}” (status={code})" for code, label in REPORT_STATUSES.items()
            )
            self.refusals.append(
                _(
                    "There is no status “%(value)s”: choose one of %(statuses)s, or leave the "
                    "status out for every signatory."
                )
                % {"value": raw[:30], "statuses": statuses}
            )
            return ""
        return raw

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, status = self.year, self.status
        rows = report_overview(user=self.request.user, year=year, status=status, today=self.today)
        page = lenient_page(
            rows, per_page=PER_PAGE, number=self.request.GET.get("page"), notices=self.notices
        )
        for row in page.object_list:
            row.report_status_label = REPORT_STATUSES[row.report_status]
        calendar = reporting_year(year)
        context.update(
            year=year,
            years=self.years,
            status=status,
            statuses=list(REPORT_STATUSES.items()),
            calendar=calendar,
            page_obj=page,
            paginator=page.paginator,
            rows=page.object_list,
            notices=self.notices,
            may_show_not_reported=self.request.user.has_perm("progress.show_not_reported"),
            here=f"{self.request.path}?{urlencode({'jaar': year, 'status': status})}",
            export_url=(
                f"{reverse('backoffice:progress-report-export')}?"
                f"{urlencode({'jaar': year, 'status': status})}"
            ),
        )
        return context


class ProgressReportExportView(ProgressReportOverviewView):
    """``/beheer/voortgang/export.csv``: the overview's rows with its filters (every page) as
    a spreadsheet (``common.csv_export``). A filter value the page would ignore is refused
    here (400, ``csv_refused``: what went wrong, as every CSV download with filters): a
    download must hold what was asked for."""

    def get(self, request, *args, **kwargs):
        year, status = self.year, self.status
        if self.refusals:
            return csv_refused(self.refusals)
        rows = report_overview(user=request.user, year=year, status=status, today=self.today)
        # In the request's language, as the other downloads' names: the status's label.
        status_part = slugify(str(REPORT_STATUSES[status])) if status else ""
        parts = (_("progress-reports"), str(year), status_part)
        filename = "-".join(part for part in parts if part)
        return csv_response(
            filename=f"{filename}.csv",
            header=report_overview_export_header(),
            rows=report_overview_export_rows(rows),
        )


class NotReportedView(BackofficeAccessMixin, TemplateView):
    """Coordinators: show (or stop showing) on a signatory's public page that it did not report
    on a year. GET (``?organisation=&year=&show=1|0``, the overview's links): the confirmation
    page, saying what the public will see; POST from it with ``confirmed``: decide, and back to
    the overview with what happened. A POST without ``confirmed`` decides nothing: it is sent
    to the confirmation page. Bad input (also an id that is no signatory): back to the
    overview with a message; a decision the rules refuse (``services.not_reported_check``) is
    refused on the confirmation page's GET as on its POST."""

    permission_required = "progress.show_not_reported"
    http_method_names = ["get", "post"]
    template_name = "progress/backoffice/not_reported_confirm.html"

    def _decision(self, data) -> tuple[NotReportedForm, Organisation, int] | None:
        """The valid form, its signatory and year; None, with a message, for input the
        overview never sends: not numbers, an id that is no signatory (9999 as -1), a year
        to come. GET and POST read it the same way."""
        form = NotReportedForm(data)
        organisation = None
        if form.is_valid():
            organisation = (
                Organisation.objects.signatories()
                .filter(pk=form.cleaned_data["organisation"])
                .first()
            )
        if organisation is None or form.cleaned_data["year"] > timezone.localdate().year:
            messages.error(self.request, _("Choose a signatory and a year from the list."))
            return None
        return form, organisation, form.cleaned_data["year"]

    def get(self, request, *args, **kwargs):
        decision = self._decision(request.GET)
        if decision is None:
            return redirect("backoffice:progress-report-overview")
        form, organisation, year = decision
        # The same question as the decision (POST): no confirmation of what it refuses.
        try:
            if form.cleaned_data["show"]:
                not_reported_check(organisation=organisation, year=year, today=self.today)
            else:
                hide_not_reported_check(organisation=organisation, year=year)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(_overview_url(year))
        return self.render_to_response(
            self.get_context_data(
                organisation=organisation,
                year=year,
                show=form.cleaned_data["show"],
                signed_on=signed_on(organisation),
                overview_url=_overview_url(year),
            )
        )

    @cached_property
    def today(self):
        return timezone.localdate()

    def post(self, request, *args, **kwargs):
        decision = self._decision(request.POST)
        if decision is None:
            return redirect("backoffice:progress-report-overview")
        form, organisation, year = decision
        show = form.cleaned_data["show"]
        if not form.cleaned_data["confirmed"]:
            query = urlencode({"organisation": organisation.pk, "year": year, "show": int(show)})
            return redirect(f"{request.path}?{query}")
        try:
            if show:
                show_as_not_reported(
                    organisation=organisation, year=year, by=request.user, today=self.today
                )
                messages.success(
                    request,
                    _("The public page of %(organisation)s now says it did not report on %(year)s.")
                    % {"organisation": organisation.name, "year": year},
                )
            else:
                hide_not_reported(organisation=organisation, year=year, by=request.user)
                messages.success(
                    request,
                    _("The public page of %(organisation)s no longer says it did not report.")
                    % {"organisation": organisation.name},
                )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(_overview_url(year))


def _overview_url(year: int) -> str:
    """The overview of ``year``'s not-reported signatories, where a decision comes from. A
    year the overview has no reports on (before ``FIRST_YEAR``, or not closed yet) is left
    out: the overview's default year, never a notice that contradicts the refusal shown."""
    url = reverse("backoffice:progress-report-overview")
    if not FIRST_YEAR <= year <= last_closed_year(timezone.localdate()):
        return f"{url}?{urlencode({'status': 'not_reported'})}"
    return f"{url}?{urlencode({'jaar': year, 'status': 'not_reported'})}"
