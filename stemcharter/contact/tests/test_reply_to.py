"""The email to the coordinators answers to the sender: Reply-To holds their name and address,
and no name can add a header or a recipient."""

from email.header import decode_header, make_header
from email.utils import getaddresses

import pytest
from django.conf import settings
from django.core import mail

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.contact.models import ContactMessage
from stemcharter.contact.services import contact_message_send
from stemcharter.notifications.services import reply_address

pytestmark = pytest.mark.django_db


def send(name: str, email: str = "ann@example.org"):
    CoordinatorFactory(email="coord@example.org", language="en")
    contact_message_send(name=name, email=email, topic="other", message="Hello.", language="en")
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_reply_to_is_the_sender_with_name():
    email = send("Ann Peeters")
    assert email.reply_to == ["Ann Peeters <ann@example.org>"]
    message = email.message()
    assert message["Reply-To"] == "Ann Peeters <ann@example.org>"
    assert email.to == ["coord@example.org"]
    assert "Reply to this email to answer" in email.body
    # And where to mark it handled once answered, in the coordinator's language.
    pk = ContactMessage.objects.get().pk
    assert f"{settings.SITE_URL}/en/beheer/contact/{pk}/" in email.body


@pytest.mark.parametrize(
    ("name", "header"),
    [
        # A comma or quotes in the name stay inside the name: one address.
        ('Peeters, Ann "the boss"', '"Peeters, Ann \\"the boss\\"" <ann@example.org>'),
        # Non-ASCII names are encoded, not mangled.
        ("Seán Ó Briain", "Seán Ó Briain <ann@example.org>"),
    ],
)
def test_names_with_special_characters_stay_one_address(name, header):
    message = send(name).message()
    assert str(make_header(decode_header(message["Reply-To"]))) == header
    assert len(message.get_all("Reply-To")) == 1
    assert len(getaddresses(message.get_all("Reply-To"))) == 1


def test_a_line_break_in_the_name_cannot_add_a_header():
    """The form cleans names to one line; the service does not rely on it."""
    email = send("Ann\r\nBcc: victim@example.org\nX-Evil: 1")
    message = email.message()
    headers = message.as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers
    assert "\nX-Evil:" not in headers
    assert message.get_all("Bcc") is None
    assert email.recipients() == ["coord@example.org"]
    assert message["Reply-To"] == '"Ann Bcc: victim@example.org X-Evil: 1" <ann@example.org>'


def test_reply_address_keeps_the_name_on_one_line():
    assert reply_address(name=" Ann\tPeeters\u2028 ", email=" ann@example.org ") == (
        "Ann Peeters <ann@example.org>"
    )
