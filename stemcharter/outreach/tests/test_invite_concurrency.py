"""Two invitations to sign at the same moment (PostgreSQL row locks, real threads, each with
its own connection): at the daily cap minus one, exactly one passes; to the same address,
exactly one is sent."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from stemcharter.common.tests.concurrency import at_once
from stemcharter.organisations.models import Invitation, Membership
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.outreach.services import signing_invitation_create

pytestmark = [
    # serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def members_of_one_signatory(count: int):
    organisation = make_signatory()
    return organisation, [
        MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user
        for _ in range(count)
    ]


def call(organisation, by, email):
    return lambda: signing_invitation_create(
        organisation=organisation, by=by, email=email, invitee_organisation_name="Prospect"
    )


def test_two_invitations_at_once_at_the_cap_minus_one_one_passes(settings):
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 3
    organisation, (first, second) = members_of_one_signatory(2)
    for number in range(2):
        signing_invitation_create(
            organisation=organisation,
            by=first,
            email=f"earlier{number}@example.org",
            invitee_organisation_name="Earlier",
        )
    results = at_once(
        [
            call(organisation, first, "one@example.org"),
            call(organisation, second, "two@example.org"),
        ],
        refused=ValidationError,
        timeout=60,
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    sent = [r for r in results if isinstance(r, Invitation)]
    assert len(sent) == 1
    assert len(refused) == 1
    assert refused[0].code == "daily_cap"
    assert Invitation.objects.filter(organisation=organisation).count() == 3


def test_two_signatories_inviting_one_address_at_once_send_one(settings):
    """The pause per address holds across organisations: each locks only its own row, and
    then the address (an advisory lock), so the second sees the first's invitation."""
    one, (member_one,) = members_of_one_signatory(1)
    two, (member_two,) = members_of_one_signatory(1)
    results = at_once(
        [
            call(one, member_one, "target@example.org"),
            call(two, member_two, "target@example.org"),
        ],
        refused=ValidationError,
        timeout=60,
    )
    sent = [r for r in results if isinstance(r, Invitation)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(sent) == 1
    assert [error.code for error in refused] == ["repeat"]
    assert Invitation.objects.filter(email="target@example.org").count() == 1
