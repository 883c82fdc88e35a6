"""Our login page: allauth's form and view in our templates, in English, with the way back
(``next``) and an error summary."""

import re

import pytest
from django.urls import reverse

from stemcharter.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_login_page_in_english(client, english):
    response = client.get(reverse("account_login"), {"next": reverse("portal:home")})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S) == ["Log in"]
    assert title(response) == "Log in – STEM-charter"
    assert f'href="{reverse("charter:sign")}"' in html
    assert reverse("account_signup") in html
    assert "No account yet?" in html
    assert reverse("account_reset_password") in html
    assert "Forgot your password?" in html
    assert 'name="login"' in html
    assert 'name="password"' in html
    assert '<div class="checkbox">' in html  # the remember checkbox in our style
    assert f'<input type="hidden" name="next" value="{reverse("portal:home")}">' in html


def test_login_with_next_redirects_there(client, english):
    user = UserFactory()
    next_url = reverse("portal:account-preferences")
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.get(next_url).status_code == 200


def test_login_with_a_wrong_password_shows_the_error_summary(client, english):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert title(response) == "Error: Log in – STEM-charter"
    assert "_auth_user_id" not in client.session
