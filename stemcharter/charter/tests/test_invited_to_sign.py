"""The "Sign the charter" buttons (the header's, the charter page's, the home page's) are for
those who may sign; a member of an organisation that signed (or is signing) finds the portal."""

import pytest
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    SignatureFactory,
)
from stemcharter.organisations.models import Membership
from stemcharter.organisations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SIGN_BUTTON = '<a class="button button-small" href="/en/ondertekenen/">Sign the charter</a>'
PORTAL_BUTTON = '<a class="button button-small" href="/en/portal/">My portal</a>'
CHARTER_CALL = "Does your organisation join?"


def _page(client, name="charter:charter-detail"):
    CharterVersionFactory(number=1)
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_is_invited_to_sign(client):
    content = _page(client)
    assert SIGN_BUTTON in content
    assert PORTAL_BUTTON not in content
    assert 'href="/en/ondertekenen/">Sign the charter</a>' in content.split(CHARTER_CALL)[1]


@pytest.mark.parametrize("role", [Membership.Role.ADMIN, Membership.Role.EDITOR])
def test_a_member_of_a_signatory_sees_the_portal_instead(client, role):
    membership = MembershipFactory(role=role)
    ApprovedSignatureFactory(organisation=membership.organisation)
    client.force_login(membership.user)
    for name in ("charter:charter-detail", "public:home"):
        content = _page(client, name)
        assert PORTAL_BUTTON in content, name
        assert 'href="/en/ondertekenen/">Sign the charter</a>' not in content.split("<footer")[0]
        # The button is the way in: the menu does not name the portal a second time.
        assert content.split("</header>")[0].count(">My portal</a>") == 1, name


def test_a_member_of_an_organisation_that_is_signing_sees_the_portal(client):
    membership = MembershipFactory()
    SignatureFactory(organisation=membership.organisation)  # sent, waiting for a coordinator
    client.force_login(membership.user)
    content = _page(client)
    assert PORTAL_BUTTON in content
    assert SIGN_BUTTON not in content


def test_someone_whose_organisation_has_not_signed_may_still_sign(client):
    membership = MembershipFactory()
    SignatureFactory(organisation=membership.organisation, status="rejected")
    client.force_login(membership.user)
    assert SIGN_BUTTON in _page(client)
    client.force_login(UserFactory())  # an account without an organisation
    assert SIGN_BUTTON in _page(client)


def test_the_back_office_is_not_invited(client):
    client.force_login(CoordinatorFactory())
    content = _page(client)
    assert SIGN_BUTTON not in content
    assert PORTAL_BUTTON not in content
