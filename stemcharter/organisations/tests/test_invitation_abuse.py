"""Abuse of colleague invitations: invite → revoke → invite loops, and invitations in bulk.

Invitations are rate-limited per target address and per organisation (allauth's machinery,
settings.STEMCHARTER_RATE_LIMITS); a refused one keeps what was typed and sends nothing.
"""

import pytest
from django.core import mail
from django.urls import reverse

from stemcharter.organisations.models import Invitation, Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admin():
    organisation = OrganisationFactory(enterprise_number="0123456749")
    return MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user


def invite(client, organisation, email):
    url = reverse("portal:invitation-create", args=[organisation.slug])
    return client.post(url, {"email": email, "role": "editor"})


def revoke(client, invitation):
    url = reverse("portal:invitation-revoke", args=[invitation.organisation.slug, invitation.pk])
    return client.post(url)


def test_invitation_rate_limit_per_target_address(client, admin):
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    for _ in range(3):
        assert invite(client, organisation, "Target@Example.org").status_code == 302
        assert revoke(client, Invitation.objects.get(status="pending")).status_code == 302
    response = invite(client, organisation, "target@example.org")
    assert response.status_code == 429
    assert response.context["form"].errors["email"] == [
        "You invited this address several times today. Try again tomorrow."
    ]
    assert 'value="target@example.org"' in response.content.decode()
    assert Invitation.objects.count() == 3
    assert len(mail.outbox) == 3
    # Another organisation inviting the same address counts too: it is one person's inbox.
    other = MembershipFactory(role=Membership.Role.ADMIN, organisation__enterprise_number="")
    client.force_login(other.user)
    assert invite(client, other.organisation, "target@example.org").status_code == 429
    # Another address is fine.
    client.force_login(admin)
    assert invite(client, organisation, "colleague@example.org").status_code == 302


def test_invitation_rate_limit_per_organisation(client, admin, settings):
    settings.STEMCHARTER_RATE_LIMITS = {
        **settings.STEMCHARTER_RATE_LIMITS,
        "invitation_per_organisation": "2/d/key",
    }
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    assert invite(client, organisation, "one@example.org").status_code == 302
    assert invite(client, organisation, "two@example.org").status_code == 302
    response = invite(client, organisation, "three@example.org")
    assert response.status_code == 429
    assert response.context["form"].errors["email"] == [
        "Your organisation sent many invitations today. Try again tomorrow."
    ]
    assert Invitation.objects.count() == 2


def test_invitation_refused_by_validation_uses_no_attempt(client, admin):
    """Inviting a member or an address already invited is an error, not an attempt."""
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    assert invite(client, organisation, "target@example.org").status_code == 302
    for _ in range(5):
        response = invite(client, organisation, "target@example.org")
        assert response.status_code == 200
        assert "already been invited" in response.context["form"].errors["email"][0]
    revoke(client, Invitation.objects.get())
    assert invite(client, organisation, "target@example.org").status_code == 302


def test_invitation_rate_limit_defaults():
    from django.conf import settings

    assert settings.STEMCHARTER_RATE_LIMITS["invitation_per_organisation"] == "20/d/key"
    assert settings.STEMCHARTER_RATE_LIMITS["invitation_per_email"] == "3/d/key"
