"""The signing journey under /ondertekenen/: four steps, a draft in the session, the account,
the organisation and the email confirmation."""

import io
import re
import uuid

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.charter.models import Commitment, Signature
from stemcharter.charter.signing import SESSION_DRAFT_KEY
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    SignatureFactory,
)
from stemcharter.common.tests.test_images import png_header_claiming
from stemcharter.organisations.models import Category, Membership, Organisation
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType, Sector

pytestmark = pytest.mark.django_db

# English pages, so that the messages the tests read stay English once Dutch is translated.
SIGN_URL = "/en/ondertekenen/"
SIGNER_URL = "/en/ondertekenen/jij/"
COMMITMENT_URL = "/en/ondertekenen/engagement/"
CHECK_URL = "/en/ondertekenen/controleren/"
DONE_URL = "/en/ondertekenen/verzonden/"
SIGN_URL_NL = "/ondertekenen/"
DONE_URL_NL = "/ondertekenen/verzonden/"
PASSWORD = "Unusual-sentence-for-testing-42"

STEP_FIELDS = {
    "organisation": (
        "organisation_choice",
        "name",
        "town",
        "category",
        "sector",
        "enterprise_number",
        "website",
        "description",
        "subregions",
        "logo",
        "remove_logo",
    ),
    "signer": ("signer_name", "signer_function", "email", "password1", "password2", "may_sign"),
    "commitment": ("action_types", "commitment", "second_action_types", "second_commitment"),
}


def step_urls(prefix="/en"):
    base = f"{prefix}/ondertekenen/"
    return {
        "organisation": base,
        "signer": f"{base}jij/",
        "commitment": f"{base}engagement/",
        "check": f"{base}controleren/",
    }


@pytest.fixture
def coordinator():
    return CoordinatorFactory(email="coordinator@example.org", language="en")


def sign_data(**overrides):
    """Complete, valid answers for an anonymous signer and a new organisation."""
    action_types = ActionType.objects.filter(is_active=True)
    data = {
        "name": "Fictief Bouwbedrijf nv",
        "town": "Gent",
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


def for_existing(organisation, **overrides):
    """Answers of an admin who signs for their own organisation: no new organisation typed."""
    new_organisation = dict.fromkeys(STEP_FIELDS["organisation"][1:])
    return sign_data(organisation_choice=str(organisation.pk), **{**new_organisation, **overrides})


def step_post(step, data):
    return {key: value for key, value in data.items() if key in STEP_FIELDS[step]}


def walk(client, data=None, *, prefix="/en", steps=("organisation", "signer", "commitment")):
    """Post the answers step by step; stops at the first step that does not move on."""
    data = sign_data() if data is None else data
    urls = step_urls(prefix)
    response = None
    for step in steps:
        response = client.post(urls[step], step_post(step, data))
        if response.status_code != 302:
            return response
        assert response["Location"] == urls[list(urls)[list(urls).index(step) + 1]]
    return response


def submission_key(client, prefix="/en"):
    page = client.get(step_urls(prefix)["check"])
    assert page.status_code == 200
    return str(page.context["form"]["submission_key"].value())


def sign(client, data=None, *, prefix="/en"):
    """Walk all steps, then sign on the check page. Returns the last response."""
    response = walk(client, data, prefix=prefix)
    if response.status_code != 302:
        return response
    key = submission_key(client, prefix)
    return client.post(step_urls(prefix)["check"], {"submission_key": key})


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


def draft(client):
    return client.session.get(SESSION_DRAFT_KEY)


# The pages of the steps


def test_first_step_for_anonymous_visitor(client, charter):
    response = client.get(SIGN_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "<h1>Your organisation</h1>" in content
    assert "Step 1 of 4" in content
    # The way back is a button of the step's form: what was typed is saved first.
    assert 'form="step-form" name="go" value="leave" class="back-link button-link"' in content
    assert 'novalidate id="step-form"' in content
    assert 'enctype="multipart/form-data"' in content
    assert 'name="password1"' not in content
    # the seven categories and the subregions grouped per province
    assert content.count('name="category"') == 7
    assert (
        content.count('class="subregion-group"')
        == Subregion.objects.values("province").distinct().count()
    )
    assert "<title>Your organisation – Sign the charter" in content
    assert ">Continue</button>" in content
    assert_unique_ids(content)


def test_each_step_has_its_page_progress_and_way_back(client, charter):
    # On a step with a form, Back is a button of that form (the step before's slug).
    expected = [
        (SIGNER_URL, "You, the signer", "Step 2 of 4", 'name="go" value="organisation"'),
        (COMMITMENT_URL, "Your commitment", "Step 3 of 4", 'name="go" value="signer"'),
        (CHECK_URL, "Check your answers", "Step 4 of 4", f'href="{COMMITMENT_URL}"'),
    ]
    steps = ("organisation", "signer", "commitment")
    for index, (url, title, progress, back) in enumerate(expected):
        walk(client, steps=steps[: index + 1])
        content = client.get(url).content.decode()
        assert content.count("<h1") == 1
        assert f"<h1>{title}</h1>" in content
        assert progress in content
        assert back in content
        assert "back-link" in content
        assert_unique_ids(content)
    signer_page = client.get(SIGNER_URL).content.decode()
    assert 'name="password1"' in signer_page
    assert 'name="may_sign"' in signer_page


def test_skipping_ahead_goes_to_the_first_step_still_to_do(client, charter):
    for url in (SIGNER_URL, COMMITMENT_URL, CHECK_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == SIGN_URL
    assert client.post(CHECK_URL, {"submission_key": str(uuid.uuid4())})["Location"] == SIGN_URL
    walk(client, steps=("organisation",))
    for url in (COMMITMENT_URL, CHECK_URL):
        assert client.get(url)["Location"] == SIGNER_URL
    walk(client, steps=("signer",))
    assert client.get(CHECK_URL)["Location"] == COMMITMENT_URL
    assert client.get(SIGN_URL).status_code == 200  # going back is always possible
    assert not Signature.objects.exists()


def test_sign_page_without_a_published_charter(client):
    response = client.get(SIGN_URL)
    assert response.status_code == 200
    assert "The charter is not published yet" in response.content.decode()
    response = client.post(SIGN_URL, step_post("organisation", sign_data()))
    assert response.status_code == 200
    assert client.get(SIGNER_URL)["Location"] == SIGN_URL
    assert client.post(CHECK_URL, {"submission_key": str(uuid.uuid4())})["Location"] == SIGN_URL
    assert not User.objects.exists()
    assert not Signature.objects.exists()


def test_check_page_shows_every_answer_with_change_links(client, charter):
    second_type = ActionType.objects.filter(is_active=True)[1]
    data = sign_data(
        second_action_types=[second_type.pk], second_commitment="We lend robots to schools."
    )
    walk(client, data)
    response = client.get(CHECK_URL)
    content = response.content.decode()
    assert content.count('<dl class="summary"') == 3
    for text in (
        "Fictief Bouwbedrijf nv",
        "Companies, institutions and services",
        "<dd>0123.456.749</dd>",
        "https://www.fictief-bouw.example",
        "We build fictional bridges.",
        Subregion.objects.order_by("pk")[0].name,
        "Ann Peeters",
        "Director",
        "ann.peeters@example.org",
        "<dt>Password</dt><dd>Chosen</dd>",
        "<dt>Authorised to sign</dt><dd>Yes</dd>",
        "We welcome ten pupils a year",
        "We lend robots to schools.",
        str(second_type),
    ):
        assert text in content, text
    assert PASSWORD not in content
    for url in (SIGN_URL, SIGNER_URL, COMMITMENT_URL):
        assert f'<a href="{url}">Change' in content
    assert ">Sign the charter</button>" in content
    assert "<title>Check your answers – Sign the charter" in content
    assert_unique_ids(content)


def test_change_link_returns_to_a_prefilled_step(client, charter):
    walk(client)
    page = client.get(SIGN_URL).content.decode()
    assert 'value="Fictief Bouwbedrijf nv"' in page
    assert 'value="0123.456.749"' in page
    assert re.search(r'<input[^>]*value="company"[^>]*checked', page)
    first_subregion = Subregion.objects.order_by("pk")[0]
    assert re.search(rf'<input[^>]*value="{first_subregion.pk}"[^>]*checked', page)
    signer_page = client.get(SIGNER_URL).content.decode()
    assert 'value="Ann Peeters"' in signer_page
    assert PASSWORD not in signer_page  # passwords are never shown again
    assert "Leave both password fields empty to keep it." in signer_page
    assert re.search(r'<input[^>]*name="may_sign"[^>]*checked', signer_page)
    commitment_page = client.get(COMMITMENT_URL).content.decode()
    assert "We welcome ten pupils a year" in commitment_page

    # Change the name, keep the password: the draft keeps the rest.
    response = client.post(SIGN_URL, step_post("organisation", sign_data(name="Nieuwe Naam bv")))
    assert response["Location"] == SIGNER_URL
    response = client.post(SIGNER_URL, step_post("signer", sign_data(password1="", password2="")))
    assert response["Location"] == COMMITMENT_URL
    assert "Nieuwe Naam bv" in client.get(CHECK_URL).content.decode()
    key = submission_key(client)
    assert client.post(CHECK_URL, {"submission_key": key}).status_code == 302
    assert Organisation.objects.get().name == "Nieuwe Naam bv"
    assert User.objects.get().check_password(PASSWORD)


def test_password_is_not_kept_in_clear_in_the_session(client, charter):
    walk(client)
    stored = draft(client)
    assert PASSWORD not in repr(stored)
    assert stored["password_hash"].startswith("md5$")  # the tests' hasher
    assert "password1" not in stored["steps"]["signer"]
    assert "password2" not in stored["steps"]["signer"]
    client.post(CHECK_URL, {"submission_key": submission_key(client)})
    assert User.objects.get().check_password(PASSWORD)


def test_draft_is_cleared_after_signing(client, charter):
    response = sign(client)
    assert response["Location"] == DONE_URL
    assert draft(client) is None
    # A new journey starts empty.
    assert 'value="Fictief Bouwbedrijf nv"' not in client.get(SIGN_URL).content.decode()
    assert client.get(SIGNER_URL)["Location"] == SIGN_URL


# The happy path: anonymous signer, in English, then the email confirmation


def test_anonymous_signer_signs_and_confirms_email(client, charter, coordinator):
    response = sign(client)
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
    assert not organisation.logo
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
    response = sign(client, prefix="")
    assert response.status_code == 302
    assert response["Location"] == DONE_URL_NL
    assert User.objects.get().language == "nl"
    assert len(mail.outbox) == 1
    assert "Hallo van" in mail.outbox[0].body
    assert "/account/confirm-email/" in mail.outbox[0].body
    assert "/en/account/" not in mail.outbox[0].body


def test_dutch_step_pages(client, charter):
    response = client.get(SIGN_URL_NL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="nl"' in content
    walk(client, prefix="")
    check = client.get("/ondertekenen/controleren/").content.decode()
    assert "Onderteken" in re.search(r"<button[^>]*>([^<]*)</button>", check).group(1)


def test_confirm_via_allauth_url_from_hmac_key(client, charter, coordinator):
    sign(client)
    email_address = EmailAddress.objects.get(email="ann.peeters@example.org")
    key = EmailConfirmationHMAC(email_address).key
    mail.outbox.clear()
    response = client.post(reverse("account_confirm_email", args=[key]))
    assert response.status_code == 302
    assert Signature.objects.get().status == Signature.Status.SUBMITTED
    assert len(mail.outbox) == 2


def test_done_page_does_not_show_the_signature_to_another_session(client, charter):
    sign(client)
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
    response = sign(client, data)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.enterprise_number == ""
    assert organisation.sector is None


def test_a_second_commitment_can_be_added(client, charter):
    second_type = ActionType.objects.filter(is_active=True)[1]
    data = sign_data(
        second_action_types=[second_type.pk], second_commitment="We lend robots to schools."
    )
    response = sign(client, data)
    assert response.status_code == 302
    assert Commitment.objects.count() == 2
    assert Commitment.objects.last().action_types.get() == second_type


# The logo: validated at step 1, kept as a draft file, becomes the organisation's logo


def test_draft_logo_becomes_the_organisation_logo_and_the_draft_file_goes(client, charter):
    response = client.post(
        SIGN_URL, {**step_post("organisation", sign_data()), "logo": png_upload("our-logo.png")}
    )
    assert response["Location"] == SIGNER_URL
    draft_path = draft(client)["logo_path"]
    assert draft_path.startswith("drafts/")
    assert default_storage.exists(draft_path)
    walk(client, steps=("signer", "commitment"))
    check = client.get(CHECK_URL).content.decode()
    assert "our-logo.png" in check
    assert re.search(
        r'<img[^>]*src="/media/drafts/[^"]+"[^>]*alt="Logo of Fictief Bouwbedrijf nv"'
        r'[^>]*width="40" height="20"',
        check,
    )
    # Going back to step 1 says which logo is kept.
    assert "You chose the logo our-logo.png." in client.get(SIGN_URL).content.decode()

    client.post(CHECK_URL, {"submission_key": submission_key(client)})
    organisation = Organisation.objects.get()
    assert organisation.logo.name.startswith("logos/")
    assert organisation.logo.name.endswith(".png")
    assert (organisation.logo_width, organisation.logo_height) == (40, 20)
    assert default_storage.exists(organisation.logo.name)
    assert not default_storage.exists(draft_path)


def test_a_new_logo_replaces_the_draft_logo_and_can_be_removed(client, charter):
    data = step_post("organisation", sign_data())
    client.post(SIGN_URL, {**data, "logo": png_upload("first.png")})
    first_path = draft(client)["logo_path"]
    client.post(SIGN_URL, {**data, "logo": png_upload("second.png", size=(30, 30))})
    second_path = draft(client)["logo_path"]
    assert second_path != first_path
    assert not default_storage.exists(first_path)
    assert default_storage.exists(second_path)
    # Continuing without choosing a file keeps the draft logo.
    client.post(SIGN_URL, data)
    assert draft(client)["logo_path"] == second_path
    # Removing it deletes the file.
    client.post(SIGN_URL, {**data, "remove_logo": "on"})
    assert "logo_path" not in draft(client)
    assert not default_storage.exists(second_path)
    walk(client, steps=("signer", "commitment"))
    client.post(CHECK_URL, {"submission_key": submission_key(client)})
    assert not Organisation.objects.get().logo


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
    response = client.post(SIGN_URL, {**step_post("organisation", sign_data()), "logo": upload})
    assert response.status_code == 200
    assert errors_of(response, "logo") == [message]
    assert "choose the logo again" in response.content.decode()
    assert draft(client) is None
    assert not default_storage.exists("drafts") or not default_storage.listdir("drafts")[1]
    assert not Organisation.objects.exists()


def test_a_valid_logo_is_kept_when_another_field_fails(client, charter):
    data = step_post("organisation", sign_data(website="not a website at all"))
    response = client.post(SIGN_URL, {**data, "logo": png_upload("our-logo.png")})
    assert response.status_code == 200
    assert errors_of(response, "logo") == []
    content = response.content.decode()
    assert "We kept your logo our-logo.png: you do not need to choose it again." in content
    assert "choose the logo again" not in content
    assert draft(client)["logo_name"] == "our-logo.png"


# Logged-in signers


def test_logged_in_verified_user_signs_straight_to_review(client, charter, coordinator):
    user = UserFactory(email="piet@example.org", name="Piet Janssens")
    client.force_login(user)
    walk(client, steps=("organisation",))
    page = client.get(SIGNER_URL).content.decode()
    assert 'name="password1"' not in page
    assert 'value="piet@example.org"' in page
    assert 'value="Piet Janssens"' in page
    assert "disabled" in re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)

    data = sign_data(email="someone-else@example.org", signer_name="Piet Janssens")
    response = sign(client, data)
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

    # Details of a new organisation typed while the own one stays chosen (the default): not
    # checked ("not checked" is no enterprise number), but refused, each field saying what to do.
    data = sign_data(
        organisation_choice=str(membership.organisation.pk),
        name="",
        category="",
        sector="",
        enterprise_number="not checked",
        subregions=[],
    )
    response = client.post(SIGN_URL, step_post("organisation", data))
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field, label in (
        ("town", "Town or municipality"),
        ("enterprise_number", "Enterprise number"),
    ):
        (error,) = errors[field]
        assert error.startswith(f"“{label}” is not kept when the answer to “Who do you sign for?”")
        assert "choose “For a new organisation”" in error
    assert "name" not in errors  # a new organisation's name is not required for one's own

    response = walk(client, for_existing(membership.organisation))
    assert response.status_code == 302, response.context["form"].errors
    check = client.get(CHECK_URL).content.decode()
    assert membership.organisation.name in check
    response = client.post(CHECK_URL, {"submission_key": submission_key(client)})
    assert response.status_code == 302
    assert Organisation.objects.count() == 1
    signature = Signature.objects.get()
    assert signature.organisation == membership.organisation
    assert signature.status == Signature.Status.SUBMITTED


def test_admin_can_still_choose_a_new_organisation(client, charter):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(membership.user)
    response = sign(client, sign_data(organisation_choice="new"))
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
        response = client.post(SIGN_URL, step_post("organisation", data))
        assert response.status_code == 200
        assert errors_of(response, "organisation_choice") == [
            "Choose one of the organisations in the list."
        ]
    assert draft(client) is None
    assert not Signature.objects.exists()


def test_anonymous_post_naming_an_organisation_creates_a_new_one(client, charter):
    stranger = OrganisationFactory()
    response = sign(client, sign_data(organisation_choice=str(stranger.pk)))
    assert response.status_code == 302
    assert Signature.objects.get().organisation != stranger
    assert not stranger.signatures.exists()


def test_draft_of_someone_else_is_not_used_after_logging_in(client, charter):
    walk(client)
    client.force_login(UserFactory())
    assert client.get(CHECK_URL)["Location"] == SIGN_URL
    assert 'value="Fictief Bouwbedrijf nv"' not in client.get(SIGN_URL).content.decode()


# Bad input


def test_email_of_an_existing_account_is_not_revealed(client, charter):
    """Step 2 does not say that the address has an account (anyone could probe for them): the
    signing goes on, registers nothing, and the holder gets an email that says how to sign.
    See test_signing_abuse for the rest."""
    UserFactory(email="ann.peeters@example.org")
    users = User.objects.count()
    response = walk(client)
    assert response.status_code == 302
    assert errors_of(client.get(SIGNER_URL), "email") == []
    response = client.post(CHECK_URL, {"submission_key": submission_key(client)})
    assert response["Location"] == DONE_URL
    assert User.objects.count() == users
    assert not Organisation.objects.exists()
    assert not Signature.objects.exists()
    assert [m.to for m in mail.outbox] == [["ann.peeters@example.org"]]
    assert "/account/login/" in mail.outbox[0].body


def test_account_made_meanwhile_emails_its_holder(client, charter):
    walk(client)
    key = submission_key(client)
    UserFactory(email="ann.peeters@example.org")
    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    assert "Check your email and click the link." in client.get(DONE_URL).content.decode()
    assert not Organisation.objects.exists()
    assert not Signature.objects.exists()
    assert User.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["ann.peeters@example.org"]]


def test_invalid_email(client, charter):
    response = walk(client, sign_data(email="not-an-email"))
    assert response.status_code == 200
    assert errors_of(response, "email") == [
        "Enter an email address in the correct format, like name@example.com."
    ]
    content = response.content.decode()
    assert "<title>Error: You, the signer – Sign the charter" in content
    assert "There is a problem" in content
    assert 'href="#id_email"' in content
    assert 'value="Ann Peeters"' in content  # nothing typed is lost
    assert not User.objects.exists()
    assert client.get(COMMITMENT_URL)["Location"] == SIGNER_URL


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
    response = walk(client, sign_data(**{field: value}))
    assert response.status_code == 200
    assert errors_of(response, field)
    assert not Signature.objects.exists()


def test_invalid_enterprise_number(client, charter):
    response = walk(client, sign_data(enterprise_number="0123.456.748"))
    assert response.status_code == 200
    assert errors_of(response, "enterprise_number") == [
        "Enter a valid enterprise number, for example 0123.456.749."
    ]
    # Nothing typed is lost.
    content = response.content.decode()
    assert 'value="0123.456.748"' in content
    assert 'value="Fictief Bouwbedrijf nv"' in content
    assert "We build fictional bridges." in content


def test_enterprise_number_is_required_for_organisations(client, charter):
    response = walk(client, sign_data(enterprise_number=""))
    assert response.status_code == 200
    assert "for example 0123.456.749" in errors_of(response, "enterprise_number")[0]


def test_missing_commitment(client, charter):
    response = walk(client, sign_data(commitment="  ", action_types=[]))
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == COMMITMENT_URL
    assert errors_of(response, "commitment") == ["Describe your commitment in your own words."]
    assert errors_of(response, "action_types") == ["Choose at least one kind of action."]
    assert client.get(CHECK_URL)["Location"] == COMMITMENT_URL
    assert not Signature.objects.exists()
    assert not User.objects.exists()


def test_half_a_second_commitment_is_refused(client, charter):
    response = walk(client, sign_data(second_commitment="Something more."))
    assert response.status_code == 200
    assert errors_of(response, "second_action_types") == [
        "Choose at least one kind of action for it."
    ]
    assert '<details class="extra-commitment" open>' in response.content.decode()


def test_missing_subregion_and_permission_checkbox(client, charter):
    response = walk(client, sign_data(subregions=[]))
    assert response.status_code == 200
    assert errors_of(response, "subregions") == ["Choose at least one subregion."]
    walk(client, steps=("organisation",))
    response = walk(client, sign_data(may_sign=None), steps=("signer",))
    assert response.status_code == 200
    assert errors_of(response, "may_sign") == [
        "Confirm that you may sign on behalf of this organisation."
    ]


def test_passwords_must_match_and_be_strong(client, charter):
    walk(client, steps=("organisation",))
    response = walk(client, sign_data(password2="something-else-entirely"), steps=("signer",))
    assert errors_of(response, "password2") == [
        "The two passwords are different. Enter the same password twice."
    ]
    data = sign_data(password1="password", password2="password")
    response = walk(client, data, steps=("signer",))
    assert errors_of(response, "password1")
    response = walk(client, sign_data(password1="", password2=""), steps=("signer",))
    assert errors_of(response, "password1") == ["Choose a password."]
    assert draft(client)["steps"].get("signer") is None
    assert not User.objects.exists()


def public_signature(organisation, charter):
    """Make the organisation a public signatory (without a signer account): it is named."""
    return ApprovedSignatureFactory(
        organisation=organisation,
        charter_version=charter,
        signer=None,
        signer_email="earlier@example.org",
    )


def test_same_enterprise_number_is_found_at_the_first_step(client, charter):
    existing = OrganisationFactory(name="Other name", enterprise_number="0123456749")
    public_signature(existing, charter)
    response = walk(client, sign_data(enterprise_number="BE 0123 456 749"))
    assert response.status_code == 200
    assert errors_of(response, "enterprise_number") == [
        "An organisation with this enterprise number is already registered."
    ]
    content = response.content.decode()
    join_url = reverse("portal:join-request-create", kwargs={"slug": existing.slug})
    assert f'href="{join_url}"' in content
    assert "Ask to join Other name instead" in content
    assert 'value="Fictief Bouwbedrijf nv"' in content  # nothing typed is lost
    assert draft(client) is None


def test_duplicate_registered_at_the_last_moment(client, charter):
    walk(client)
    key = submission_key(client)
    existing = OrganisationFactory(name="Other name", enterprise_number="0123456749")
    public_signature(existing, charter)
    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 200
    assert errors_of(response, "enterprise_number") == [
        "An organisation with this enterprise number is already registered."
    ]
    content = response.content.decode()
    assert "<h1>Your organisation</h1>" in content
    assert 'action="/en/ondertekenen/"' in content
    join_url = reverse("portal:join-request-create", kwargs={"slug": existing.slug})
    assert f'href="{join_url}"' in content
    assert "Ask to join Other name instead" in content
    assert 'value="Fictief Bouwbedrijf nv"' in content  # nothing typed is lost
    # Nothing was created: no account, no second organisation, no email.
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert Organisation.objects.count() == 1
    assert mail.outbox == []
    assert draft(client) is not None


def test_same_name_after_normalising_cannot_sign_twice(client, charter):
    # Acme has no enterprise number: the same name in the same town is the same organisation.
    existing = OrganisationFactory(name="Acme", town="Gent")
    public_signature(existing, charter)
    response = walk(client, sign_data(name="ACME nv"))
    assert response.status_code == 200
    assert errors_of(response, "name") == [
        "An organisation with this name is already registered in Gent. If yours is another "
        "one, add what sets yours apart to the name, for example the campus or the street."
    ]
    join_url = reverse("portal:join-request-create", kwargs={"slug": existing.slug})
    assert f'href="{join_url}"' in response.content.decode()
    assert not User.objects.exists()


def test_check_page_posted_twice_creates_one_signature(client, charter):
    walk(client)
    key = submission_key(client)
    first = client.post(CHECK_URL, {"submission_key": key})
    second = client.post(CHECK_URL, {"submission_key": key})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == DONE_URL
    assert Signature.objects.count() == 1
    assert User.objects.count() == 1
    assert Organisation.objects.count() == 1
    assert len(mail.outbox) == 1
    # Even from a browser that lost the first response's session cookie.
    fresh = client.__class__()
    third = fresh.post(CHECK_URL, {"submission_key": key})
    assert third.status_code == 302
    assert third["Location"] == DONE_URL
    assert Signature.objects.count() == 1


def test_open_signature_blocks_a_second_one_for_the_same_organisation(client, charter):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    SignatureFactory(organisation=membership.organisation, charter_version=charter)
    client.force_login(membership.user)
    data = sign_data(organisation_choice=str(membership.organisation.pk))
    response = walk(client, data)
    assert response.status_code == 200
    assert errors_of(response, "__all__") == [
        "This organisation's signature is already waiting for confirmation or review."
    ]
    assert "already waiting for confirmation or review" in response.content.decode()
    assert Signature.objects.count() == 1
    assert Organisation.objects.count() == 1


def test_organisation_blocked_after_its_step_sends_back_to_it(client, charter):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(membership.user)
    walk(client, for_existing(membership.organisation))
    key = submission_key(client)
    # A colleague signs meanwhile.
    SignatureFactory(organisation=membership.organisation, charter_version=charter)
    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 200
    assert "<h1>Your organisation</h1>" in response.content.decode()
    assert errors_of(response, "__all__") == [
        "This organisation's signature is already waiting for confirmation or review."
    ]
    assert Signature.objects.count() == 1
