"""The yearly progress report's rules (issue 15, point 2): starting a report (once per
organisation and year, inside the reporting period), writing it (the one review workflow's
editing), refreshing its records when it is sent, the coordinator's decision to show in public
that a signatory did not report, and the two reminders."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemcharter.audit.services import audit_record
from stemcharter.charter.selectors import is_signatory
from stemcharter.notifications.services import email_send
from stemcharter.organisations.models import Organisation
from stemcharter.reviews.editing import EditingRules, reviewable_update

from .models import ProgressReport, YearlyReporting
from .record import year_record
from .reporting import open_report_year, reporting_year
from .selectors import not_reported_shown, reported, signed_by_end_of

EDITING_RULES = EditingRules(
    model=ProgressReport,
    audit_prefix="progress.report",
    slug_fallback="voortgang",
    required_text={},  # both texts are checked when it is sent (ProgressReport.review_problems)
    may_create=is_signatory,
    not_signatory_message=_(
        "Only a signatory reports on its progress: your organisation can once a coordinator "
        "has approved its signature of the charter."
    ),
    # One report per organisation and year: once sent for review it stays, with its
    # reviewers' decisions (never deleted and started afresh); a rejected report is changed
    # and sent again.
    deletable_once_sent=False,
    editable_when_rejected=True,
    not_editable_message=_(
        "This report has been sent for review, so it cannot be changed now. Take it back "
        "first, if a reviewer has not started yet."
    ),
)


@transaction.atomic
def progress_report_start(
    *, organisation: Organisation, by, today: date | None = None
) -> ProgressReport:
    """The organisation's report on the year it can report on ``today`` (``open_report_year``),
    as a draft prefilled with the platform's records of that year.

    Once per organisation and year: the organisation's row is locked, so two members starting
    at the same moment make one report; the second is told (the unique constraint is the last
    guard). Raises ValidationError with code ``closed`` (outside the reporting period),
    ``not_signatory`` or ``already_started`` (its ``params["report"]`` is the report).
    """
    today = today or timezone.localdate()
    year = open_report_year(today)
    if year is None:
        raise ValidationError(
            _("Progress reports cannot be started now: the reporting period is closed."),
            code="closed",
        )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not is_signatory(organisation):
        raise ValidationError(EDITING_RULES.not_signatory_message, code="not_signatory")
    if not Organisation.objects.filter(signed_by_end_of(year), pk=organisation.pk).exists():
        raise ValidationError(
            _(
                "Your organisation signed the charter after %(year)s, so it has no report on "
                "%(year)s to write. Its first report is on the year it signed."
            ),
            code="signed_later",
            params={"year": year},
        )
    existing = ProgressReport.objects.live().filter(organisation=organisation, year=year).first()
    if existing is not None:
        raise ValidationError(
            _("Your organisation has already started its report on %(year)s."),
            code="already_started",
            params={"year": year, "report": existing},
        )
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                organisation=organisation,
                year=year,
                slug=str(year),
                created_by=by,
                record=year_record(organisation, year),
            )
    except IntegrityError as error:  # a database without row locks (SQLite) and a race
        existing = ProgressReport.objects.live().get(organisation=organisation, year=year)
        raise ValidationError(
            _("Your organisation has already started its report on %(year)s."),
            code="already_started",
            params={"year": year, "report": existing},
        ) from error
    report.subregions.set(organisation.subregions.all())
    audit_record(actor=by, code="progress.report.created", target=report, data={"year": year})
    return report


def progress_report_update(*, report: ProgressReport, by, data: dict[str, Any]) -> ProgressReport:
    """Change the texts of a report that may be changed (``reviews.editing``: under a row lock,
    length limits, audited). ``data``: ``looking_back`` and/or ``intentions``."""
    allowed = {key: data[key] for key in ("looking_back", "intentions") if key in data}
    return reviewable_update(rules=EDITING_RULES, item=report, by=by, data=allowed)


def progress_report_refresh_record(report: ProgressReport) -> None:
    """Write the platform's records of the report's year into it again: the snapshot the
    reviewer and the public see is that of the moment it was sent (``ReviewableType``
    ``before_submit``)."""
    report.record = year_record(report.organisation, report.year)
    report.save(update_fields=["record", "updated_at"])


def _reporting_row(organisation: Organisation, year: int) -> YearlyReporting:
    """The follow-up row of ``organisation`` for ``year``, locked (made when missing)."""
    YearlyReporting.objects.get_or_create(organisation=organisation, year=year)
    return YearlyReporting.objects.select_for_update().get(organisation=organisation, year=year)


# Why a signatory does not count as not reported on a year once the grace period is over,
# per its status there (``selectors.report_status``): "none" then means it signed after the
# year (``signed_by_end_of``); the other statuses count as reported (``COUNTS_AS_REPORTED``).
NOT_REPORTED_REFUSALS = {
    "none": _(
        "%(organisation)s signed the charter after %(year)s, so it has nothing to report on "
        "%(year)s."
    ),
    "published": _("%(organisation)s has sent its report on %(year)s, and it is published."),
    "waiting": _(
        "%(organisation)s has sent its report on %(year)s; it is waiting for review or being "
        "reviewed."
    ),
    "changes_requested": _(
        "%(organisation)s has sent its report on %(year)s; its reviewer asked for changes, so "
        "it still counts as reported."
    ),
}


def not_reported_check(*, organisation: Organisation, year: int, today: date) -> None:
    """Raises ValidationError (what to tell the coordinator) unless the signatory counts as
    not reported on ``year`` on ``today``: the grace period is over (code ``too_early``),
    it signed by the end of ``year`` (code ``signed_later``), its report does not count
    as reported (``selectors.COUNTS_AS_REPORTED``; code ``reported``, saying where the report
    stands: ``NOT_REPORTED_REFUSALS``) and its public page does not say so already
    (``selectors.not_reported_lines_shown``; code ``already_shown``). A signatory that
    signed by the end of ``year`` reports on it (``signed_by_end_of``), also one that signed
    in its last weeks: the period runs into the next year. The confirmation page (GET) and
    the decision (POST) ask the same."""
    from .selectors import report_status  # selectors read the same models

    if today < reporting_year(year).not_reported_from:
        raise ValidationError(
            _("The reports on %(year)s are still accepted, so nobody counts as not reported yet.")
            % {"year": year},
            code="too_early",
        )
    status = report_status(organisation=organisation, year=year, today=today)
    if status != "not_reported":
        raise ValidationError(
            NOT_REPORTED_REFUSALS[status] % {"organisation": organisation.name, "year": year},
            code="signed_later" if status == "none" else "reported",
        )
    if not_reported_shown(organisation=organisation, year=year):
        raise ValidationError(
            _(
                "The public page of %(organisation)s already says that it did not report on "
                "%(year)s, so there is nothing more to show."
            )
            % {"organisation": organisation.name, "year": year},
            code="already_shown",
        )


def hide_not_reported_check(*, organisation: Organisation, year: int) -> None:
    """Raises ValidationError (code ``not_shown``) unless the organisation's public page says
    now that it did not report on ``year`` (``selectors.not_reported_shown``): there is
    nothing to stop showing otherwise. The confirmation page (GET) and the decision (POST)
    ask the same."""
    if not not_reported_shown(organisation=organisation, year=year):
        raise ValidationError(
            _(
                "The public page of %(organisation)s does not say that it did not report on "
                "%(year)s, so there is nothing to stop showing."
            )
            % {"organisation": organisation.name, "year": year},
            code="not_shown",
        )


@transaction.atomic
def show_as_not_reported(
    *, organisation: Organisation, year: int, by, today: date | None = None
) -> YearlyReporting:
    """A coordinator's decision (the view checks the permission) that the signatory's public
    page says it did not report on ``year``. Only for a signatory that counts as not reported
    (``not_reported_check``, also while the page says so already); raises ValidationError
    otherwise, and nothing is recorded. Audited."""
    today = today or timezone.localdate()
    # Locked first, then asked: of two coordinators deciding at once, one does; the other is
    # told it is shown already.
    row = _reporting_row(organisation, year)
    not_reported_check(organisation=organisation, year=year, today=today)
    _record_decision(
        row, organisation=organisation, shown=True, by=by, code="progress.not_reported.shown"
    )
    return row


def _record_decision(
    row: YearlyReporting, *, organisation: Organisation, shown: bool, by, code: str
) -> None:
    """Write a coordinator's "did not report" decision on the locked ``row`` and audit it
    (``code``, with the year). Saved (not updated): the public page's cache learns of it
    (``common.page_cache``)."""
    row.shown_as_not_reported_at = timezone.now() if shown else None
    row.shown_as_not_reported_by = by if shown else None
    row.save(update_fields=["shown_as_not_reported_at", "shown_as_not_reported_by"])
    audit_record(actor=by, code=code, target=organisation, data={"year": row.year})


@transaction.atomic
def hide_not_reported(*, organisation: Organisation, year: int, by) -> None:
    """Take the "did not report" line off the signatory's public page again. Audited. Only
    while the page shows it (``hide_not_reported_check``); raises ValidationError otherwise,
    and nothing is recorded."""
    # Locked first, then asked: of two coordinators stopping it at once, one does.
    row = (
        YearlyReporting.objects.select_for_update()
        .filter(organisation=organisation, year=year)
        .first()
    )
    hide_not_reported_check(organisation=organisation, year=year)
    _record_decision(
        row, organisation=organisation, shown=False, by=by, code="progress.not_reported.hidden"
    )


# The two reminders: the field of ``YearlyReporting`` that records each, and its audit code.
REMINDERS = {
    "first": ("first_reminder_at", "progress.reminder.first"),
    "second": ("second_reminder_at", "progress.reminder.second"),
}


def reminder_due(today: date) -> tuple[int, str] | None:
    """The reminder due on ``today`` (``reporting``): ("first" from its day until the
    window closes, "second" from the day after closing until the end of the grace period),
    with the year it is about; None otherwise. A day the job did not run is caught up."""
    year = open_report_year(today)
    if year is None:
        return None
    calendar = reporting_year(year)
    if calendar.second_reminder <= today:
        return year, "second"
    if calendar.first_reminder <= today:
        return year, "first"
    return None


def signatories_to_remind(*, year: int, which: str) -> list[int]:
    """The ids of the signatories that signed by the end of ``year``, have no report on it
    that counts as reported (``selectors.COUNTS_AS_REPORTED``: a rejected one or one taken
    offline is reminded too) and were not given reminder ``which`` yet."""
    field, _code = REMINDERS[which]
    sent = reported().filter(organisation=OuterRef("pk"), year=year)
    reminded = YearlyReporting.objects.filter(
        organisation=OuterRef("pk"), year=year, **{f"{field}__isnull": False}
    )
    return list(
        Organisation.objects.signatories()
        .filter(signed_by_end_of(year))
        .exclude(Exists(sent))
        .exclude(Exists(reminded))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def progress_reminder_send(*, organisation: Organisation, year: int, which: str) -> bool:
    """Email reminder ``which`` ("first" or "second") about the report on ``year`` to the
    organisation's members (each in their language, queued for the task worker), record when
    (``YearlyReporting``) and audit it. Once per organisation, year and reminder, also when two
    runs overlap (a row lock); nothing for an organisation that has sent its report meanwhile.
    Returns whether it was sent."""
    field, code = REMINDERS[which]
    row = _reporting_row(organisation, year)
    if getattr(row, field) is not None:
        return False
    if reported().filter(organisation=organisation, year=year).exists():
        return False
    calendar = reporting_year(year)
    start_url = settings.SITE_URL + reverse(
        "portal:progress-report-start", kwargs={"organisation_slug": organisation.slug}
    )
    members = [
        membership.user
        for membership in organisation.memberships.select_related("user").order_by("pk")
        if membership.user.is_active and membership.user.email
    ]
    for user in members:
        email_send(
            to=user.email,
            language=user.language,
            template=f"progress/email/reminder_{which}",
            context={
                "organisation": organisation,
                "year": year,
                "closes": calendar.closes,
                "accepts_until": calendar.accepts_until,
                "start_url": start_url,
            },
        )
    setattr(row, field, timezone.now())
    row.save(update_fields=[field])
    audit_record(
        actor=None,
        code=code,
        target=organisation,
        data={"year": year, "recipients": len(members)},
    )
    return True
