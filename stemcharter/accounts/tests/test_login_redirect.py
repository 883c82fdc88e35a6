"""Where people land after logging in, and the header button they see."""

import pytest
from django.urls import reverse

from stemcharter.accounts.tests.factories import PASSWORD
from stemcharter.common.tests.roles import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def log_in(client, user, **params):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, **params}
    )


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("coordinator", "backoffice:home"),
        ("contact_point", "backoffice:home"),
        ("signatory", "portal:home"),
    ],
)
def test_landing_page_after_login_per_role(client, role, url_name):
    response = log_in(client, make_user(role))
    assert response.status_code == 302
    assert response.url == reverse(url_name)


@pytest.mark.parametrize("role", ["coordinator", "contact_point"])
def test_next_still_wins_for_back_office_users(client, role):
    next_url = reverse("account_change_password")
    response = log_in(client, make_user(role), next=next_url)
    assert response.status_code == 302
    assert response.url == next_url


@pytest.mark.parametrize(
    ("role", "shows_button"),
    [("anonymous", True), ("signatory", True), ("contact_point", False), ("coordinator", False)],
)
def test_sign_button_in_the_header_only_for_non_staff(client, role, shows_button):
    if role != "anonymous":
        client.force_login(make_user(role))
    content = client.get(reverse("charter:charter-detail")).content.decode()
    button = f'<a class="button button-small" href="{reverse("charter:sign")}">'
    assert (button in content) is shows_button
    # The footer keeps its link for everyone.
    assert f'<li><a href="{reverse("charter:sign")}">Sign the charter</a></li>' in content
