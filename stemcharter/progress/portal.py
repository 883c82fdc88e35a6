"""Progress reports in the signatory portal: the generic item portal of ``reviews`` configured
for them. A report is started on its own page (``views.portal.ProgressReportStartView``: once
per organisation and year, inside the reporting period); the steps write its two texts beside
the platform's records. ``urls.py`` mounts it (``reviews.portal_urls.item_portal_urlpatterns``)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemcharter.common.wizard import Step
from stemcharter.reviews.portal import ItemPortal, PortalTexts

from . import services
from .forms import IntentionsForm, LookingBackForm
from .models import ProgressReport
from .reporting import open_report_year
from .selectors import ReportStage, report_stage


def _create(*, organisation, by, data) -> ProgressReport:
    """The portal's "new" step: start the report (the same rules as the start page) and save
    the step's text in it. A report already started is the one the text goes into when it
    may still be changed."""
    try:
        report = services.progress_report_start(organisation=organisation, by=by)
    except ValidationError as error:
        if getattr(error, "code", None) != "already_started":
            raise
        report = error.params["report"]
    return services.progress_report_update(report=report, by=by, data=data)


def open_year_stage(organisation) -> ReportStage | None:
    """Where the organisation's report on the year it can report on today stands, or None
    outside the reporting period (nothing to start, continue or send then)."""
    year = open_report_year(timezone.localdate())
    if year is None:
        return None
    return report_stage(organisation=organisation, year=year)


def _update(*, item, by, data) -> ProgressReport:
    return services.progress_report_update(report=item, by=by, data=data)


PROGRESS_REPORT_PORTAL = ItemPortal(
    key="progress-report",
    model=ProgressReport,
    segment="voortgang",
    steps=(
        Step(
            "terugblik",
            _("Looking back"),
            LookingBackForm,
            template_name="progress/portal/_step_with_record.html",
        ),
        Step(
            "voornemens",
            _("Next year's intentions"),
            IntentionsForm,
            template_name="progress/portal/_step_with_record.html",
        ),
    ),
    create=_create,
    update=_update,
    add_permission="progress.add_progressreport",
    change_permission="progress.change_progressreport",
    view_permission="progress.view_progressreport",
    visible_to=lambda organisation: ProgressReport.objects.filter(organisation=organisation),
    kind_label=lambda report: str(_("Progress report")),
    # One report a year: the list says where this year's stands instead of "New".
    create_notice=open_year_stage,
    create_notice_template="progress/portal/_report_notice.html",
    texts=PortalTexts(
        items=_("Progress reports"),
        new=_("New progress report"),
        empty=_(
            "Your organisation has no progress reports yet. Once a year, during the reporting "
            "period, you report on what you did."
        ),
        not_signatory=_(
            "Your organisation can report on its progress once a coordinator has approved its "
            "signature of the charter."
        ),
        read_only=_("%(organisation)s wrote this report."),
        withdraw_explained=_(
            "The report no longer shows on your organisation's public page. It stays your "
            "report on its year: change it if needed and send it for review again to put it "
            "back online. Until it is online again, it does not count as sent once the "
            "reporting period is over."
        ),
        withdraw_reason_help=_(
            "For example: a figure in it is wrong. Only your organisation and the reviewers "
            "see this."
        ),
        delete_explained=_(
            "The draft is deleted; you can start the report on its year again. This cannot "
            "be undone."
        ),
    ),
)
