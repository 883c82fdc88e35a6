"""Signing drops nothing typed: every step, posted with one answer made invalid, comes back
with every other answer as typed; what a browser never sends again (the logo, the password)
is kept in the draft when it is valid, and said to be kept."""

import pytest

from stemcharter.charter.signing import FORM_STEPS
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    PASSWORD,
    SIGN_URL,
    SIGNER_URL,
    STEP_FIELDS,
    draft,
    errors_of,
    png_upload,
    sign,
    sign_data,
    step_post,
    step_urls,
    walk,
)
from stemcharter.common.tests.journeys import as_posted, invalid_value
from stemcharter.organisations.models import Organisation

pytestmark = pytest.mark.django_db

NEVER_SHOWN_AGAIN = {"password1", "password2", "logo"}  # kept in the draft instead


def cases():
    for step in FORM_STEPS:
        for name, field in step.form_class.base_fields.items():
            # Not on the form of an anonymous signer: the choice among own organisations.
            if name in ("organisation_choice", "remove_logo") or invalid_value(field) is None:
                continue
            if name in STEP_FIELDS[step.slug]:
                yield pytest.param(step.slug, name, id=f"{step.slug}-{name}")


@pytest.mark.parametrize(("slug", "name"), list(cases()))
def test_an_invalid_answer_keeps_every_other_answer(client, charter, slug, name):
    steps = [step.slug for step in FORM_STEPS]
    walk(client, steps=tuple(steps[: steps.index(slug)]))
    data = step_post(slug, sign_data())
    field = next(s for s in FORM_STEPS if s.slug == slug).form_class.base_fields[name]
    response = client.post(step_urls()[slug], {**data, name: invalid_value(field)})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.get(name) or form.non_field_errors()
    for other, value in data.items():
        if other != name and other not in NEVER_SHOWN_AGAIN:
            assert as_posted(form[other].value()) == as_posted(value), other


def test_a_logo_kept_after_an_error_elsewhere_becomes_the_organisation_logo(client, charter):
    data = step_post("organisation", sign_data())
    response = client.post(
        SIGN_URL, {**data, "town": "x" * 500, "logo": png_upload("ons-logo.png", size=(60, 30))}
    )
    assert response.status_code == 200
    assert "We kept your logo ons-logo.png" in response.content.decode()
    # In the error summary: the town, not the logo.
    assert errors_of(response, "logo") == []
    # Fixed without choosing the logo again.
    response = client.post(SIGN_URL, data)
    assert response.status_code == 302
    walk(client, steps=("signer", "commitment"))
    check = client.get(CHECK_URL).content.decode()
    assert "ons-logo.png" in check
    sign(client)
    organisation = Organisation.objects.get()
    assert (organisation.logo_width, organisation.logo_height) == (60, 30)


def test_a_password_kept_after_an_error_elsewhere(client, charter):
    walk(client, steps=("organisation",))
    data = step_post("signer", sign_data())
    response = client.post(SIGNER_URL, {**data, "may_sign": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "You already chose a password. Leave both password fields empty to keep it." in content
    assert "Type your password again" not in content
    assert draft(client)["password_hash"]
    # Ticked now, the password fields left empty: on to the next step.
    response = client.post(SIGNER_URL, {**data, "password1": "", "password2": "", "may_sign": "on"})
    assert response.status_code == 302


def test_a_password_that_cannot_be_kept_yet_is_asked_again(client, charter):
    walk(client, steps=("organisation",))
    data = step_post("signer", sign_data(email="not an address"))
    response = client.post(SIGNER_URL, data)
    assert response.status_code == 200
    assert "Type your password again in both password fields" in response.content.decode()
    assert "password_hash" not in draft(client)
    assert PASSWORD not in response.content.decode()


# Back is a button of the step's form (common.wizard.StepJumpMixin): what was typed is saved
# first, or the page stays with a message that says what to do.


def test_back_saves_what_was_typed_or_refuses_with_what_to_do(client, charter):
    walk(client, steps=("organisation", "signer"))
    commitment_url = step_urls()["commitment"]
    page = client.get(commitment_url).content.decode()
    assert 'form="step-form" name="go" value="signer"' in page
    # Nothing typed: Back just goes back, saving nothing.
    response = client.post(commitment_url, {"go": "signer"})
    assert (response.status_code, response["Location"]) == (302, SIGNER_URL)
    assert "commitment" not in draft(client)["steps"]

    data = step_post("commitment", sign_data())
    # Typed with a problem: the page stays, says why and what to do, keeps what was typed.
    response = client.post(commitment_url, {**data, "commitment": "x" * 2001, "go": "signer"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing on this step was saved, so you are still on it" in content
    assert "correct the fields marked to go to “You, the signer”" in content
    assert f'href="{SIGNER_URL}">Go to “You, the signer” without saving this step' in content
    assert response.context["form"]["commitment"].value() == "x" * 2001
    assert "commitment" not in draft(client)["steps"]

    # Typed and valid: saved, then back.
    response = client.post(commitment_url, {**data, "go": "signer"})
    assert (response.status_code, response["Location"]) == (302, SIGNER_URL)
    assert draft(client)["steps"]["commitment"]["commitment"] == data["commitment"]
    page = client.get(commitment_url)
    assert page.context["form"]["commitment"].value() == data["commitment"]


def test_back_from_the_first_step_keeps_a_chosen_logo(client, charter):
    data = step_post("organisation", sign_data())
    # Another field has a problem: the logo is kept, the page stays.
    response = client.post(
        SIGN_URL, {**data, "town": "x" * 500, "logo": png_upload("ons-logo.png"), "go": "leave"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "We kept your logo ons-logo.png" in content
    assert "correct the fields marked to go back" in content
    # Valid: saved with the logo, then out to the charter.
    response = client.post(SIGN_URL, {**data, "go": "leave"})
    assert (response.status_code, response["Location"]) == (302, "/en/charter/")
    assert draft(client)["logo_name"] == "ons-logo.png"
    assert draft(client)["steps"]["organisation"]["name"] == data["name"]


def test_an_unknown_go_value_is_continue(client, charter):
    response = client.post(SIGN_URL, {**step_post("organisation", sign_data()), "go": "nope"})
    assert (response.status_code, response["Location"]) == (302, SIGNER_URL)
