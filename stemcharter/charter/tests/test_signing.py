"""The signing journey at /ondertekenen/: form, account, organisation, confirmation."""

import io
import re
import uuid

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.models import ActionType
from stemcharter.charter.models import Commitment, Signature
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    SignatureFactory,
)
from stemcharter.common.tests.test_images import png_header_claiming
from stemcharter.organisations.models import Category, Membership, Organisation, Sector
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.models import Subregion

pytestmark = pytest.mark.django_db

# English pages, so that the messages the tests read stay English once Dutch is translated.
SIGN_URL = "/en/ondertekenen/"
DONE_URL = "/en/ondertekenen/verzonden/"
SIGN_URL_NL = "/ondertekenen/"
DONE_URL_NL = "/ondertekenen/verzonden/"
PASSWORD = "Unusual-sentence-for-testing-42"


@pytest.fixture
def charter():
    return CharterVersionFactory(number=1)


@pytest.fixture
def coordinator():
    return CoordinatorFactory(email="coordinator@example.org", language="en")


def sign_data(**overrides):
    """A complete, valid POST for an anonymous signer and a new organisation."""
    action_types = ActionType.objects.filter(is_active=True)
    data = {
        "submission_key": str(uuid.uuid4()),
        "name": "Fictief Bouwbedrijf nv",
        "category": Category.COMPANY,
        "sector": Sector.objects.order_by("pk").first().pk,
        "enterprise_number": "0123.456.749",
        "website": "www.fictief-bouw.example",
        "description": "We build fictional bridges.",
        "subregions": [s.pk for s in Subregion.objects.order_by("pk")[:2]],
        "signer_name": "Ann Peeters",
        "signer_function": "Director",
        "email": "Ann.Peeters@Example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "may_sign": "on",
        "action_types": [action_types[0].pk],
        "commitment": "We welcome ten pupils a year for a day in our workshop.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def png_upload(name="logo.png", size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def errors_of(response, field):
    with translation.override("en"):
        return list(response.context["form"].errors.get(field, []))


def assert_unique_ids(content):
    ids = re.findall(r'\sid="([^"]+)"', content)
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates


# The page


def test_sign_page_for_anonymous_visitor(client, charter):
    response = client.get(SIGN_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    for legend in ("Your organisation", "You, the signer", "Your commitment"):
        assert f"<legend>{legend}</legend>" in content
    # fieldsets in the order of the journey
    assert content.index("Your organisation") < content.index("You, the signer")
    assert content.index("You, the signer") < content.index("Your commitment")
    assert 'type="hidden" name="submission_key"' in content
    assert 'name="password1"' in content
    assert 'enctype="multipart/form-data"' in content
    # the seven categories and the subregions grouped per province
    assert content.count('name="category"') == 7
    assert (
        content.count('class="subregion-group"')
        == Subregion.objects.values("province").distinct().count()
    )
    assert "<title>Sign the charter" in content
    assert_unique_ids(content)


def test_sign_page_without_a_published_charter(client):
    response = client.get(SIGN_URL)
    assert response.status_code == 200
    assert "The charter is not published yet" in response.content.decode()
    response = client.post(SIGN_URL, sign_data())
    assert response.status_code == 200
    assert not User.objects.exists()
    assert not Signature.objects.exists()


# The happy path: anonymous signer, in English, then the email confirmation


def test_anonymous_signer_signs_and_confirms_email(client, charter, coordinator):
    response = client.post(SIGN_URL, sign_data())
    assert response.status_code == 302
    assert response["Location"] == "/en/ondertekenen/verzonden/"

    user = User.objects.get(email="ann.peeters@example.org")
    assert user.name == "Ann Peeters"
    assert user.language == "en"
    assert user.check_password(PASSWORD)
    email_address = EmailAddress.objects.get(user=user)
    assert email_address.email == "ann.peeters@example.org"
    assert email_address.primary
    assert not email_address.verified

    organisation = Organisation.objects.get()
    assert organisation.name == "Fictief Bouwbedrijf nv"
    assert organisation.enterprise_number == "0123456749"
    assert organisation.website == "https://www.fictief-bouw.example"
    assert organisation.subregions.count() == 2
    assert Membership.objects.get(organisation=organisation).user == user
    assert Membership.objects.get(organisation=organisation).role == Membership.Role.ADMIN

    signature = Signature.objects.get()
    assert signature.organisation == organisation
    assert signature.charter_version == charter
    assert signature.status == Signature.Status.AWAITING_EMAIL
    assert signature.signer == user
    assert signature.signer_function == "Director"
    commitment = Commitment.objects.get(signature=signature)
    assert commitment.description.startswith("We welcome ten pupils")
    assert commitment.action_types.count() == 1

    # One confirmation email, in the language of the page the signer used.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann.peeters@example.org"]
    assert "Confirm your email address" in message.subject
    assert "Hello from" in message.body  # allauth's English greeting ("Hallo van" in Dutch)
    assert "also submits your signature" in message.body
    link = re.search(r"http://testserver(/en/account/confirm-email/([^/\s]+)/)", message.body)
    assert link is not None
    assert EmailConfirmationHMAC.from_key(link.group(2)).email_address == email_address

    # The done page tells what happens next, to this session only.
    done = client.get(response["Location"])
    assert done.status_code == 200
    done_content = done.content.decode()
    assert "Check your email and click the link." in done_content
    assert "Fictief Bouwbedrijf nv" in done_content

    # Confirming the email submits the signature and tells the signer and the coordinators.
    mail.outbox.clear()
    response = client.post(link.group(1))
    assert response.status_code == 302
    email_address.refresh_from_db()
    assert email_address.verified
    signature.refresh_from_db()
    assert signature.status == Signature.Status.SUBMITTED
    assert signature.submitted_at is not None
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == ["ann.peeters@example.org", "coordinator@example.org"]
    to_signer = next(m for m in mail.outbox if m.to == ["ann.peeters@example.org"])
    assert "We received the signature of Fictief Bouwbedrijf nv" in to_signer.subject


def test_confirmation_email_is_in_dutch_when_signing_on_the_dutch_page(client, charter):
    response = client.post(SIGN_URL_NL, sign_data())
    assert response.status_code == 302
    assert response["Location"] == DONE_URL_NL
    assert User.objects.get().language == "nl"
    assert len(mail.outbox) == 1
    assert "Hallo van" in mail.outbox[0].body
    assert "/account/confirm-email/" in mail.outbox[0].body
    assert "/en/account/" not in mail.outbox[0].body


def test_confirm_via_allauth_url_from_hmac_key(client, charter, coordinator):
    client.post(SIGN_URL, sign_data())
    email_address = EmailAddress.objects.get(email="ann.peeters@example.org")
    key = EmailConfirmationHMAC(email_address).key
    mail.outbox.clear()
    response = client.post(reverse("account_confirm_email", args=[key]))
    assert response.status_code == 302
    assert Signature.objects.get().status == Signature.Status.SUBMITTED
    assert len(mail.outbox) == 2


def test_done_page_does_not_show_the_signature_to_another_session(client, charter):
    client.post(SIGN_URL, sign_data())
    other = client.__class__()
    response = other.get(DONE_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fictief Bouwbedrijf" not in content
    assert "ann.peeters@example.org" not in content
    assert "check your email" in content


def test_individual_needs_no_enterprise_number_or_sector(client, charter):
    data = sign_data(
        name="Ann Peeters", category=Category.INDIVIDUAL, enterprise_number="", sector=""
    )
    response = client.post(SIGN_URL, data)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.enterprise_number == ""
    assert organisation.sector is None


def test_a_second_commitment_can_be_added(client, charter):
    second_type = ActionType.objects.filter(is_active=True)[1]
    data = sign_data(
        second_action_types=[second_type.pk], second_commitment="We lend robots to schools."
    )
    response = client.post(SIGN_URL, data)
    assert response.status_code == 302
    assert Commitment.objects.count() == 2
    assert Commitment.objects.last().action_types.get() == second_type


def test_a_valid_logo_is_stored_with_its_size(client, charter):
    response = client.post(SIGN_URL, {**sign_data(), "logo": png_upload()})
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.logo.name.startswith("logos/")
    assert (organisation.logo_width, organisation.logo_height) == (40, 20)


# Logged-in signers


def test_logged_in_verified_user_signs_straight_to_review(client, charter, coordinator):
    user = UserFactory(email="piet@example.org", name="Piet Janssens")
    client.force_login(user)
    page = client.get(SIGN_URL).content.decode()
    assert 'name="password1"' not in page
    assert 'value="piet@example.org"' in page
    assert 'value="Piet Janssens"' in page
    assert "disabled" in re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)

    data = sign_data(email="someone-else@example.org", signer_name="Piet Janssens")
    response = client.post(SIGN_URL, data)
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.SUBMITTED
    assert signature.signer == user
    assert signature.signer_email == "piet@example.org"
    assert not User.objects.filter(email="someone-else@example.org").exists()
    assert Membership.objects.get().user == user
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2  # received (signer) + to review (coordinator), no confirmation
    assert not any("Confirm your email" in s for s in subjects)
    done = client.get(DONE_URL).content.decode()
    assert "A coordinator reviews your signature within 5 working days." in done


def test_admin_signs_for_an_existing_organisation(client, charter):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(membership.user)
    page = client.get(SIGN_URL).content.decode()
    assert f"For {membership.organisation.name}" in page
    assert "For a new organisation" in page
    assert "<legend>A new organisation</legend>" in page
    assert_unique_ids(page)

    data = sign_data(
        organisation_choice=str(membership.organisation.pk),
        name="",
        category="",
        sector="",
        enterprise_number="not checked",
        subregions=[],
    )
    response = client.post(SIGN_URL, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Organisation.objects.count() == 1
    signature = Signature.objects.get()
    assert signature.organisation == membership.organisation
    assert signature.status == Signature.Status.SUBMITTED


def test_admin_can_still_choose_a_new_organisation(client, charter):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(membership.user)
    response = client.post(SIGN_URL, sign_data(organisation_choice="new"))
    assert response.status_code == 302
    assert Signature.objects.get().organisation.name == "Fictief Bouwbedrijf nv"


def test_organisation_that_cannot_sign_is_not_offered(client, charter):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    ApprovedSignatureFactory(organisation=membership.organisation, charter_version=charter)
    client.force_login(membership.user)
    page = client.get(SIGN_URL).content.decode()
    assert 'name="organisation_choice"' not in page
    assert "has already signed the current charter" in page


def test_post_naming_another_organisation_is_refused(client, charter):
    own = MembershipFactory(role=Membership.Role.ADMIN)
    editor_of = MembershipFactory(user=own.user, role=Membership.Role.EDITOR).organisation
    stranger = OrganisationFactory()
    client.force_login(own.user)
    for organisation in (stranger, editor_of):
        data = sign_data(organisation_choice=str(organisation.pk), name="")
        response = client.post(SIGN_URL, data)
        assert response.status_code == 200
        assert errors_of(response, "organisation_choice") == [
            "Choose one of the organisations in the list."
        ]
    assert not Signature.objects.exists()


def test_anonymous_post_naming_an_organisation_creates_a_new_one(client, charter):
    stranger = OrganisationFactory()
    response = client.post(SIGN_URL, sign_data(organisation_choice=str(stranger.pk)))
    assert response.status_code == 302
    assert Signature.objects.get().organisation != stranger
    assert not stranger.signatures.exists()


# Bad input


def test_email_of_an_existing_account_asks_to_log_in(client, charter):
    UserFactory(email="ann.peeters@example.org")
    users = User.objects.count()
    response = client.post(SIGN_URL, sign_data())
    assert response.status_code == 200
    assert errors_of(response, "email") == [
        "There is already an account with this email address. Log in first, then sign."
    ]
    content = response.content.decode()
    assert 'href="/en/account/login/?next=%2Fen%2Fondertekenen%2F"' in content
    assert User.objects.count() == users
    assert not Organisation.objects.exists()
    assert not Signature.objects.exists()
    assert mail.outbox == []


def test_invalid_email(client, charter):
    response = client.post(SIGN_URL, sign_data(email="not-an-email"))
    assert response.status_code == 200
    assert errors_of(response, "email") == [
        "Enter an email address in the correct format, like name@example.com."
    ]
    content = response.content.decode()
    assert "<title>Error: Sign the charter" in content
    assert "There is a problem" in content
    assert 'href="#id_email"' in content
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("website", "https://example.org/" + "a" * 200),
        ("email", "a" * 250 + "@example.org"),
        ("name", "N" * 201),
        ("signer_function", "F" * 151),
        ("description", "D" * 1001),
        ("commitment", "C" * 2001),
    ],
)
def test_too_long_input_is_an_error_not_a_crash(client, charter, field, value):
    response = client.post(SIGN_URL, sign_data(**{field: value}))
    assert response.status_code == 200
    assert errors_of(response, field)
    assert not Signature.objects.exists()


def test_sign_page_in_dutch(client, charter):
    response = client.get(SIGN_URL_NL)
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()


def test_invalid_enterprise_number(client, charter):
    response = client.post(SIGN_URL, sign_data(enterprise_number="0123.456.748"))
    assert response.status_code == 200
    assert errors_of(response, "enterprise_number") == [
        "Enter a valid enterprise number, for example 0123.456.749."
    ]
    # Nothing typed is lost.
    content = response.content.decode()
    assert 'value="0123.456.748"' in content
    assert 'value="Fictief Bouwbedrijf nv"' in content
    assert "We welcome ten pupils a year" in content


def test_enterprise_number_is_required_for_organisations(client, charter):
    response = client.post(SIGN_URL, sign_data(enterprise_number=""))
    assert response.status_code == 200
    assert "for example 0123.456.749" in errors_of(response, "enterprise_number")[0]


def test_missing_commitment(client, charter):
    response = client.post(SIGN_URL, sign_data(commitment="  ", action_types=[]))
    assert response.status_code == 200
    assert errors_of(response, "commitment") == ["Describe your commitment in your own words."]
    assert errors_of(response, "action_types") == ["Choose at least one kind of action."]
    assert not Signature.objects.exists()
    assert not User.objects.exists()


def test_half_a_second_commitment_is_refused(client, charter):
    response = client.post(SIGN_URL, sign_data(second_commitment="Something more."))
    assert response.status_code == 200
    assert errors_of(response, "second_action_types") == [
        "Choose at least one kind of action for it."
    ]
    assert '<details class="extra-commitment" open>' in response.content.decode()


def test_missing_subregion_and_permission_checkbox(client, charter):
    response = client.post(SIGN_URL, sign_data(subregions=[], may_sign=None))
    assert response.status_code == 200
    assert errors_of(response, "subregions") == ["Choose at least one subregion."]
    assert errors_of(response, "may_sign") == [
        "Confirm that you may sign on behalf of this organisation."
    ]


def test_passwords_must_match_and_be_strong(client, charter):
    response = client.post(SIGN_URL, sign_data(password2="something-else-entirely"))
    assert errors_of(response, "password2") == [
        "The two passwords are different. Enter the same password twice."
    ]
    response = client.post(SIGN_URL, sign_data(password1="password", password2="password"))
    assert errors_of(response, "password1")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("logo.png", b"plain text, no picture", content_type="image/png"),
            "The file is not an image. Choose a PNG, JPEG, GIF or WebP file.",
        ),
        (
            SimpleUploadedFile("logo.png", b"\0" * (5 * 1024 * 1024 + 1), content_type="image/png"),
            "The image is larger than 5 MB. Choose a smaller file.",
        ),
        (
            SimpleUploadedFile(
                "logo.png", png_header_claiming(100_000, 100_000), content_type="image/png"
            ),
            "The image has too many pixels. Choose an image of at most 40 megapixels.",
        ),
    ],
    ids=["not-an-image", "larger-than-5-mb", "decompression-bomb"],
)
def test_bad_logo_is_refused_with_a_clear_message(client, charter, upload, message):
    response = client.post(SIGN_URL, {**sign_data(), "logo": upload})
    assert response.status_code == 200
    assert errors_of(response, "logo") == [message]
    assert "choose the logo again" in response.content.decode()
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_logo_hint_when_another_field_fails(client, charter):
    response = client.post(SIGN_URL, {**sign_data(email="bad"), "logo": png_upload()})
    assert response.status_code == 200
    assert errors_of(response, "logo") == []
    assert "choose the logo again" in response.content.decode()


def test_same_enterprise_number_cannot_sign_twice(client, charter):
    existing = OrganisationFactory(name="Other name", enterprise_number="0123456749")
    response = client.post(SIGN_URL, sign_data(enterprise_number="BE 0123 456 749"))
    assert response.status_code == 200
    assert errors_of(response, "enterprise_number") == [
        "An organisation with this enterprise number is already registered."
    ]
    content = response.content.decode()
    join_url = reverse("portal:join-request-create", kwargs={"slug": existing.slug})
    assert f'href="{join_url}"' in content
    assert "Ask to join Other name instead" in content
    assert 'value="Ann Peeters"' in content  # nothing typed is lost
    # The account made for this attempt was rolled back with it.
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert Organisation.objects.count() == 1
    assert mail.outbox == []


def test_same_name_after_normalising_cannot_sign_twice(client, charter):
    existing = OrganisationFactory(name="Acme")
    response = client.post(SIGN_URL, sign_data(name="ACME nv"))
    assert response.status_code == 200
    assert errors_of(response, "name") == ["An organisation with this name is already registered."]
    join_url = reverse("portal:join-request-create", kwargs={"slug": existing.slug})
    assert f'href="{join_url}"' in response.content.decode()
    assert not User.objects.exists()


def test_form_posted_twice_creates_one_signature(client, charter):
    data = sign_data()
    first = client.post(SIGN_URL, data)
    second = client.post(SIGN_URL, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == DONE_URL
    assert Signature.objects.count() == 1
    assert User.objects.count() == 1
    assert Organisation.objects.count() == 1
    assert len(mail.outbox) == 1
    # Even from a browser that lost the first response's session cookie.
    fresh = client.__class__()
    third = fresh.post(SIGN_URL, data)
    assert third.status_code == 302
    assert Signature.objects.count() == 1


def test_open_signature_blocks_a_second_one_for_the_same_organisation(client, charter):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    SignatureFactory(organisation=membership.organisation, charter_version=charter)
    client.force_login(membership.user)
    data = sign_data(organisation_choice=str(membership.organisation.pk))
    response = client.post(SIGN_URL, data)
    assert response.status_code == 200
    assert errors_of(response, "__all__") == [
        "This organisation's signature is already waiting for confirmation or review."
    ]
    assert "already waiting for confirmation or review" in response.content.decode()
    assert Signature.objects.count() == 1
    assert Organisation.objects.count() == 1
