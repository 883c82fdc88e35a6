"""``common.locks.lock_for_transaction``: a lock per (namespace, key) held until the
transaction ends. On PostgreSQL (real threads, each with its own connection) two transactions
that check "is there an invitation to this address already?" and then write make one
invitation with the lock, and two without it (what the lock is for)."""

import secrets
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from stemcharter.common.locks import lock_for_transaction, lock_key
from stemcharter.common.tests.concurrency import at_once

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL advisory locks and threads"
)


def test_the_lock_key_is_stable_and_a_bigint():
    # Fixed across processes and versions (Python's own hash of a str is not).
    assert lock_key("namespace", "key") == 2553225855119248212
    assert lock_key("a", "bc") != lock_key("ab", "c")
    assert lock_key("a", "b") != lock_key("b", "a")
    for key in ("", "x", "ann@example.org", "é" * 500):
        assert -(2**63) <= lock_key("namespace", key) < 2**63


def test_outside_a_transaction_it_refuses():
    assert not connection.in_atomic_block
    with pytest.raises(transaction.TransactionManagementError):
        lock_for_transaction("test", "outside")


@pytest.mark.django_db
def test_inside_a_transaction_it_takes_the_lock_on_either_database():
    with transaction.atomic():
        lock_for_transaction("test", "inside")
        lock_for_transaction("test", "inside")  # the same transaction may take it again


def invite_unless_invited(organisation, *, email: str, lock: bool):
    """Check-then-write, the pattern the lock protects: in one transaction, look for an
    invitation to ``email``, wait a moment (the other thread checks meanwhile), then invite."""
    from stemcharter.organisations.models import Invitation

    def run():
        with transaction.atomic():
            if lock:
                lock_for_transaction("test.invitation-address", email)
            if Invitation.objects.filter(email=email).exists():
                return "found"
            time.sleep(0.4)
            Invitation.objects.create(
                organisation=organisation,
                email=email,
                token=secrets.token_urlsafe(16),
                expires_at=timezone.now() + timedelta(days=1),
            )
            return "invited"

    return run


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("lock", "invitations"), [(True, 1), (False, 2)])
def test_two_at_once_make_one_invitation_with_the_lock(lock, invitations):
    from stemcharter.organisations.models import Invitation
    from stemcharter.organisations.tests.factories import OrganisationFactory

    # Two organisations (one may hold only one open invitation to an address).
    email = "target@example.org"
    results = at_once(
        [invite_unless_invited(OrganisationFactory(), email=email, lock=lock) for _ in range(2)],
        refused=(),
        timeout=60,
    )
    assert Invitation.objects.filter(email=email).count() == invitations
    if lock:
        assert sorted(results) == ["found", "invited"]


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lock_is_held_until_the_transaction_ends_and_other_keys_are_free():
    held = threading.Event()
    release = threading.Event()

    def holder():
        try:
            with transaction.atomic():
                lock_for_transaction("test", "one")
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(timeout=30)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_key("test", "one")])
            assert cursor.fetchone()[0] is False  # held by the other transaction
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_key("test", "two")])
            assert cursor.fetchone()[0] is True  # another key is free
    finally:
        release.set()
        thread.join(timeout=30)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_key("test", "one")])
        assert cursor.fetchone()[0] is True  # released when its transaction ended
