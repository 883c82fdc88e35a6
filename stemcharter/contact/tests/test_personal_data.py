"""Contact messages sent from a person's addresses are in their personal-data download (the
verified addresses only) and go when they delete their account; who handled a message is
emptied with the coordinator's account."""

import pytest
from allauth.account.models import EmailAddress

from stemcharter.accounts.selectors import personal_data_summary, user_personal_data
from stemcharter.accounts.services import user_delete
from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.contact.models import ContactMessage

pytestmark = pytest.mark.django_db


def make_message(email: str, text: str = "Hello") -> ContactMessage:
    return ContactMessage.objects.create(
        name="Ann", email=email, topic="other", message=text, language="nl"
    )


def test_download_holds_messages_from_verified_addresses_only(english):
    user = UserFactory(email="ann@example.org")
    EmailAddress.objects.create(user=user, email="ann@work.example", verified=True)
    EmailAddress.objects.create(user=user, email="not-yet-mine@example.org", verified=False)
    make_message("Ann@Example.org", "from the login address")
    make_message("ann@work.example", "from the work address")
    make_message("not-yet-mine@example.org", "from an unconfirmed address")
    make_message("someone@example.org", "from someone else")

    data = user_personal_data(user=user)
    assert [m["message"] for m in data["contact_messages"]] == [
        "from the login address",
        "from the work address",
    ]
    assert set(data["contact_messages"][0]) == {
        "sent_at",
        "name",
        "email",
        "topic",
        "message",
        "handled_at",
    }
    assert "2 messages you sent with the contact form" in personal_data_summary(data=data)


def test_deleting_the_account_deletes_the_messages_sent_from_its_addresses():
    user = UserFactory(email="ann@example.org")
    make_message("ANN@example.org")
    make_message("someone@example.org")
    user_delete(user=user)
    assert list(ContactMessage.objects.values_list("email", flat=True)) == ["someone@example.org"]


def test_deleting_a_coordinator_keeps_the_messages_they_handled():
    coordinator = CoordinatorFactory()
    message = make_message("someone@example.org")
    ContactMessage.objects.filter(pk=message.pk).update(handled_by=coordinator)
    user_delete(user=coordinator)
    message.refresh_from_db()
    assert message.handled_by is None
