"""Abuse of the signing form: probing for accounts, and signing in bulk.

Step 2 behaves the same whether the address has an account or not; at the end the holder of
an existing account gets an email instead of a confirmation link. Signing is rate-limited per
client address and per target address with allauth's machinery (its client-IP logic).
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.signing import SESSION_DRAFT_KEY
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    COMMITMENT_URL,
    DONE_URL,
    SIGNER_URL,
    errors_of,
    sign,
    sign_data,
    step_post,
    submission_key,
    walk,
)
from stemcharter.organisations.models import Category, Organisation
from stemcharter.organisations.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EMAIL = "ann.peeters@example.org"


def person(number: int, **overrides):
    """Answers for an individual (no enterprise number), different per ``number``."""
    data = {
        "name": f"Persoon {number}",
        "category": Category.INDIVIDUAL,
        "enterprise_number": "",
        "email": f"persoon{number}@example.org",
        **overrides,
    }
    return sign_data(**data)


def from_address(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def comparable(html: str) -> str:
    """A page without what differs per request anyway (CSRF token, submission key)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'name="signature" value="[^"]+"', "", html)


# Enumeration


def test_account_enumeration_signer_step_is_the_same_for_known_and_unknown_addresses(charter):
    UserFactory(email=EMAIL)
    known, unknown = Client(), Client()
    walk(known, steps=("organisation",))
    walk(unknown, steps=("organisation",))
    data = step_post("signer", sign_data())
    known_response = known.post(SIGNER_URL, data)
    unknown_response = unknown.post(SIGNER_URL, {**data, "email": "nobody@example.org"})
    assert known_response.status_code == unknown_response.status_code == 302
    assert known_response["Location"] == unknown_response["Location"] == COMMITMENT_URL
    assert "already an account" not in known.get(SIGNER_URL).content.decode()


def test_account_enumeration_signing_with_a_known_address_emails_its_holder(charter):
    UserFactory(email=EMAIL, language="nl")
    users = User.objects.count()
    known, unknown = Client(), Client()
    assert sign(known)["Location"] == DONE_URL
    # Nothing was registered: no account, no organisation, no signature.
    assert User.objects.count() == users
    assert not Organisation.objects.exists()
    assert not Signature.objects.exists()
    assert known.session.get(SESSION_DRAFT_KEY) is None  # as after any signing
    # The holder of the address is told, in their own language, how to sign.
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [EMAIL]
    assert "/account/login/" in notice.body
    assert "/en/" not in notice.body  # Dutch, the holder's language
    # The done page looks the same as for an address without an account.
    known_page = known.get(DONE_URL).content.decode()
    User.objects.filter(email=EMAIL).delete()
    assert sign(unknown)["Location"] == DONE_URL
    unknown_page = unknown.get(DONE_URL).content.decode()
    assert comparable(known_page) == comparable(unknown_page)
    assert "Check your email and click the link." in known_page


def test_account_enumeration_send_again_works_the_same_for_a_known_address(charter):
    UserFactory(email=EMAIL)
    client = Client()
    sign(client)
    page = client.get(DONE_URL).content.decode()
    value = re.search(r'name="signature" value="([^"]+)"', page).group(1)
    mail.outbox.clear()
    response = client.post(DONE_URL, {"signature": value}, follow=True)
    assert f"We sent the email to {EMAIL} again." in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    # Rate-limited like the confirmation email.
    response = client.post(DONE_URL, {"signature": value}, follow=True)
    assert "Wait a few minutes, then try again." in response.content.decode()
    assert len(mail.outbox) == 1


# Rate limits


def test_signing_rate_limit_per_client_address(charter):
    for number in range(5):
        client = from_address("203.0.113.7")
        assert sign(client, person(number))["Location"] == DONE_URL
    client = from_address("203.0.113.7")
    response = sign(client, person(5))
    assert response.status_code == 429
    assert errors_of(response, "__all__") == [
        "You signed several times in a short while from this internet connection. Try again "
        "later: your answers are kept."
    ]
    assert "<h1>Check your answers</h1>" in response.content.decode()
    assert client.session[SESSION_DRAFT_KEY]["steps"]["organisation"]["name"] == "Persoon 5"
    assert Signature.objects.count() == 5
    # Another address is not limited.
    assert sign(from_address("198.51.100.2"), person(6))["Location"] == DONE_URL


def test_signing_rate_limit_per_target_email_address(charter):
    for number in range(3):
        client = from_address(f"203.0.113.{number}")
        assert sign(client, person(number, email=EMAIL))["Location"] == DONE_URL
    client = from_address("203.0.113.99")
    response = sign(client, person(3, email=EMAIL))
    assert response.status_code == 429
    assert errors_of(response, "__all__") == [
        "We already sent several emails to this address in a short while. Try again later, or "
        "sign with another email address: your answers are kept."
    ]
    # One account made, the later attempts emailed its holder: 1 confirmation + 2 notices.
    assert len([m for m in mail.outbox if m.to == [EMAIL]]) == 3
    assert client.session[SESSION_DRAFT_KEY]["steps"]["signer"]["email"] == EMAIL


def test_signing_rate_limit_does_not_count_a_refused_signing(charter):
    """A final step refused by validation (a duplicate, found only now) uses no attempt."""
    client = from_address("203.0.113.7")
    walk(client, person(0, name="Jan Peeters", town="Gent"))
    key = submission_key(client)
    OrganisationFactory(name="Jan Peeters", town="Gent", category=Category.INDIVIDUAL)
    for _ in range(6):
        response = client.post(CHECK_URL, {"submission_key": key})
        assert response.status_code == 200
        assert errors_of(response, "name")
    for number in range(1, 6):
        assert sign(from_address("203.0.113.7"), person(number))["Location"] == DONE_URL


def test_signing_rate_limits_are_configurable(settings, charter):
    settings.STEMCHARTER_RATE_LIMITS = {
        **settings.STEMCHARTER_RATE_LIMITS,
        "charter_sign": "1/h/ip",
    }
    assert sign(from_address("203.0.113.7"), person(0))["Location"] == DONE_URL
    assert sign(from_address("203.0.113.7"), person(1)).status_code == 429


def test_signing_rate_limit_defaults():
    from django.conf import settings

    assert settings.STEMCHARTER_RATE_LIMITS["charter_sign"] == "5/h/ip,3/d/key"


def test_signing_rate_limit_message_in_dutch(charter):
    client = from_address("203.0.113.7")
    for number in range(5):
        sign(from_address("203.0.113.7"), person(number), prefix="")
    response = sign(client, person(5), prefix="")
    assert response.status_code == 429
    assert 'lang="nl"' in response.content.decode()
    assert client.get(CHECK_URL.removeprefix("/en")).status_code == 200  # the answers are kept


def test_signing_rate_limit_per_logged_in_signer(settings, charter):
    """A logged-in signer makes an organisation and emails the coordinators at each signing:
    limited per person (settings.STEMCHARTER_RATE_LIMITS["charter_sign_member"])."""
    assert settings.STEMCHARTER_RATE_LIMITS["charter_sign_member"] == "10/d/user"
    settings.STEMCHARTER_RATE_LIMITS = {
        **settings.STEMCHARTER_RATE_LIMITS,
        "charter_sign_member": "2/d/user",
    }
    user = UserFactory(email="piet@example.org", name="Piet Janssens")
    client = from_address("203.0.113.7")
    client.force_login(user)
    for number in range(2):
        response = sign(client, person(number, signer_name="Piet Janssens"))
        assert response["Location"] == DONE_URL
    response = sign(client, person(2, signer_name="Piet Janssens"))
    assert response.status_code == 429
    assert errors_of(response, "__all__") == [
        "You signed several times today. Try again tomorrow: your answers are kept."
    ]
    assert client.session[SESSION_DRAFT_KEY]["steps"]["organisation"]["name"] == "Persoon 2"
    assert Signature.objects.count() == 2
    # Another person from the same address is not limited by it.
    other = from_address("203.0.113.7")
    other.force_login(UserFactory())
    assert sign(other, person(3))["Location"] == DONE_URL


def test_signup_rate_limit_per_client_address_is_the_signing_one(settings, client):
    """allauth's own signup makes an account and emails any address like an anonymous
    signing: limited per client address the same way (allauth's default is 20 a minute)."""
    assert settings.ACCOUNT_RATE_LIMITS["signup"] == "5/h/ip"
    url = reverse("account_signup")
    for number in range(5):
        response = from_address("203.0.113.7").post(
            url,
            {
                "email": f"nieuw{number}@example.org",
                "password1": "een-lang-wachtwoord-1",
                "password2": "een-lang-wachtwoord-1",
            },
        )
        assert response.status_code == 302, response.content
    response = from_address("203.0.113.7").post(
        url,
        {
            "email": "nieuw9@example.org",
            "password1": "een-lang-wachtwoord-1",
            "password2": "een-lang-wachtwoord-1",
        },
    )
    assert response.status_code == 429
    assert not User.objects.filter(email="nieuw9@example.org").exists()
