"""Read queries of the yearly progress report: a signatory's status for a year, the back
office's overview, and what the signatory's public page shows."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Exists, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stemcharter.charter.models import Signature
from stemcharter.charter.selectors import signatory_commitments
from stemcharter.organisations.models import Organisation
from stemcharter.outreach.selectors_reach import organisations_overseen_by
from stemcharter.reviews.models import ReviewStatus

from .models import ProgressReport, YearlyReporting
from .reporting import reporting_year

# A signatory's report on a year, as the back office names it (``report_status``): the stages
# the portal's notice uses (``REPORT_STAGES``), "none" before it is started, and
# "not_reported" once the grace period is over. A stage of a report is named with the review
# workflow's own status label (``ReviewStatus``), the words every reviewable uses on the
# platform ("waiting" is sent, waiting for or under review: "Submitted").
REPORT_STATUSES = {
    "none": _("Not started"),
    "draft": ReviewStatus.DRAFT.label,
    "waiting": ReviewStatus.SUBMITTED.label,
    "changes_requested": ReviewStatus.CHANGES_REQUESTED.label,
    "rejected": ReviewStatus.REJECTED.label,
    "taken_offline": ReviewStatus.WITHDRAWN.label,
    "published": ReviewStatus.PUBLISHED.label,
    "not_reported": _("Not reported"),
}

# The statuses in which a report counts as reported: published, waiting for or under review,
# or with changes asked (still in progress with its reviewer). A rejected report, one taken
# offline and not sent again, a draft or none do not: once the grace period is over their
# signatory counts as not reported (the overview, the public "did not report" line, the
# reminders).
COUNTS_AS_REPORTED = (
    ReviewStatus.PUBLISHED,
    ReviewStatus.SUBMITTED,
    ReviewStatus.UNDER_REVIEW,
    ReviewStatus.CHANGES_REQUESTED,
)


def reported() -> QuerySet:
    """The live reports that count as reported (``COUNTS_AS_REPORTED``)."""
    return ProgressReport.objects.live().filter(status__in=COUNTS_AS_REPORTED)


def signed_by_end_of(year: int) -> Exists:
    """On an outer organisation row: its approved signature was approved by the end of
    ``year`` (Brussels time). Only such a signatory reports on ``year``: one that signed later
    had nothing to report on it, so it is neither asked, reminded nor ever "not reported"."""
    end = datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_default_timezone())
    return Exists(
        Signature.objects.approved().filter(organisation=OuterRef("pk"), decided_at__lt=end)
    )


def signed_on(organisation: Organisation) -> datetime.date | None:
    """The day (Brussels) the organisation's signature was first approved, or None. One
    query."""
    moment = (
        Signature.objects.approved()
        .filter(organisation=organisation)
        .order_by("decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return timezone.localtime(moment).date() if moment else None


def _status_expression(*, year: int, today: date) -> Case:
    """A signatory's report status for ``year`` on the outer organisation row: the stage of
    its live report (``REPORT_STAGES``: published, waiting, changes_requested, rejected,
    taken_offline, draft) or none. Once the grace period is over, a signatory that signed by
    the end of ``year`` (``signed_by_end_of``) and whose report does not count as reported
    (``COUNTS_AS_REPORTED``: rejected, taken offline, draft or none) is "not_reported"."""
    live = ProgressReport.objects.live().filter(organisation=OuterRef("pk"), year=year)
    late = today >= reporting_year(year).not_reported_from

    def having(*statuses: str) -> Exists:
        return Exists(live.filter(status__in=statuses))

    return Case(
        When(having(ReviewStatus.PUBLISHED), then=Value("published")),
        When(having(ReviewStatus.SUBMITTED, ReviewStatus.UNDER_REVIEW), then=Value("waiting")),
        When(having(ReviewStatus.CHANGES_REQUESTED), then=Value("changes_requested")),
        *(
            [When(signed_by_end_of(year), then=Value("not_reported"))]
            if late
            else [
                When(having(ReviewStatus.REJECTED), then=Value("rejected")),
                When(having(ReviewStatus.WITHDRAWN), then=Value("taken_offline")),
                When(Exists(live), then=Value("draft")),
            ]
        ),
        default=Value("none"),
        output_field=CharField(),
    )


def report_status(*, organisation: Organisation, year: int, today: date) -> str:
    """The organisation's report status for ``year`` on ``today`` (a key of
    ``REPORT_STATUSES``). One query."""
    return (
        Organisation.objects.filter(pk=organisation.pk)
        .annotate(report_status=_status_expression(year=year, today=today))
        .values_list("report_status", flat=True)
        .get()
    )


def report_overview(*, user, year: int, status: str = "", today: date) -> QuerySet:
    """The signatories ``user`` oversees (a coordinator every one, a contact point those of
    their subregions) that signed by the end of ``year`` (``signed_by_end_of``), by name,
    each annotated with its report status for ``year``
    (``report_status``), its live report's id and status, and its follow-up (reminders, shown
    as not reported). ``status``: only those with that status ("" for all). One query (two
    with a paginator's count), whatever the number of signatories."""
    live = ProgressReport.objects.live().filter(organisation=OuterRef("pk"), year=year)
    follow_up = YearlyReporting.objects.filter(organisation=OuterRef("pk"), year=year)
    signatories = organisations_overseen_by(user=user).filter(
        signed_by_end_of(year), pk__in=Organisation.objects.signatories().values("pk")
    )
    rows = signatories.annotate(
        report_status=_status_expression(year=year, today=today),
        report_pk=Subquery(live.values("pk")[:1]),
        report_review_status=Subquery(live.values("status")[:1]),
        first_reminder_at=Subquery(follow_up.values("first_reminder_at")[:1]),
        second_reminder_at=Subquery(follow_up.values("second_reminder_at")[:1]),
        shown_as_not_reported_at=Subquery(follow_up.values("shown_as_not_reported_at")[:1]),
        # What the public sees now: the decision stands, the report has not been sent since.
        not_reported_shown=Exists(
            not_reported_lines_shown().filter(organisation=OuterRef("pk"), year=year)
        ),
        year_reported_on=Value(year),
    ).order_by("name", "pk")
    if status:
        rows = rows.filter(report_status=status)
    return rows


def report_overview_export_header() -> list[str]:
    """The column names of ``report_overview_export_rows``, in the current language."""
    return [
        str(_("Signatory")),
        str(_("Year reported on")),
        str(pgettext_lazy("progress report", "Report")),
        str(_("First reminder sent on")),
        str(_("Second reminder sent on")),
        str(_("Shown in public as not reported since")),
    ]


def report_overview_export_rows(rows: QuerySet) -> Iterator[list]:
    """One row per signatory of ``rows`` (``report_overview``), in its order, for the CSV
    download: the status by its label, dates as YYYY-MM-DD (Brussels). Read in chunks: a
    constant number of queries whatever the number of signatories."""
    for row in rows.iterator(chunk_size=500):
        yield [
            row.name,
            row.year_reported_on,
            str(REPORT_STATUSES[row.report_status]),
            *(
                timezone.localdate(moment).isoformat() if moment else ""
                for moment in (
                    row.first_reminder_at,
                    row.second_reminder_at,
                    row.shown_as_not_reported_at,
                )
            ),
        ]


@dataclass(frozen=True)
class PublicProgress:
    """What a signatory's public page shows of its yearly reports: the published ones (newest
    first) and the years a coordinator marked it as not reported (and it has not reported
    since)."""

    reports: list[ProgressReport]
    not_reported_years: list[int]


def _sent_report_on_the_row_year() -> QuerySet:
    """The live reports that count as reported (``COUNTS_AS_REPORTED``) on the year of the
    outer ``YearlyReporting`` row, by its organisation: once there is one, the "did not
    report" line goes."""
    return reported().filter(organisation=OuterRef("organisation"), year=OuterRef("year"))


def not_reported_lines_shown() -> QuerySet:
    """The follow-up rows whose "did not report" line the public sees now: a coordinator
    decided to show it and the signatory has not sent its report on the year since (the line
    goes by itself then). The public page, the cards, the overview and the decision to stop
    showing it all ask this."""
    return YearlyReporting.objects.filter(shown_as_not_reported_at__isnull=False).exclude(
        Exists(_sent_report_on_the_row_year())
    )


def not_reported_shown(*, organisation: Organisation, year: int) -> bool:
    """Whether the organisation's public page says now that it did not report on ``year``
    (``not_reported_lines_shown``). One query."""
    return not_reported_lines_shown().filter(organisation=organisation, year=year).exists()


def not_reported_year_shown() -> Subquery:
    """On an outer organisation row: the latest year a coordinator decided to show in public
    that it did not report on (and it has not sent its report since), or None. For the
    signatory's card in the lists (``organisations.cards``, registered in ``apps``)."""
    return Subquery(
        not_reported_lines_shown()
        .filter(organisation=OuterRef("pk"))
        .order_by("-year")
        .values("year")[:1]
    )


def public_progress(*, organisation: Organisation) -> PublicProgress:
    """The signatory's published reports and its shown "did not report" years. Two queries."""
    reports = list(
        ProgressReport.objects.published().filter(organisation=organisation).order_by("-year")
    )
    years = list(
        not_reported_lines_shown()
        .filter(organisation=organisation)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    return PublicProgress(reports=reports, not_reported_years=years)


# Where a signatory's report on the open year stands, as the portal tells it: the notice on
# the portal home, the progress reports' list and the start page (``_report_notice.html``).
REPORT_STAGES = {
    ReviewStatus.DRAFT: "draft",
    ReviewStatus.SUBMITTED: "waiting",
    ReviewStatus.UNDER_REVIEW: "waiting",
    ReviewStatus.CHANGES_REQUESTED: "changes_requested",
    ReviewStatus.PUBLISHED: "published",
    ReviewStatus.REJECTED: "rejected",
    ReviewStatus.WITHDRAWN: "taken_offline",
}


@dataclass(frozen=True)
class ReportStage:
    """Where an organisation's report on ``year`` stands: ``stage`` is "not_started" (no
    report: start it), "draft" (continue), "waiting" (sent, waiting for or under review),
    "changes_requested" (edit and send again), "published" (done), "rejected" or
    "taken_offline"; ``report`` is the live report (None when not started)."""

    year: int
    stage: str
    report: ProgressReport | None = None

    @property
    def is_editable(self) -> bool:
        return self.report is not None and self.report.is_editable


def _stage(year: int, report: ProgressReport | None) -> ReportStage:
    if report is None:
        return ReportStage(year=year, stage="not_started")
    return ReportStage(year=year, stage=REPORT_STAGES[report.status], report=report)


def report_stages(*, organisations: list[Organisation], year: int) -> dict[int, ReportStage]:
    """Per organisation id, where its report on ``year`` stands (``ReportStage``). One query
    whatever the number of organisations (none without organisations)."""
    if not organisations:
        return {}
    reports = {
        report.organisation_id: report
        for report in ProgressReport.objects.live()
        .filter(organisation__in=organisations, year=year)
        .select_related("organisation")
    }
    return {
        organisation.pk: _stage(year, reports.get(organisation.pk))
        for organisation in organisations
    }


def report_stage(*, organisation: Organisation, year: int) -> ReportStage:
    """Where the organisation's report on ``year`` stands (``report_stages``). One query."""
    return report_stages(organisations=[organisation], year=year)[organisation.pk]


def report_review_context(report: ProgressReport) -> dict:
    """What the review page shows beside a progress report (``ReviewableType``
    ``review_context``): ``commitments``, what the organisation promised when it signed (its
    approved signature's commitments with their action types), to judge the report by. Two
    queries."""
    return {"commitments": signatory_commitments(organisation=report.organisation)}
