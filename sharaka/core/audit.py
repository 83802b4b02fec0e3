"""The audit ledger: every service that changes data calls `record` inside its transaction."""

import json

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from sharaka.core.models import AuditEntry


def snapshot(instance, fields: list[str] | None = None) -> dict:
    """A JSON-able picture of a model instance, for the before/after columns."""
    data = model_to_dict(instance, fields=fields)
    out = {}
    for key, value in data.items():
        if hasattr(value, "storage") and hasattr(value, "name"):  # a file: keep its name, never its bytes
            value = value.name or ""
        elif hasattr(value, "__iter__") and not isinstance(value, str | bytes | dict):
            value = sorted(getattr(v, "pk", v) for v in value)
        out[key] = value
    return out


def head() -> int | None:
    """The id of the ledger's last entry. Every change of data writes an entry in the same transaction,
    so the head names the state of the data: what is computed from the data can be kept under it."""
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()


def cached_per_state(key: str, compute, seconds: int = 24 * 3600):
    """`compute()` once per state of the data: kept in the cache under `key` and the ledger's head, so
    that a crowd of readers costs one cheap query each and the first reader after a change pays."""
    from django.core.cache import cache

    key = f"{key}:{head()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(*, actor, action: str, obj, before=None, after=None, reason: str = "") -> AuditEntry:
    """Append one entry to the ledger, chained to the previous one.

    Must run inside the caller's transaction, which holds the ledger's lock until it commits, so
    that two writers cannot both chain onto the same predecessor (`lock_ledger`).
    """
    connection = transaction.get_connection()
    assert connection.in_atomic_block, "audit.record must run inside a transaction"
    lock_ledger(connection)
    last = AuditEntry.objects.order_by("-id").only("hash").first()
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
        previous_hash=last.hash if last else "",
    )
    entry.content_hash = entry.compute_content_hash()
    entry.hash = entry.compute_hash()
    entry.save()
    return entry


# Any constant: the key of the PostgreSQL advisory lock that serialises writers of the ledger.
LEDGER_LOCK_KEY = 0x5348_4152_414B  # "SHARAK"


def lock_ledger(connection) -> None:
    """Serialise the ledger's writers until the end of the transaction.

    Locking the last entry's row (SELECT ... FOR UPDATE) is not enough on PostgreSQL: a writer that
    arrives between two commits locks the newest committed entry while another writer, still
    uncommitted, has already chained onto it, and the chain forks. A transaction-level advisory lock
    taken before reading the head makes the read and the append one step. SQLite needs nothing:
    its transactions begin IMMEDIATE (`lib/env.py`), holding the database's write lock throughout.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LEDGER_LOCK_KEY])


def _jsonable(value):
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str))


def verify_chain(using: str = "default") -> tuple[bool, int | None]:
    """Recompute every hash in order. Returns (ok, id of the first broken entry).

    `using` names another database alias, e.g. the scratch copy a restore checks before it replaces
    anything (operations/backup.py)."""
    previous = ""
    for entry in AuditEntry.objects.using(using).order_by("id").iterator():
        if (
            entry.previous_hash != previous
            or entry.compute_content_hash() != entry.content_hash
            or entry.compute_hash() != entry.hash
        ):
            return False, entry.pk
        previous = entry.hash
    return True, None
