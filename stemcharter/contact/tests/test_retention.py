"""Personal data is not kept for ever: ``prune_contact_messages`` deletes handled messages after
CONTACT_MESSAGE_RETENTION_DAYS days and unhandled ones after twice as many; the contact page
says so."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.contact.models import ContactMessage
from stemcharter.contact.services import contact_messages_prune

pytestmark = pytest.mark.django_db


def make_message(*, days_ago: int, handled: bool, name: str = "Ann") -> ContactMessage:
    message = ContactMessage.objects.create(
        name=name, email="ann@example.org", topic="account", message="m", language="nl"
    )
    created = timezone.now() - datetime.timedelta(days=days_ago, minutes=1)
    ContactMessage.objects.filter(pk=message.pk).update(
        created_at=created,
        handled_at=created + datetime.timedelta(days=1) if handled else None,
        handled_by=CoordinatorFactory() if handled else None,
    )
    return message


def remaining() -> set[str]:
    return set(ContactMessage.objects.values_list("name", flat=True))


@pytest.fixture
def messages():
    make_message(days_ago=9, handled=True, name="handled, young")
    make_message(days_ago=10, handled=True, name="handled, old")
    make_message(days_ago=19, handled=False, name="open, not old enough")
    make_message(days_ago=20, handled=False, name="open, very old")


def test_handled_after_the_retention_unhandled_after_twice(messages):
    assert contact_messages_prune(retention_days=10) == 2
    assert remaining() == {"handled, young", "open, not old enough"}
    entries = AuditEntry.objects.filter(code="contact.message.pruned").order_by("pk")
    assert [(e.data["topic"], e.data["kept_days"]) for e in entries] == [
        ("account", 10),
        ("account", 20),
    ]
    assert all("Ann" not in e.target_repr for e in entries)


def test_command_reads_the_setting(messages, settings):
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 10
    out = StringIO()
    call_command("prune_contact_messages", stdout=out)
    assert "Deleted 2 contact message(s)" in out.getvalue()
    assert remaining() == {"handled, young", "open, not old enough"}
    # Run again: nothing more to delete.
    out = StringIO()
    call_command("prune_contact_messages", stdout=out)
    assert "Deleted 0 contact message(s)" in out.getvalue()


def test_command_takes_another_period(messages):
    call_command("prune_contact_messages", retention_days=15, stdout=StringIO())
    assert len(remaining()) == 4
    call_command("prune_contact_messages", retention_days=9, stdout=StringIO())
    assert remaining() == set()


def test_default_keeps_a_year(settings, messages):
    assert settings.CONTACT_MESSAGE_RETENTION_DAYS == 365
    make_message(days_ago=366, handled=True, name="handled last year")
    make_message(days_ago=366, handled=False, name="open since last year")
    call_command("prune_contact_messages", stdout=StringIO())
    assert "handled last year" not in remaining()
    assert "open since last year" in remaining()


@pytest.mark.parametrize("days", [0, -3])
def test_a_period_below_one_day_is_refused(messages, days):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_contact_messages", retention_days=days, stdout=StringIO())
    assert len(remaining()) == 4


def test_the_contact_page_says_how_long_messages_are_kept(client, settings):
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 30
    content = client.get("/en/contact/").content.decode()
    assert "We delete your message 30 days after it arrives (60 days if it still waits" in content
