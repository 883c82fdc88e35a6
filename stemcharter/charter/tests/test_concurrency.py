"""Two coordinators approving the same signature at the same moment (PostgreSQL row locks)."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import CharterVersion, Signature
from stemcharter.charter.tests.factories import CharterVersionFactory, SignatureFactory

pytestmark = [
    # serialized_rollback: the flush after each test then skips post_migrate, so a later
    # serialized_rollback test can restore its rows without clashing content types.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def post_at_once(url: str, data: dict | None = None, *, count: int = 2) -> list:
    """POST ``data`` to ``url`` from ``count`` logged-in coordinators released together."""
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(CoordinatorFactory())
        clients.append(client)
    barrier = threading.Barrier(count)
    responses, errors = [], []

    def post(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            responses.append(client.post(url, data or {}))
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(responses) == count
    return responses


def test_two_coordinators_approving_at_once_give_one_approval():
    signature = SignatureFactory(organisation__name="Gelijktijdig BV")
    url = reverse("backoffice:signature-approve", kwargs={"pk": signature.pk})
    results = [
        (response.status_code, [str(m) for m in get_messages(response.wsgi_request)])
        for response in post_at_once(url)
    ]

    assert [status for status, _ in results] == [302, 302]
    messages = [m for _, ms in results for m in ms]
    assert sum("You approved the signature" in m for m in messages) == 1
    assert sum("already been handled" in m for m in messages) == 1
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED
    assert Signature.objects.filter(status=Signature.Status.APPROVED).count() == 1
    assert AuditEntry.objects.filter(code="charter.signature.approved").count() == 1
    # The signer reads Dutch (the factory's default): "... is now a STEM-charter signatory".
    approvals = [m for m in mail.outbox if "is nu ondertekenaar van het STEM-charter" in m.subject]
    assert len(approvals) == 1


def test_two_coordinators_publishing_at_once_give_one_new_version_and_a_message():
    CharterVersionFactory(number=1)
    data = {"title": "STEM-charter", "body": "Nieuwe tekst", "change_note": "Nieuw", "based_on": 1}
    responses = post_at_once(reverse("backoffice:charter-version-create"), data)
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "published" in refused
    assert "There is a problem" in refused
    assert list(CharterVersion.objects.values_list("number", flat=True)) == [2, 1]
    assert AuditEntry.objects.filter(code="charter.version.published").count() == 1
