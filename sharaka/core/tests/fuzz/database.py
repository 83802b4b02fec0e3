"""A picture of every table, to prove that a refused form wrote nothing and that a write left a
ledger entry and clean text."""

from django.apps import apps
from django.db import connection

# Not the application's data: the session of the signed-in test user changes on every request; the
# counters of failed sign-ins (django-axes) and of throttled actions (core.ThrottleEvent) count refused
# attempts on purpose; an authenticator being set up (django-otp) is kept unconfirmed until its first
# right code, then confirmed through `second_factor_confirm`, which writes the ledger.
IGNORED_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "core_throttleevent",
    "otp_totp_totpdevice",
}
# Signing in stamps the user's last login; that is not a change of the commune's data.
IGNORED_COLUMNS = {("core_user", "last_login")}
# Invisible controls that must never be stored in free text: NUL, and the bidi embeddings and
# overrides (U+202A-U+202E), which reorder the text after them. The isolates (U+2066-U+2069) are
# left out: the application itself isolates values with them (an object's name in the ledger).
FORBIDDEN_IN_TEXT = {"\x00", *(chr(c) for c in range(0x202A, 0x202F))}


def _tables():
    tables = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in IGNORED_TABLES or model._meta.proxy or not model._meta.managed:
            continue
        columns = [f.column for f in model._meta.concrete_fields]
        keep = [c for c in columns if (table, c) not in IGNORED_COLUMNS]
        tables.append((table, model._meta.pk.column, keep))
    return sorted(set((t, pk, tuple(cols)) for t, pk, cols in tables))


_TABLES = None


def snapshot() -> dict:
    """{table: {primary key: row}} of every model's table."""
    global _TABLES
    if _TABLES is None:
        _TABLES = _tables()
    quote = connection.ops.quote_name
    picture = {}
    with connection.cursor() as cursor:
        for table, pk, columns in _TABLES:
            cursor.execute(f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)}")
            picture[table] = {row[0]: row for row in cursor.fetchall()}
    return picture


def changes(before: dict, after: dict) -> dict:
    """{table: [rows added or changed]} plus the count of rows deleted, per table that changed."""
    changed = {}
    for table, rows in after.items():
        old = before.get(table, {})
        touched = [row for key, row in rows.items() if old.get(key) != row]
        deleted = len(set(old) - set(rows))
        if touched or deleted:
            changed[table] = {"written": touched, "deleted": deleted}
    return changed


def forbidden_text(changed: dict) -> list[str]:
    """The stored strings of the written rows that hold NUL or a bidi override."""
    found = []
    for table, change in changed.items():
        for row in change["written"]:
            for value in row:
                if isinstance(value, str) and FORBIDDEN_IN_TEXT & set(value):
                    found.append(f"{table}: {value[:80]!r}")
    return found
