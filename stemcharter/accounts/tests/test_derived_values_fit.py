"""allauth's own forms lowercase an email address before storing it, which can make it longer
("İ" becomes two characters): what no longer fits its column is a form error, not a 500."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# 248 characters that lowercase to 428 (the column holds 254).
LONG_WHEN_LOWERCASED = "a@" + ".".join(["İ" * 60] * 4)[:-3] + ".be"
PASSWORD = "Unusual-sentence-for-testing-42"


def test_derived_values_fit_their_columns_in_allauth_signup(client):
    assert len(LONG_WHEN_LOWERCASED) <= 254 < len(LONG_WHEN_LOWERCASED.lower())
    response = client.post(
        reverse("account_signup"),
        {"email": LONG_WHEN_LOWERCASED, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.exists()


def test_derived_values_fit_their_columns_when_adding_an_address(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": LONG_WHEN_LOWERCASED}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not EmailAddress.objects.filter(email__iexact=LONG_WHEN_LOWERCASED).exists()
