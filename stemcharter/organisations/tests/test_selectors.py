"""Read queries of organisations: sectors and subregions (the filters' choices), whether an
invitation's address can be invited again."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from stemcharter.organisations.models import Invitation
from stemcharter.organisations.selectors import (
    InviteAgain,
    invitation_invite_again,
    invitations_mark_invite_again,
    sector_list,
    subregion_list,
)
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.vocabulary.models import Sector

pytestmark = pytest.mark.django_db


def test_sector_list_sorted_by_name_in_the_current_language():
    with translation.override("nl"):
        dutch = [sector.name for sector in sector_list()]
    with translation.override("en"):
        english = [sector.name for sector in sector_list()]
    assert dutch == sorted(dutch, key=str.casefold)
    assert english == sorted(english, key=str.casefold)
    assert "Bouw" in dutch
    assert "Construction" in english


def test_subregion_list_groups_by_province():
    subregions = subregion_list()
    assert len(subregions) == 23
    positions = [subregion.province.position for subregion in subregions]
    assert positions == sorted(positions)


def test_sector_list_ignores_accents():
    Sector.objects.create(name_nl="Élan", name_en="Élan", slug="elan")
    Sector.objects.create(name_nl="Zee", name_en="Sea", slug="zee")
    with translation.override("en"):
        names = [sector.name for sector in sector_list()]
    # "Élan" sorts with the E's ("Education", "Energy"), not after "Sea" or "Wood".
    assert names.index("Education and training") < names.index("Élan") < names.index("Energy")


# --- invite again: a revoked invitation ends as an expired one does --------------------------


def _revoked(organisation, email, *, sent_days_ago, kind=Invitation.Kind.SIGNING):
    """An invitation of ``organisation`` sent ``sent_days_ago`` days ago and revoked (its date
    of validity not yet past: revoking ends it before that)."""
    now = timezone.now()
    invitation = Invitation.objects.create(
        kind=kind,
        organisation=organisation,
        email=email,
        token=email,
        status=Invitation.Status.REVOKED,
        expires_at=now + timedelta(days=14),
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=now - timedelta(days=sent_days_ago)
    )
    invitation.refresh_from_db()
    return invitation


@pytest.mark.parametrize("kind", [Invitation.Kind.SIGNING, Invitation.Kind.COLLEAGUE])
def test_a_revoked_invitation_can_be_invited_again_once_its_pause_is_over(settings, kind):
    settings.INVITATION_REPEAT_DAYS = 30
    organisation = OrganisationFactory()
    paused = _revoked(organisation, "paused@example.org", sent_days_ago=3, kind=kind)
    over = _revoked(organisation, "over@example.org", sent_days_ago=31, kind=kind)
    pending = Invitation.objects.create(
        kind=kind,
        organisation=organisation,
        email="pending@example.org",
        token="pending",
        expires_at=timezone.now() + timedelta(days=14),
    )
    assert paused.is_ended
    assert over.is_ended
    assert not pending.is_ended
    invitations = [paused, over, pending]
    invitations_mark_invite_again(invitations, organisation=organisation, kind=kind)
    again = timezone.localdate(paused.created_at) + timedelta(days=30)
    assert paused.invite_again_from == again
    assert over.invite_again_from is None
    assert not over.invite_again_refused
    assert over.invited_again_on is None
    assert pending.invite_again_from is None
    # The same answer as "Invite again" itself (its refusal notice says from when).
    assert invitation_invite_again(paused) == InviteAgain(
        possible=False, reason="paused", from_date=again
    )
    assert invitation_invite_again(over) == InviteAgain(possible=True)
