"""Review fixes of the signing journey: confirming in another browser, double clicks, the done
page, the check page, the organisation fields and the duplicate message."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.charter.signing import SESSION_SIGNED_KEY
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    DONE_URL,
    PASSWORD,
    SIGN_URL,
    errors_of,
    public_signature,
    sign,
    sign_data,
    submission_key,
    walk,
)
from stemcharter.charter.views import public as public_views
from stemcharter.organisations.forms import OrganisationProfileForm
from stemcharter.organisations.models import Category, Organisation, Sector
from stemcharter.organisations.services import DuplicateOrganisationError
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory

pytestmark = pytest.mark.django_db

EMAIL = "ann.peeters@example.org"
NEUTRAL = (
    "This organisation is already being registered. If it is yours, ask the person who signed "
    "for it, or contact the coordinators."
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth's rate limits live in the cache, shared between tests
    yield
    cache.clear()


@pytest.fixture
def charter():
    from stemcharter.charter.tests.factories import CharterVersionFactory

    return CharterVersionFactory(number=1)


def confirm_url():
    email_address = EmailAddress.objects.get(email=EMAIL)
    return reverse("account_confirm_email", args=[EmailConfirmationHMAC(email_address).key])


# 1. Confirming the email in another browser than the one that signed


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


# 2. A double click on the final button


@pytest.mark.parametrize("failure", ["duplicate_organisation", "account_exists"])
def test_second_click_that_fails_on_the_first_ones_data_shows_the_done_page(
    client, charter, monkeypatch, failure
):
    walk(client)
    key = submission_key(client)
    # The first click committed meanwhile; the second had already passed the early check.
    first = SignatureFactory(
        submission_key=key, status=Signature.Status.AWAITING_EMAIL, charter_version=charter
    )
    monkeypatch.setattr(public_views, "_signature_for_submission_key", lambda value: None)
    if failure == "duplicate_organisation":

        def fail(**kwargs):
            raise DuplicateOrganisationError(
                "An organisation with this name is already registered.",
                organisation=first.organisation,
                field="name",
            )

        monkeypatch.setattr(public_views, "signature_submit", fail)
    else:

        def fail(**kwargs):
            raise ValidationError({"email": ValidationError("exists", code="account_exists")})

        monkeypatch.setattr(public_views, "signer_account_create", fail)

    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    assert Signature.objects.count() == 1
    assert first.pk in client.session[SESSION_SIGNED_KEY]


def test_real_duplicate_without_a_signature_still_shows_the_error(client, charter, monkeypatch):
    walk(client)
    key = submission_key(client)
    existing = OrganisationFactory(name="Other name")

    def fail(**kwargs):
        raise DuplicateOrganisationError(
            "An organisation with this name is already registered.",
            organisation=existing,
            field="name",
        )

    monkeypatch.setattr(public_views, "signature_submit", fail)
    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 200
    assert errors_of(response, "name") == ["An organisation with this name is already registered."]


# 3 and 4. The done page: shown once, a title like its heading, send the email again


def test_done_page_shows_the_signature_once(client, charter):
    sign(client)
    first = client.get(DONE_URL).content.decode()
    assert "Fictief Bouwbedrijf nv" in first
    assert "<title>Thank you for signing" in first
    assert "<h1>Thank you for signing</h1>" in first
    again = client.get(DONE_URL).content.decode()
    assert "Fictief Bouwbedrijf nv" not in again
    assert EMAIL not in again
    assert "<title>Signature sent" in again
    assert "<h1>Signature sent</h1>" in again
    # Which browser signed is still known (for the email confirmation).
    assert client.session[SESSION_SIGNED_KEY] == [Signature.objects.get().pk]


def test_done_page_sends_the_confirmation_email_again(client, charter):
    sign(client)
    signature = Signature.objects.get()
    page = client.get(DONE_URL).content.decode()
    assert ">Send the email again</button>" in page
    # The submission key, not the pk: it looks the same for an address that has an account.
    assert f'name="signature" value="{signature.submission_key}"' in page
    mail.outbox.clear()

    response = client.post(DONE_URL, {"signature": signature.submission_key}, follow=True)
    assert response.redirect_chain == [(DONE_URL, 302)]
    content = response.content.decode()
    assert f"We sent the email to {EMAIL} again." in content
    assert "Fictief Bouwbedrijf nv" in content  # the page shows the signature again
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    assert "/account/confirm-email/" in mail.outbox[0].body

    # Rate-limited by allauth: a second click right away sends nothing.
    response = client.post(DONE_URL, {"signature": signature.submission_key}, follow=True)
    assert "Wait a few minutes, then try again." in response.content.decode()
    assert len(mail.outbox) == 1


def test_send_again_only_for_a_signature_of_this_browser_that_waits(client, charter):
    sign(client)
    signature = Signature.objects.get()
    mail.outbox.clear()
    other = Client()
    response = other.post(DONE_URL, {"signature": signature.submission_key})
    assert response.status_code == 302
    assert mail.outbox == []
    assert "Fictief" not in other.get(DONE_URL).content.decode()

    Signature.objects.update(status=Signature.Status.SUBMITTED)
    client.post(DONE_URL, {"signature": signature.submission_key})
    client.post(DONE_URL, {"signature": "not-a-number"})
    assert mail.outbox == []


# 5. Check your answers


def test_check_page_rows(client, charter):
    walk(client)
    content = client.get(CHECK_URL).content.decode()
    assert "<dt>Enterprise number</dt><dd>0123.456.749</dd>" in content
    assert "<dt>Password</dt><dd>Chosen</dd>" in content
    assert "<dt>Authorised to sign</dt><dd>Yes</dd>" in content
    assert "Choose a password" not in content
    assert "Chosen (not shown)" not in content


# 6. Sector and enterprise number: required except for individuals, one wording


SECTOR_HINT = "Not needed for an individual."
NUMBER_HINT = (
    "The Belgian enterprise number, for example 0123.456.749. Not needed for an individual."
)


def assert_field_markup(content, field_id):
    tag = re.search(rf'<(?:input|select)[^>]*id="{field_id}"[^>]*>', content).group(0)
    assert " required" not in tag
    label = re.search(rf'<label for="{field_id}">(.*?)</label>', content, re.S).group(1)
    assert "optional" not in label


def test_step_one_sector_and_enterprise_number_markup(client, charter):
    content = client.get(SIGN_URL).content.decode()
    assert_field_markup(content, "id_sector")
    assert_field_markup(content, "id_enterprise_number")
    assert SECTOR_HINT in content
    assert NUMBER_HINT in content
    # Also when the page comes back with errors for an individual.
    response = walk(
        client,
        sign_data(category=Category.INDIVIDUAL, sector="", enterprise_number="", name=""),
        steps=("organisation",),
    )
    assert response.status_code == 200
    assert_field_markup(response.content.decode(), "id_sector")
    assert_field_markup(response.content.decode(), "id_enterprise_number")


def test_step_one_requires_sector_and_number_except_for_individuals(client, charter):
    response = walk(client, sign_data(sector="", enterprise_number=""), steps=("organisation",))
    assert response.status_code == 200
    assert errors_of(response, "sector") == ["Choose the sector of the organisation."]
    assert errors_of(response, "enterprise_number") == [
        "Enter the enterprise number, for example 0123.456.749. "
        "Only individuals can leave it empty."
    ]
    response = walk(
        client,
        sign_data(category=Category.INDIVIDUAL, sector="", enterprise_number=""),
        steps=("organisation",),
    )
    assert response.status_code == 302


def test_portal_profile_form_sector_and_enterprise_number(english):
    form = OrganisationProfileForm()
    html = form["sector"].as_field_group() + form["enterprise_number"].as_field_group()
    assert_field_markup(html, "id_sector")
    assert_field_markup(html, "id_enterprise_number")
    assert SECTOR_HINT in html
    assert NUMBER_HINT in html

    subregion = SubregionFactory()
    data = {
        "name": "Eigen",
        "town": "Gent",
        "category": Category.COMPANY,
        "subregions": [subregion.pk],
    }
    form = OrganisationProfileForm(data={**data, "sector": "", "enterprise_number": ""})
    assert not form.is_valid()
    assert form.errors["sector"] == ["Choose the sector of the organisation."]
    assert form.errors["enterprise_number"]
    sector = Sector.objects.order_by("pk").first()
    form = OrganisationProfileForm(
        data={**data, "sector": sector.pk, "enterprise_number": "0123.456.749"}
    )
    assert form.is_valid(), form.errors
    form = OrganisationProfileForm(
        data={**data, "category": Category.INDIVIDUAL, "sector": "", "enterprise_number": ""}
    )
    assert form.is_valid(), form.errors


# 8. The duplicate message names only a public signatory


def test_duplicate_that_is_not_public_is_not_named(client, charter):
    existing = OrganisationFactory(name="Secret Squat bv", enterprise_number="0123456749")
    SignatureFactory(organisation=existing, status=Signature.Status.AWAITING_EMAIL)
    response = walk(client, sign_data(enterprise_number="0123.456.749"))
    assert response.status_code == 200
    content = response.content.decode()
    assert NEUTRAL in content
    assert "Secret Squat" not in content
    assert reverse("portal:join-request-create", kwargs={"slug": existing.slug}) not in content
    assert "Ask to join" not in content


def test_duplicate_at_the_last_moment_that_is_not_public_is_not_named(client, charter):
    walk(client)
    key = submission_key(client)
    OrganisationFactory(name="Secret Squat bv", enterprise_number="0123456749")
    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 200
    content = response.content.decode()
    assert NEUTRAL in content
    assert "Secret Squat" not in content
    assert "Ask to join" not in content


def test_duplicate_that_is_public_is_named_with_a_join_link(client, charter):
    existing = OrganisationFactory(name="Open Signatory bv", enterprise_number="0123456749")
    public_signature(existing, charter)
    content = walk(client).content.decode()
    assert "Ask to join Open Signatory bv instead" in content
    assert reverse("portal:join-request-create", kwargs={"slug": existing.slug}) in content
    assert NEUTRAL not in content


def test_organisation_count_unchanged_by_failed_step(client, charter):
    OrganisationFactory(name="Secret Squat bv", enterprise_number="0123456749")
    walk(client)
    assert Organisation.objects.count() == 1
