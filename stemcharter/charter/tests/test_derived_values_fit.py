"""Every value derived from what a signer types fits its column.

PostgreSQL refuses a value longer than its column (SQLite stores it): a name that passes the
form's length check but grows when it is normalised (NFKD turns "ﬁ" into "fi", "㍿" into four
characters) or lowercased ("İ" becomes two characters) must give a form error or a saved
object, never a 500. And when the last step fails validation, the answers stay.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import models

from stemcharter.accounts.models import User
from stemcharter.charter import services as charter_services
from stemcharter.charter.models import Signature
from stemcharter.charter.signing import SESSION_DRAFT_KEY
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    DONE_URL,
    SIGN_URL,
    errors_of,
    sign,
    sign_data,
    submission_key,
    walk,
)
from stemcharter.organisations.models import Category, Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# 199 characters as copied from a PDF: two "ﬁ" ligatures make the normalised name 201 long.
PDF_NAME = "Vereniging voor wetenschappelijke ﬁlosoﬁe " + "x" * 157
# A domain of 60-character labels of "İ", which lowercases to two characters each.
TURKISH_I_DOMAIN = ".".join(["İ" * 60] * 3) + ".be"


def assert_fits_its_columns(instance: models.Model) -> None:
    """Every text and file name of ``instance`` fits its column (what PostgreSQL checks)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        if isinstance(value, str) and field.max_length:
            assert len(value) <= field.max_length, (field.name, len(value), field.max_length)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"name": PDF_NAME}, "name", id="name-with-ligatures"),
        pytest.param({"name": "㍿" * 200}, "name", id="name-of-square-characters"),
        pytest.param({"name": "ﷺ" * 11}, None, id="short-name-expanding-eighteenfold"),
        pytest.param({"name": "Straße " + "ß" * 193}, None, id="name-with-sharp-s"),
        pytest.param({"town": "㍿" * 100}, "town", id="town-of-square-characters"),
        pytest.param({"town": "ﬁ" * 50}, None, id="town-with-ligatures-that-fit"),
        pytest.param(
            {"name": "Ind " + "ﬁ" * 196, "category": Category.INDIVIDUAL, "enterprise_number": ""},
            "name",
            id="individual-with-ligatures",
        ),
        pytest.param(
            {"email": f"a@{TURKISH_I_DOMAIN}"}, "email", id="email-that-lowercases-longer"
        ),
    ],
)
def test_derived_values_fit_their_columns_when_signing(client, charter, overrides, field):
    """Maximal answers with expanding characters: a form error or a signature, never a 500."""
    response = sign(client, sign_data(**overrides))
    if field is None:
        assert response.status_code == 302, errors_of(response, "__all__")
        assert response["Location"] == DONE_URL
        signature = Signature.objects.get()
        for instance in (signature, signature.organisation, signature.signer):
            assert_fits_its_columns(instance)
        for address in EmailAddress.objects.all():
            assert_fits_its_columns(address)
    else:
        assert response.status_code == 200
        assert errors_of(response, field)
        assert not Organisation.objects.exists()
        assert not User.objects.exists()


def test_derived_name_length_message_explains_the_ligatures(client, charter):
    response = walk(client, sign_data(name=PDF_NAME))
    assert response.status_code == 200
    assert errors_of(response, "name") == [
        "This name is too long once special characters are written out: a ligature such as "
        "“ﬁ” counts as two letters. Shorten it to at most 200 characters."
    ]


@pytest.mark.parametrize(
    ("error", "step_heading", "field"),
    [
        (ValidationError({"name": ["Shorten the name."]}), "Your organisation", "name"),
        (ValidationError({"town": ["Shorten the town."]}), "Your organisation", "town"),
        (ValidationError({"email": ["Use another address."]}), "You, the signer", "email"),
        (ValidationError("Try again."), "Check your answers", "__all__"),
    ],
)
def test_derived_values_fit_final_step_keeps_the_answers_when_saving_fails_validation(
    client, charter, monkeypatch, error, step_heading, field
):
    """The final save refuses the answers: the signer gets a message and keeps every step."""
    walk(client)
    key = submission_key(client)
    draft_before = client.session[SESSION_DRAFT_KEY]

    def refuse(**kwargs):
        raise error

    monkeypatch.setattr(charter_services, "signature_submit", refuse)
    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 200
    assert f"<h1>{step_heading}</h1>" in response.content.decode()
    assert errors_of(response, field)
    assert client.session[SESSION_DRAFT_KEY]["steps"] == draft_before["steps"]
    assert not Organisation.objects.exists()
    # Nothing typed is lost: every step still shows its answers.
    assert 'value="Fictief Bouwbedrijf nv"' in client.get(SIGN_URL).content.decode()
    monkeypatch.undo()
    assert client.post(CHECK_URL, {"submission_key": key})["Location"] == DONE_URL
