"""Abuse of colleague invitations: invite → revoke → invite loops, and invitations in bulk.

The shared guard of both kinds of invitation (issue 14, ``invitation_guard``) stops the loops:
no second invitation to the same address within settings.INVITATION_REPEAT_DAYS (revoking does
not reset it), a daily cap per organisation, and the do-not-contact list. The rate limits stay
(allauth's machinery, settings.STEMCHARTER_RATE_LIMITS): per target address, across
organisations, and per organisation. A refused one keeps what was typed, shows the message
beside the email field and sends nothing.
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


def test_invite_revoke_invite_is_refused_by_the_pause(client, admin):
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    assert invite(client, organisation, "Target@Example.org").status_code == 302
    assert revoke(client, Invitation.objects.get(status="pending")).status_code == 302
    response = invite(client, organisation, "target@example.org")
    assert response.status_code == 200
    assert "This address was invited on" in response.context["form"].errors["email"][0]
    assert 'value="target@example.org"' in response.content.decode()
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_invitation_rate_limit_per_target_address(client, admin):
    """Organisations each inviting one address (the pause is per organisation for colleagues):
    the rate limit per address still holds it to three a day."""
    client.force_login(admin)
    organisation = admin.memberships.get().organisation
    assert invite(client, organisation, "target@example.org").status_code == 302
    for _ in range(2):
        other = MembershipFactory(role=Membership.Role.ADMIN, organisation__enterprise_number="")
        client.force_login(other.user)
        assert invite(client, other.organisation, "Target@Example.org").status_code == 302
    other = MembershipFactory(role=Membership.Role.ADMIN, organisation__enterprise_number="")
    client.force_login(other.user)
    response = invite(client, other.organisation, "target@example.org")
    assert response.status_code == 429
    assert response.context["form"].errors["email"] == [
        "You invited this address several times today. Try again tomorrow."
    ]
    assert 'value="target@example.org"' in response.content.decode()
    assert Invitation.objects.count() == 3
    assert len(mail.outbox) == 3
    # Another address is fine.
    assert invite(client, other.organisation, "colleague@example.org").status_code == 302


def test_the_daily_cap_of_the_guard(client, admin, settings):
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 2
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    assert invite(client, organisation, "one@example.org").status_code == 302
    assert invite(client, organisation, "two@example.org").status_code == 302
    response = invite(client, organisation, "three@example.org")
    assert response.status_code == 200
    assert "in the last 24 hours" in response.context["form"].errors["email"][0]
    assert Invitation.objects.count() == 2


def test_a_malformed_address_is_shown_beside_the_field(client, admin):
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    response = invite(client, organisation, "not an address")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Enter a valid email address, for example name@example.be."
    ]
    assert 'value="not an address"' in response.content.decode()
    assert Invitation.objects.count() == 0


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
    """Inviting an address already invited (or paused) is an error, not an attempt."""
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    assert invite(client, organisation, "target@example.org").status_code == 302
    for _ in range(5):
        response = invite(client, organisation, "target@example.org")
        assert response.status_code == 200
        assert "already been invited" in response.context["form"].errors["email"][0]
    revoke(client, Invitation.objects.get())
    response = invite(client, organisation, "target@example.org")
    assert response.status_code == 200  # the pause, not the rate limit (429)
    assert "was invited on" in response.context["form"].errors["email"][0]


def test_invitation_rate_limit_defaults():
    from django.conf import settings

    assert settings.STEMCHARTER_RATE_LIMITS["invitation_per_organisation"] == "20/d/key"
    assert settings.STEMCHARTER_RATE_LIMITS["invitation_per_email"] == "3/d/key"
