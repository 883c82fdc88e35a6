"""Two signings with one invitation to sign at the same moment (two people the link was
forwarded to): the invitation's row lock lets one be credited; the other is refused with a
clear message and registers nothing (PostgreSQL)."""

import pytest
from django.db import connection
from django.test import Client

from stemcharter.accounts.models import User
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.test_sign_invitation import (
    invitation_to_sign,
    invitation_url,
    make_inviter,
)
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    DONE_URL,
    draft,
    sign_data,
    submission_key,
    walk,
)
from stemcharter.common.tests.concurrency import at_once
from stemcharter.organisations.models import Invitation, Organisation

pytestmark = [
    # serialized_rollback: see test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def test_two_signings_with_one_invitation_at_once_credit_one(charter):
    invitation = invitation_to_sign(make_inviter(charter))
    clients = [Client(), Client()]
    keys = []
    for number, client in enumerate(clients):
        assert client.post(invitation_url(invitation))["Location"] == "/en/ondertekenen/"
        data = sign_data(
            name=f"Invited Builders {number} nv",
            enterprise_number=["0123.456.749", "0200.065.765"][number],
            email=f"signer{number}@example.org",
        )
        assert walk(client, data).status_code == 302
        keys.append(submission_key(client))
    users, organisations = User.objects.count(), Organisation.objects.count()

    responses = at_once(
        [
            lambda client=client, key=key: client.post(CHECK_URL, {"submission_key": key})
            for client, key in zip(clients, keys, strict=True)
        ],
        refused=(),
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 302]
    credited = Signature.objects.get(invitation=invitation)
    assert credited.referred_by == invitation.organisation
    assert credited.referral_channel == "invitation"
    assert Signature.objects.exclude(organisation=invitation.organisation).count() == 1
    # The refused signing registered nothing (no account, no organisation) ...
    assert User.objects.count() == users + 1
    assert Organisation.objects.count() == organisations + 1
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_by == credited.signer
    # ... and says why, with the invitation dropped so that the signer can still sign.
    refused_index = [r.status_code for r in responses].index(200)
    refused = responses[refused_index]
    assert "The invitation you came with can no longer be used" in refused.content.decode()
    refused_client = clients[refused_index]
    assert "invitation_id" not in draft(refused_client)
    response = refused_client.post(CHECK_URL, {"submission_key": keys[refused_index]})
    assert response["Location"] == DONE_URL
    assert Signature.objects.filter(invitation=None, referred_by=None).count() == 2
