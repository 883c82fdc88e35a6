"""Progress reports in the signatory portal: the generic item portal of ``reviews`` configured
for them. A report is started on its own page (``views.portal.ProgressReportStartView``: once
per organisation and year, inside the reporting period); the steps write its two texts beside
the platform's records. ``urls.py`` mounts it (``reviews.portal_urls.item_portal_urlpatterns``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
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
    the step's text in it. The "new" route leads to the start page or to the report already
    started (``_create_elsewhere``), so this runs only when two members start at the same
    moment: the second is refused (``already_started``) and never writes into the report."""
    report = services.progress_report_start(organisation=organisation, by=by)
    return services.progress_report_update(report=report, by=by, data=data)


def _create_elsewhere(organisation) -> tuple[str, str]:
    """Where the portal's "new" route leads (``ItemPortal.create_elsewhere``): a report is
    started on its own page, which shows the year's records first and says when the period
    opens; once the report on the open year exists, to that report (whatever its state: it is
    not touched), saying so."""
    stage = open_year_stage(organisation)
    if stage is None or stage.report is None:
        return reverse("portal:progress-report-start", args=[organisation.slug]), ""
    report = stage.report
    return (
        reverse("portal:progress-report-detail", args=[organisation.slug, report.pk]),
        gettext(
            "Your organisation already has its report on %(year)s, so there is no new one to "
            "start: here it is."
        )
        % {"year": report.year},
    )


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
    create_elsewhere=_create_elsewhere,
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
