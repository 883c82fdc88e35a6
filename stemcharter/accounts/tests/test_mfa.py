"""Staff must set up two-factor authentication before they use the back office, and pass it
in every session that reaches /beheer/ or /admin/ (MFA set up is not MFA passed)."""

import pytest
from allauth.account.authentication import get_authentication_records
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    UserFactory,
    totp_code,
)
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.tests.factories import SubregionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.mark.parametrize("path", ["/beheer/", "/en/beheer/", "/beheer/ondertekeningen/"])
def test_coordinator_without_mfa_is_sent_to_the_totp_setup(client, path):
    client.force_login(CoordinatorFactory())
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_contact_point_without_mfa_is_sent_to_the_totp_setup(client):
    user = UserFactory()
    SubregionFactory().contact_points.add(user)
    client.force_login(user)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


# allauth announces a new authenticator when its transaction commits, inside the request (as in
# production); the test's usual wrapping transaction would hold that back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_gets_in_after_activating_totp(client):
    """Setting up TOTP proves the second factor in that session: no second login needed."""
    coordinator = CoordinatorFactory()
    log_in_with_password(client, coordinator)
    # The way to the setup page ends on a page (allauth asks for the password first), not in
    # a redirect loop through the back office.
    response = client.get(reverse("backoffice:home"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert not response.wsgi_request.path.startswith("/beheer/")
    activate_totp(client)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 200
    assert client.session[SESSION_KEY] == str(coordinator.pk)


def test_signatory_is_not_affected(client):
    member = MembershipFactory().user
    client.force_login(member)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    # And the back office stays closed to them with a plain 403, not an MFA detour.
    assert client.get(reverse("backoffice:home")).status_code == 403


# --- MFA passed in this session -------------------------------------------------------------

BACKOFFICE_PATHS = ["/beheer/", "/en/beheer/", "/beheer/ondertekeningen/", "/admin/"]


def superuser_with_totp():
    user = UserFactory(is_superuser=True, is_staff=True, is_coordinator=True)
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def log_in_with_password(client, user):
    """The first step of allauth's login; staff with MFA are then asked for their code."""
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def log_in_with_mfa(client, user, code: str):
    response = log_in_with_password(client, user)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302, response.content
    assert client.session[SESSION_KEY] == str(user.pk)
    return response


def activate_totp(client) -> str:
    """Set up TOTP through allauth's pages (password again, then a code from the app)."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret, margin=2)})
    assert response.status_code == 302, response.content
    return secret


def assert_logged_out_to_login(client, response, path: str) -> None:
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login")), response.url
    assert SESSION_KEY not in client.session
    # And the session is gone for good: the next request is anonymous too.
    again = client.get(path)
    assert again.status_code == 302
    assert SESSION_KEY not in client.session


def test_no_staff_session_without_second_factor_from_the_admin_login(client):
    """/admin/login/ is allauth's login: the password alone gives no session."""
    superuser = superuser_with_totp()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": superuser.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302
    assert client.get("/beheer/").status_code == 302


@pytest.mark.parametrize("path", BACKOFFICE_PATHS)
def test_no_staff_session_without_second_factor_password_only(client, path):
    """A session that got in some way without the second factor is ended, not served."""
    superuser = superuser_with_totp()
    # Any way in that skipped allauth's MFA step: an authenticated session whose only
    # authentication record is the password.
    client.force_login(superuser)
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": 0}]
    session["account_authentication_methods_user"] = str(superuser.pk)
    session.save()
    response = client.get(path)
    assert_logged_out_to_login(client, response, path)
    assert "next=" in response.url


def test_no_staff_session_without_second_factor_says_why(client, english):
    client.force_login(superuser_with_totp())
    response = client.get(reverse("backoffice:signature-list"), follow=True)
    assert response.redirect_chain[-1][0] == (
        reverse("account_login") + "?next=%2Fen%2Fbeheer%2Fondertekeningen%2F"
    )
    assert "Log in again with your two-factor authentication code" in response.content.decode()


@pytest.mark.parametrize("path", BACKOFFICE_PATHS)
def test_no_staff_session_without_second_factor_even_when_setting_it_up_is_optional(
    client, settings, path
):
    """STAFF_MFA_REQUIRED off (the demo) still honours a second factor someone set up."""
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(superuser_with_totp())
    assert_logged_out_to_login(client, client.get(path), path)


@pytest.mark.parametrize("role", ["contact_point", "staff"])
def test_no_staff_session_without_second_factor_for_every_back_office_role(client, role):
    user = UserFactory(is_staff=role == "staff")
    if role == "contact_point":
        SubregionFactory().contact_points.add(user)
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    path = "/admin/" if role == "staff" else "/beheer/"
    assert_logged_out_to_login(client, client.get(path), path)


def test_no_staff_session_without_second_factor_records_of_another_user(client):
    """An MFA record left in the session by someone else does not count."""
    other = superuser_with_totp()
    log_in_with_mfa(client, other, totp_code(other.totp_secret, margin=2))
    superuser = superuser_with_totp()
    client.force_login(superuser)
    assert_logged_out_to_login(client, client.get("/beheer/"), "/beheer/")


@pytest.mark.parametrize("path", BACKOFFICE_PATHS)
def test_staff_session_with_second_factor_gets_in(client, path):
    superuser = superuser_with_totp()
    log_in_with_mfa(client, superuser, totp_code(superuser.totp_secret, margin=2))
    assert client.get(path).status_code == 200
    records = get_authentication_records(client.get(path).wsgi_request, superuser)
    assert [record["method"] for record in records] == ["password", "mfa"]


def test_no_staff_session_without_second_factor_recovery_codes_alone(client):
    """Recovery codes left without their TOTP device: allauth's login asks for no code, so
    the person is sent to set up TOTP again (not logged out after every login)."""
    coordinator = CoordinatorFactory()
    RecoveryCodes.activate(coordinator)
    response = log_in_with_password(client, coordinator)
    assert client.session[SESSION_KEY] == str(coordinator.pk)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert client.session[SESSION_KEY] == str(coordinator.pk)


def test_staff_session_with_a_recovery_code_gets_in(client):
    superuser = superuser_with_totp()
    code = RecoveryCodes.activate(superuser).get_unused_codes()[0]
    log_in_with_mfa(client, superuser, code)
    assert client.get("/admin/").status_code == 200
    assert client.get("/beheer/").status_code == 200


def test_admin_password_change_goes_through_allauth(client):
    superuser = superuser_with_totp()
    log_in_with_mfa(client, superuser, totp_code(superuser.totp_secret, margin=2))
    response = client.get("/admin/password_change/")
    assert response.status_code == 302
    assert response.url == reverse("account_change_password")
