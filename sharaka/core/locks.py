"""Named locks held until the end of the caller's transaction, for rules that no single row carries.

A yearly ceiling summed over many rows (the purchase orders of one nature in one year) has no row to
lock with SELECT ... FOR UPDATE: two writers would both read the same total and both pass. `hold`
takes a PostgreSQL transaction-level advisory lock named by the rule and its key, so the second writer
waits until the first commits, then sums again. SQLite needs nothing: its transactions begin
IMMEDIATE (`lib/env.py`) and hold the database's write lock throughout.

Take row locks first (the project), then these, then the audit ledger's (`audit.record`): always in
that order, so two writers never wait on each other in a circle.
"""

import hashlib

from django.db import transaction


def key_for(*parts) -> int:
    """A signed 64-bit key for pg_advisory_xact_lock, the same for the same parts in every process."""
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def hold(*parts) -> None:
    """Serialise, until the current transaction ends, every writer that holds the same named lock."""
    connection = transaction.get_connection()
    assert connection.in_atomic_block, "locks.hold must run inside a transaction"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key_for(*parts)])
