"""The last steps of signing: the check page, a double click on its button (the done page,
not an error), and the done page (shown while the address can be corrected, then once; a title
like its heading; send the email again)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from stemcharter.charter import services as charter_services
from stemcharter.charter.models import Signature
from stemcharter.charter.signing import SESSION_SIGNED_KEY
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CommitmentFactory,
    SignatureFactory,
)
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    DONE_URL,
    errors_of,
    sign,
    sign_data,
    submission_key,
    walk,
)
from stemcharter.charter.views import public as public_views
from stemcharter.organisations.services import DuplicateOrganisationError
from stemcharter.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

EMAIL = "ann.peeters@example.org"


# Check your answers


def test_check_page_rows(client, charter):
    walk(client)
    content = client.get(CHECK_URL).content.decode()
    assert "<dt>Enterprise number</dt><dd>0123.456.749</dd>" in content
    assert "<dt>Password</dt><dd>Chosen</dd>" in content
    assert "<dt>Authorised to sign</dt><dd>Yes</dd>" in content
    assert "Choose a password" not in content
    assert "Chosen (not shown)" not in content


def test_check_page_shows_the_commitment_as_the_signatorys_page_will(client, charter):
    """Neither page renders Markdown in a commitment (its hint promises none): both show it as
    typed, escaped, with its line breaks; what the check page shows is what will be public."""
    typed = "**Stages** voor <b>2</b> klassen\nen een opendag"
    walk(client, sign_data(commitment=typed))
    check = client.get(CHECK_URL).content.decode()
    shown = "**Stages** voor &lt;b&gt;2&lt;/b&gt; klassen<br>en een opendag"
    assert shown in check
    organisation = OrganisationFactory()
    signature = ApprovedSignatureFactory(organisation=organisation, charter_version=charter)
    CommitmentFactory(signature=signature, description=typed)
    public = client.get(signature.organisation.get_absolute_url()).content.decode()
    assert shown in public


# A double click on the final button


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

        monkeypatch.setattr(charter_services, "signature_submit", fail)
    else:

        def fail(**kwargs):
            raise ValidationError({"email": ValidationError("exists", code="account_exists")})

        monkeypatch.setattr(charter_services, "user_create", fail)

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

    monkeypatch.setattr(charter_services, "signature_submit", fail)
    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 200
    assert errors_of(response, "name") == ["An organisation with this name is already registered."]


# The done page: shown once, a title like its heading, send the email again


def test_done_page_shows_the_signature_while_it_can_be_corrected_then_once(client, charter):
    sign(client)
    first = client.get(DONE_URL).content.decode()
    assert "Fictief Bouwbedrijf nv" in first
    assert "<title>Thank you for signing" in first
    assert "<h1>Thank you for signing</h1>" in first
    # A reload within the hour, unconfirmed: the same page (the address can be corrected).
    again = client.get(DONE_URL).content.decode()
    assert "Fictief Bouwbedrijf nv" in again
    # Confirmed: shown once more, then to nobody (a shared computer).
    Signature.objects.update(status=Signature.Status.SUBMITTED)
    assert "Fictief Bouwbedrijf nv" in client.get(DONE_URL).content.decode()
    gone = client.get(DONE_URL).content.decode()
    assert "Fictief Bouwbedrijf nv" not in gone
    assert EMAIL not in gone
    assert "<title>Signature sent" in gone
    assert "<h1>Signature sent</h1>" in gone
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
