"""A signer who mistyped their address corrects it on the thank-you page: only the browser
that signed, within the hour, rate-limited like signing; the first link stops working and the
audit trail says so. A signing that only emailed an account's holder looks and works the same."""

import re
import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.test import Client
from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.charter.services import SIGNER_EMAIL_CORRECTION_WINDOW
from stemcharter.charter.signing import SESSION_ANSWERS_KEY, SESSION_NOTICES_KEY
from stemcharter.charter.tests.test_signing import DONE_URL, DONE_URL_NL, sign
from stemcharter.organisations.models import Organisation

pytestmark = pytest.mark.django_db

WRONG = "ann.peeters@exmaple.org"
RIGHT = "ann.peeters@example.org"


def signed_with_typo(client, prefix="/en"):
    from stemcharter.charter.tests.test_signing import sign_data

    response = sign(client, sign_data(email=WRONG), prefix=prefix)
    assert response.status_code == 302
    mail.outbox.clear()
    return Signature.objects.order_by("pk").last()


def correct(client, key, email=RIGHT, url=DONE_URL):
    return client.post(url, {"signature": str(key), "email": email})


def confirmation_link(message) -> str:
    return re.search(r"http://testserver(/(?:en/)?account/confirm-email/[^/\s]+/)", message.body)[1]


def test_done_page_offers_to_correct_the_address(client, charter):
    signed_with_typo(client)
    content = client.get(DONE_URL).content.decode()
    assert "Is the email address wrong?" in content
    assert 'name="email"' in content


def test_correcting_sends_the_link_to_the_new_address_and_the_old_link_stops(client, charter):
    signature = signed_with_typo(client)
    old_address = EmailAddress.objects.get(email=WRONG)
    old_key = EmailConfirmationHMAC(old_address).key

    response = correct(client, signature.submission_key)
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    page = client.get(DONE_URL).content.decode()
    assert f"We sent the email to {RIGHT}" in page
    assert "The link in the first email no longer works." in page
    assert "Is the email address wrong?" in page  # again, within the hour

    signature.refresh_from_db()
    assert signature.signer_email == RIGHT
    assert signature.status == Signature.Status.AWAITING_EMAIL
    user = User.objects.get()
    assert user.email == RIGHT
    assert not EmailAddress.objects.filter(email=WRONG).exists()
    assert [m.to for m in mail.outbox] == [[RIGHT]]

    # The first link no longer confirms anything.
    assert EmailConfirmationHMAC.from_key(old_key) is None
    client.post(f"/en/account/confirm-email/{old_key}/")
    signature.refresh_from_db()
    assert signature.status == Signature.Status.AWAITING_EMAIL

    # The new one does: the signature goes to review.
    client.post(confirmation_link(mail.outbox[0]))
    signature.refresh_from_db()
    assert signature.status == Signature.Status.SUBMITTED

    codes = list(AuditEntry.objects.order_by("pk").values_list("code", "data"))
    assert (
        "charter.signature.email_corrected",
        {"old_signer_email": WRONG, "signer_email": RIGHT},
    ) in codes
    assert ("accounts.user.email_corrected", {"old_email": WRONG, "email": RIGHT}) in codes


def test_another_browser_cannot_correct(client, charter):
    signature = signed_with_typo(client)
    other = Client()
    response = correct(other, signature.submission_key)
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.signer_email == WRONG
    assert mail.outbox == []


def test_the_correction_stays_offered_for_the_hour_in_this_browser(client, charter):
    """A reload, or coming back after another page: the form is still there; not in another
    browser, not once the address is confirmed, not after the hour."""
    signature = signed_with_typo(client)
    assert "Is the email address wrong?" in client.get(DONE_URL).content.decode()
    assert "Is the email address wrong?" in client.get(DONE_URL).content.decode()
    client.get("/en/charter/")
    page = client.get(DONE_URL).content.decode()
    assert "Is the email address wrong?" in page
    assert WRONG in page
    assert "Is the email address wrong?" not in Client().get(DONE_URL).content.decode()
    # Correcting works after the reloads.
    assert correct(client, signature.submission_key)["Location"] == DONE_URL
    signature.refresh_from_db()
    assert signature.signer_email == RIGHT


def test_the_correction_goes_after_the_hour(client, charter):
    signature = signed_with_typo(client)
    client.get(DONE_URL)
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - SIGNER_EMAIL_CORRECTION_WINDOW - timedelta(minutes=1)
    )
    page = client.get(DONE_URL).content.decode()
    assert "Is the email address wrong?" not in page
    assert WRONG in page  # shown once more, without the form
    assert WRONG not in client.get(DONE_URL).content.decode()


def test_a_signing_that_emailed_a_holder_keeps_its_correction_on_reload(client, charter):
    UserFactory(email=WRONG)
    from stemcharter.charter.tests.test_signing import sign_data

    sign(client, sign_data(email=WRONG))
    for _ in range(2):
        assert "Is the email address wrong?" in client.get(DONE_URL).content.decode()


def test_too_late_to_correct(client, charter):
    signature = signed_with_typo(client)
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - SIGNER_EMAIL_CORRECTION_WINDOW - timedelta(minutes=1)
    )
    client.get(DONE_URL)  # the page no longer offers it
    response = correct(client, signature.submission_key)
    assert response.status_code == 302
    page = client.get(DONE_URL).content.decode()
    assert "can no longer be changed here" in page
    assert "Is the email address wrong?" not in page
    signature.refresh_from_db()
    assert signature.signer_email == WRONG
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", "Enter an email address in the correct format, like name@example.com."),
        ("", "Enter your email address."),
        (WRONG.upper(), "This is the address we sent the email to. Type the correct one."),
    ],
)
def test_bad_address_is_refused_with_a_message(client, charter, email, message):
    signature = signed_with_typo(client)
    response = correct(client, signature.submission_key, email=email)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    signature.refresh_from_db()
    assert signature.signer_email == WRONG
    assert EmailAddress.objects.filter(email=WRONG).exists()
    assert mail.outbox == []


def test_dutch_page_gives_a_dutch_message(client, charter):
    signature = signed_with_typo(client, prefix="")
    response = correct(client, signature.submission_key, email="geen-adres", url=DONE_URL_NL)
    assert response.status_code == 200
    assert "Er is een probleem" in response.content.decode()


def test_correction_counts_as_a_signing_for_the_rate_limit(client, charter, settings):
    settings.STEMCHARTER_RATE_LIMITS = {
        **settings.STEMCHARTER_RATE_LIMITS,
        "charter_sign": "1/h/ip",
    }
    signature = signed_with_typo(client)  # the one attempt allowed
    response = correct(client, signature.submission_key)
    assert response.status_code == 429
    content = response.content.decode()
    # What happened and when to try again, in plain words: an hour after the signing (counted
    # just before the signature was saved, so possibly in the minute before).
    assert (
        "We did not send the email: several signings or corrections came from this internet "
        "connection in a short while. You can try again from "
    ) in content
    # The time alone today; with the day in front when that is tomorrow (late in the evening).
    retry = re.search(
        r"You can try again from (?:\d{1,2} \w+ )?(\d\d:\d\d)\. Your signature is kept\.", content
    )[1]
    hour_later = timezone.localtime(signature.created_at + timedelta(hours=1))
    assert retry in {
        hour_later.strftime("%H:%M"),
        (hour_later - timedelta(minutes=1)).strftime("%H:%M"),
    }
    assert f'value="{RIGHT}"' in content  # what was typed is kept
    signature.refresh_from_db()
    assert signature.signer_email == WRONG
    assert mail.outbox == []
    # Refused, so not used up: the form is still offered.
    assert "Is the email address wrong?" in client.get(DONE_URL).content.decode()


def test_correcting_to_an_address_with_an_account_looks_the_same(client, charter):
    """The page must not tell that the new address has an account: its holder is emailed how
    to sign as a logged-in user, and the mistyped signing goes (as the pruning would)."""
    UserFactory(email=RIGHT)
    signature = signed_with_typo(client)
    response = correct(client, signature.submission_key)
    assert response["Location"] == DONE_URL
    page = client.get(DONE_URL).content.decode()
    assert f"We sent the email to {RIGHT}" in page
    assert "Check your email and click the link." in page
    assert "Is the email address wrong?" in page  # again, as after any correction
    assert "Send the email again" in page
    assert not Signature.objects.exists()
    assert not Organisation.objects.exists()
    assert list(User.objects.values_list("email", flat=True)) == [RIGHT]
    assert [m.to for m in mail.outbox] == [[RIGHT]]
    assert "/account/login/" in mail.outbox[0].body


def test_a_signing_that_emailed_a_holder_can_be_corrected_too(client, charter):
    """The signer typed an address that has an account (nothing was registered): correcting it
    signs with the kept answers and the new address."""
    UserFactory(email=WRONG)
    from stemcharter.charter.tests.test_signing import sign_data

    sign(client, sign_data(email=WRONG))
    assert not Signature.objects.exists()
    mail.outbox.clear()
    content = client.get(DONE_URL).content.decode()
    assert "Is the email address wrong?" in content
    key = next(iter(client.session[SESSION_NOTICES_KEY]))
    notice = client.session[SESSION_NOTICES_KEY][key]
    assert "password1" not in str(notice["answers"])

    response = correct(client, key)
    assert response["Location"] == DONE_URL
    signature = Signature.objects.get()
    assert str(signature.submission_key) == key
    assert signature.signer_email == RIGHT
    assert signature.organisation.name == "Fictief Bouwbedrijf nv"
    assert [m.to for m in mail.outbox] == [[RIGHT]]
    page = client.get(DONE_URL).content.decode()
    assert "Fictief Bouwbedrijf nv" in page
    assert "Is the email address wrong?" in page

    # Correcting it again corrects the signature it made, and signs nothing more.
    correct(client, key, email="ann@example.net")
    assert Signature.objects.count() == 1
    signature.refresh_from_db()
    assert signature.signer_email == "ann@example.net"
    assert [m.to for m in mail.outbox] == [[RIGHT], ["ann@example.net"]]


AGAIN = "ann.peeters@example.com"


def test_correcting_twice_with_a_reload_between(client, charter):
    """A second typo in the correction: the page keeps the status, the address and the form
    (in this browser only), and the second correction works like the first."""
    signature = signed_with_typo(client)
    assert correct(client, signature.submission_key, email=AGAIN)["Location"] == DONE_URL
    for _ in range(2):  # the redirect's page, then a reload
        page = client.get(DONE_URL).content.decode()
        assert "Waiting for email confirmation" in page
        assert "Check your email and click the link." in page
        assert f"We sent an email to {AGAIN}." in page
        assert "Is the email address wrong?" in page
        assert "Send the email again" in page
    other = Client()
    other_page = other.get(DONE_URL).content.decode()
    assert AGAIN not in other_page
    assert "Is the email address wrong?" not in other_page
    assert correct(other, signature.submission_key)["Location"] == DONE_URL
    signature.refresh_from_db()
    assert signature.signer_email == AGAIN

    assert correct(client, signature.submission_key)["Location"] == DONE_URL
    page = client.get(DONE_URL).content.decode()
    assert f"We sent the email to {RIGHT}" in page
    assert f"We sent an email to {RIGHT}." in page
    signature.refresh_from_db()
    assert signature.signer_email == RIGHT
    assert [m.to for m in mail.outbox] == [[AGAIN], [RIGHT]]
    client.post(confirmation_link(mail.outbox[-1]))
    signature.refresh_from_db()
    assert signature.status == Signature.Status.SUBMITTED
    assert "Is the email address wrong?" not in client.get(DONE_URL).content.decode()


def test_correcting_again_after_an_address_with_an_account(client, charter):
    """The first correction went to an address with an account (the signing went, its holder
    was emailed): the second works all the same, signing with the answers."""
    UserFactory(email=AGAIN)
    signed_with_typo(client)
    key = str(Signature.objects.get().submission_key)
    correct(client, key, email=AGAIN)
    assert not Signature.objects.exists()
    page = client.get(DONE_URL).content.decode()
    assert f"We sent an email to {AGAIN}." in page
    assert "Is the email address wrong?" in page
    assert correct(client, key)["Location"] == DONE_URL
    signature = Signature.objects.get()
    assert (str(signature.submission_key), signature.signer_email) == (key, RIGHT)
    assert signature.organisation.name == "Fictief Bouwbedrijf nv"
    assert [m.to for m in mail.outbox] == [[AGAIN], [RIGHT]]
    assert f"We sent an email to {RIGHT}." in client.get(DONE_URL).content.decode()


def test_a_correction_that_signed_anew_keeps_the_first_hour(client, charter):
    """From a notice, correcting signs anew: the hour still counts from the first signing."""
    UserFactory(email=AGAIN)
    signed_with_typo(client)
    key = str(Signature.objects.get().submission_key)
    correct(client, key, email=AGAIN)
    correct(client, key)
    assert Signature.objects.get().signer_email == RIGHT
    session = client.session
    too_old = time.time() - SIGNER_EMAIL_CORRECTION_WINDOW.total_seconds() - 60
    for name in (SESSION_NOTICES_KEY, SESSION_ANSWERS_KEY):
        kept = session[name]
        kept[key]["signed_at"] = too_old
        session[name] = kept
    session.save()
    page = client.get(DONE_URL).content.decode()
    assert RIGHT in page
    assert "Is the email address wrong?" not in page
    correct(client, key, email="ann@example.net")
    assert Signature.objects.get().signer_email == RIGHT
