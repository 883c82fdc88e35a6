"""Confirming the email of a signing in another browser than the one that signed: the
password chosen while signing is cleared, and the owner of the address chooses their own."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.charter.signing import SESSION_SIGNED_KEY
from stemcharter.charter.tests.test_signing import DONE_URL, PASSWORD, sign

pytestmark = pytest.mark.django_db

EMAIL = "ann.peeters@example.org"


def confirm_url():
    email_address = EmailAddress.objects.get(email=EMAIL)
    return reverse("account_confirm_email", args=[EmailConfirmationHMAC(email_address).key])


def test_confirmation_email_says_to_ignore_it_when_you_did_not_sign(client, charter):
    sign(client)
    assert "If you did not sign the STEM-charter, ignore this email." in mail.outbox[0].body


def test_confirming_in_another_browser_clears_the_chosen_password(client, charter):
    sign(client)  # someone signs with Ann's address and chooses the password
    mail.outbox.clear()
    owner = Client()
    response = owner.post(confirm_url(), follow=True)
    assert response.status_code == 200

    user = User.objects.get(email=EMAIL)
    assert not user.has_usable_password()
    assert Signature.objects.get().status == Signature.Status.SUBMITTED
    entry = AuditEntry.objects.get(code="accounts.user.password_cleared")
    assert entry.target_id == str(user.pk)
    # The owner of the address gets a link to choose their own password.
    reset = [m for m in mail.outbox if m.to == [EMAIL] and "/password/reset/key/" in m.body]
    assert len(reset) == 1
    assert "Choose a password with the link we just emailed you." in response.content.decode()
    # The password chosen by whoever signed no longer works.
    assert not Client().login(email=EMAIL, password=PASSWORD)
    assert not client.login(email=EMAIL, password=PASSWORD)


def test_confirming_in_the_browser_that_signed_keeps_the_password(client, charter):
    sign(client)
    client.get(DONE_URL)  # the done page does not forget which browser signed
    assert client.session[SESSION_SIGNED_KEY] == [Signature.objects.get().pk]
    mail.outbox.clear()
    response = client.post(confirm_url(), follow=True)
    assert response.status_code == 200
    user = User.objects.get(email=EMAIL)
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(code="accounts.user.password_cleared").exists()
    assert not [m for m in mail.outbox if "/password/reset/key/" in m.body]
    assert "Choose a password with the link" not in response.content.decode()
    assert Client().login(email=EMAIL, password=PASSWORD)


def test_account_that_logged_in_before_keeps_its_password(client, charter):
    sign(client)
    User.objects.filter(email=EMAIL).update(last_login=timezone.now())
    Client().post(confirm_url())
    assert User.objects.get(email=EMAIL).check_password(PASSWORD)
