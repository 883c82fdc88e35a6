"""The same signing draft submitted twice at the same moment (a double click that reaches two
server processes): one signature, one account, one organisation, one email (PostgreSQL)."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    DONE_URL,
    for_existing,
    sign_data,
    submission_key,
    walk,
)
from stemcharter.organisations.models import Membership, Organisation
from stemcharter.organisations.tests.factories import MembershipFactory

pytestmark = [
    # serialized_rollback: see test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def post_twice_at_once(client: Client, data: dict) -> list:
    """POST ``data`` to the check page from two clients with ``client``'s session (so the
    same draft), released together."""
    clients = [client, Client()]
    clients[1].cookies = client.cookies
    barrier = threading.Barrier(2)
    responses, errors = [], []

    def post(each: Client) -> None:
        try:
            barrier.wait(timeout=30)
            responses.append(each.post(CHECK_URL, data))
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return responses


@pytest.mark.parametrize("signer", ["anonymous", "logged_in", "admin_of_existing"])
def test_the_same_draft_submitted_twice_at_once_makes_one_signature(charter, signer):
    client = Client()
    data = sign_data()
    if signer == "logged_in":
        client.force_login(UserFactory(email="ann.peeters@example.org"))
    elif signer == "admin_of_existing":
        membership = MembershipFactory(role=Membership.Role.ADMIN)
        client.force_login(membership.user)
        data = for_existing(membership.organisation)
    users, organisations = User.objects.count(), Organisation.objects.count()
    assert walk(client, data).status_code == 302
    key = submission_key(client)

    responses = post_twice_at_once(client, {"submission_key": key})

    assert [(r.status_code, r["Location"]) for r in responses] == [(302, DONE_URL)] * 2
    assert Signature.objects.count() == 1
    created = 1 if signer == "anonymous" else 0
    assert User.objects.count() == users + created
    assert Organisation.objects.count() == organisations + (signer != "admin_of_existing")
    signature = Signature.objects.get()
    # One email for the signer: the confirmation link, or the receipt of a confirmed one.
    assert sum(signature.signer_email in m.to for m in mail.outbox) == 1
