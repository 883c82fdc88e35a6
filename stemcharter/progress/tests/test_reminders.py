"""``manage.py send_progress_report_reminders``: the first and the second reminder, to the
members of the signatories that have not sent their report, once each (idempotent), through the
task worker, recorded and audited."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport, YearlyReporting
from stemcharter.progress.services import progress_report_start, reminder_due

from .conftest import IN_WINDOW

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2027, 2, 14)
SECOND = datetime.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (IN_WINDOW, None),
        (datetime.date(2027, 2, 13), None),
        (FIRST, (2026, "first")),
        (datetime.date(2027, 2, 28), (2026, "first")),
        (SECOND, (2026, "second")),
        (datetime.date(2027, 3, 28), (2026, "second")),
        (datetime.date(2027, 3, 29), None),
    ],
)
def test_which_reminder_is_due(day, due):
    assert reminder_due(day) == due


@pytest.fixture
def world(signatory, member):
    """The signatory (member: ``member``, and one in English), one that sent its report and
    one that started without sending."""
    english = MembershipFactory(organisation=signatory).user
    english.language = "en"
    english.save(update_fields=["language"])
    sent = make_signatory(name="Sent", slug="sent")
    sender = MembershipFactory(organisation=sent).user
    report = progress_report_start(organisation=sent, by=sender, today=IN_WINDOW)
    ProgressReport.objects.filter(pk=report.pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    drafting = make_signatory(name="Drafting", slug="drafting")
    drafter = MembershipFactory(organisation=drafting).user
    progress_report_start(organisation=drafting, by=drafter, today=IN_WINDOW)
    return {"signatory": signatory, "english": english, "drafter": drafter, "sender": sender}


def test_the_first_reminder_once(today, world, member, settings):
    settings.NOTIFICATIONS_ON_COMMIT = False
    today(FIRST)
    call_command("send_progress_report_reminders")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([member.email, world["english"].email, world["drafter"].email])
    english = next(m for m in mail.outbox if m.to == [world["english"].email])
    assert english.subject == "[STEM-charter] Your progress report on 2026"
    assert "/portal/organisaties/robotica-waasland/voortgang/starten/" in english.body
    row = YearlyReporting.objects.get(organisation=world["signatory"], year=2026)
    assert row.first_reminder_at is not None
    assert row.second_reminder_at is None
    assert AuditEntry.objects.filter(code="progress.reminder.first").count() == 2

    mail.outbox.clear()
    call_command("send_progress_report_reminders")  # the next day's run, or a second one
    assert mail.outbox == []
    assert AuditEntry.objects.filter(code="progress.reminder.first").count() == 2


def test_the_second_reminder_after_closing(today, world, member, settings):
    settings.NOTIFICATIONS_ON_COMMIT = False
    today(SECOND)
    call_command("send_progress_report_reminders")
    english = next(m for m in mail.outbox if m.to == [world["english"].email])
    assert english.subject == "[STEM-charter] Reminder: your progress report on 2026"
    assert "still accepted until" in english.body
    assert len(mail.outbox) == 3
    assert AuditEntry.objects.filter(code="progress.reminder.second").count() == 2
    mail.outbox.clear()
    call_command("send_progress_report_reminders")
    assert mail.outbox == []


def test_no_reminder_outside_its_days(today, world):
    today(IN_WINDOW)
    call_command("send_progress_report_reminders")
    assert mail.outbox == []
    assert not YearlyReporting.objects.exists()
