"""An invitation to sign carries the one-click unsubscribe headers (RFC 8058) like a colleague's
invitation: ``List-Unsubscribe`` with the email's own do-not-contact link (absolute, https) and
``List-Unsubscribe-Post``; the provider's POST to it stops the next invitation."""

from email import message_from_bytes

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from stemcharter.organisations.do_not_contact import do_not_contact_email
from stemcharter.organisations.models import DoNotContact, Membership
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.outreach.services import signing_invitation_create

pytestmark = [pytest.mark.django_db]


def test_the_invitation_to_sign_carries_the_one_click_headers(settings):
    settings.SITE_URL = "https://stem.example.be"
    organisation = make_signatory()
    member = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user
    signing_invitation_create(
        organisation=organisation,
        by=member,
        email="Info@Prospect.be",
        invitee_organisation_name="Prospect vzw",
    )
    [message] = mail.outbox
    value = message.extra_headers["List-Unsubscribe"]
    url = value.removeprefix("<").removesuffix(">")
    assert value == f"<{url}>"
    assert url.startswith("https://stem.example.be/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    assert do_not_contact_email(url.rstrip("/").rsplit("/", 1)[1]) == "info@prospect.be"
    sent = message_from_bytes(message.message().as_bytes())
    assert sent["List-Unsubscribe"].strip() == f"<{url}>"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The provider's one-click POST (no cookie, no CSRF token): the address is on the list
    # and the next invitation, from another signatory, is refused.
    path = "/" + url.split("/", 3)[3]
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert DoNotContact.objects.filter(email="info@prospect.be").exists()
    other = make_signatory()
    other_member = MembershipFactory(organisation=other, role=Membership.Role.EDITOR).user
    with pytest.raises(ValidationError) as raised:
        signing_invitation_create(
            organisation=other,
            by=other_member,
            email="info@prospect.be",
            invitee_organisation_name="Prospect vzw",
        )
    assert raised.value.code == "do_not_contact"
