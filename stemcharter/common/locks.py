"""Locks for "two people do the same thing at once" when there is no row to lock.

Row locks (``select_for_update``) serialise changes to something that exists. Some rules are
about something that does not exist yet: "no second invitation to the same address within a
period" (the address is in no row until the first invitation is made), "one import at a time".
Two transactions can then both check, both find nothing, and both write.

``lock_for_transaction(namespace, key)`` holds a lock on the pair until the surrounding
transaction ends (commit or rollback): on PostgreSQL an advisory transaction lock
(``pg_advisory_xact_lock``) on a stable 64-bit hash of ``namespace`` and ``key``; a second
transaction asking for the same pair waits for the first to end, then checks again and sees
its write. On SQLite it does nothing, and needs to do nothing: SQLite lets one transaction
write at a time (a second writer waits on the database file's lock, ``timeout``), which the
tests and a development machine use.

The hash is BLAKE2b (8 bytes) of ``namespace``, a NUL and ``key``: the same on every
process and Python version (Python's own ``hash`` of a string is not), and two different
pairs meeting on one lock would only make one wait for the other, never let a rule slip.
Lock in the same order everywhere (e.g. an organisation's row first, then the address) so two
transactions never wait for each other.
"""

import hashlib

from django.db import DEFAULT_DB_ALIAS, transaction


def lock_key(namespace: str, key: str) -> int:
    """The signed 64-bit number (PostgreSQL's ``bigint``) the lock of ``namespace`` and
    ``key`` is taken on."""
    digest = hashlib.blake2b(f"{namespace}\0{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_for_transaction(namespace: str, key: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Hold the lock of ``namespace`` (what kind of thing, e.g. ``"invitation-address"``) and
    ``key`` (which one, e.g. the normalised address) until the surrounding transaction ends;
    wait while another transaction holds it. PostgreSQL only; nothing on SQLite (see the
    module's docstring).

    Raises ``TransactionManagementError`` outside a transaction (``transaction.atomic``): a
    lock that ends with the statement would protect nothing.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "lock_for_transaction needs a transaction (transaction.atomic)."
        )
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(namespace, key)])
