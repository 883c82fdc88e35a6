"""A plain staff user (Django admin access, no coordinator role) must set up MFA too."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from stemcharter.accounts.tests.factories import PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


def test_staff_user_counts_as_back_office_user():
    assert UserFactory(is_staff=True).is_backoffice_user
    assert not UserFactory().is_backoffice_user


@pytest.mark.parametrize("path", ["/admin/", "/admin/organisations/organisation/"])
def test_staff_user_without_mfa_is_sent_to_the_totp_setup(client, path):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_user_with_mfa_reaches_the_admin(client):
    """After logging in with the password and the second factor (MFA set up is not enough)."""
    staff = UserFactory(is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, margin=2)})
    response = client.get("/admin/")
    assert response.status_code == 200


def test_mfa_is_not_asked_when_not_required(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/").status_code == 200
