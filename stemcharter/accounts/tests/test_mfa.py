"""Staff must set up two-factor authentication before they use the back office."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
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


def test_coordinator_gets_in_after_activating_totp(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    # The way to the setup page ends on a page (allauth asks for the password first), not in
    # a redirect loop through the back office.
    response = client.get(reverse("backoffice:home"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert not response.wsgi_request.path.startswith("/beheer/")
    TOTP.activate(coordinator, generate_totp_secret())
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 200


def test_signatory_is_not_affected(client):
    member = MembershipFactory().user
    client.force_login(member)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    # And the back office stays closed to them with a plain 403, not an MFA detour.
    assert client.get(reverse("backoffice:home")).status_code == 403
