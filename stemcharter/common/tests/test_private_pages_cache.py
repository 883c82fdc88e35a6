"""Private pages are never stored (browser history, back button, shared proxies); public
anonymous pages stay cacheable. One middleware decides: stemcharter.common.middleware."""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age
from django.utils.http import parse_http_date_safe

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.common.tests.roles import make_user

pytestmark = pytest.mark.django_db


def assert_not_stored(response) -> None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (
        response.wsgi_request.path,
        response.get("Cache-Control"),
    )
    assert "public" not in directives


def assert_cacheable(response) -> None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert "no-store" not in directives, response.wsgi_request.path
    assert "private" not in directives, response.wsgi_request.path


@pytest.mark.parametrize(
    ("role", "path"),
    [
        # The portal, in both languages, and its account pages.
        ("signatory", "/portal/"),
        ("signatory", "/en/portal/"),
        ("signatory", "/portal/account/voorkeuren/"),
        ("signatory", "/portal/account/gegevens/"),
        # The back office.
        ("coordinator", "/beheer/"),
        ("coordinator", "/en/beheer/"),
        ("coordinator", "/beheer/ondertekeningen/"),
        ("contact_point", "/beheer/beoordelingen/"),
        # allauth's account pages, MFA included.
        ("signatory", "/account/email/"),
        ("signatory", "/en/account/password/change/"),
        ("coordinator", "/account/2fa/"),
        ("coordinator", "/account/2fa/totp/activate/"),
        # The Django admin.
        ("staff", "/admin/"),
        ("staff", "/admin/accounts/user/"),
    ],
)
def test_private_pages_are_not_stored(client, role, path):
    user = UserFactory(is_staff=True, is_superuser=True) if role == "staff" else make_user(role)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)
    assert_not_stored(response)


def test_private_pages_are_not_stored_personal_data_download(client):
    client.force_login(make_user("signatory"))
    response = client.post(reverse("portal:account-data-export"))
    assert response["Content-Type"].startswith("application/json")
    assert_not_stored(response)


@pytest.mark.parametrize(
    "path",
    [
        "/account/login/",
        "/en/account/login/",
        "/account/signup/",
        "/account/password/reset/",
        "/portal/",  # the redirect to the login page
        "/beheer/ondertekeningen/",
        "/admin/login/",
    ],
)
def test_private_pages_are_not_stored_anonymous(client, path):
    """The login and account pages (forms with a CSRF token), and the redirects to them."""
    assert_not_stored(client.get(path))


@pytest.mark.parametrize("path", ["/", "/charter/", "/ondertekenaars/", "/en/acties/"])
def test_private_pages_are_not_stored_public_urls_for_a_logged_in_user(client, path):
    """Public URLs show a logged-in person their name and menu in the header: private too."""
    client.force_login(CoordinatorFactory())
    response = client.get(path)
    assert response.status_code == 200
    assert_not_stored(response)


@pytest.mark.parametrize(
    "path", ["/", "/charter/", "/ondertekenaars/", "/en/acties/", "/verhalen/", "/robots.txt"]
)
def test_public_anonymous_pages_stay_cacheable(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_cacheable(response)
    assert get_max_age(response) is None or get_max_age(response) > 0
    assert parse_http_date_safe(response.get("Expires", "")) is None
