"""Where each scale's database lives, and whether the cached one is still good.

SQLite: one file per scale and cache key, `bench/cache/<scale>-g<version>-<schema>.sqlite3`,
generated under a `.partial` name and renamed when complete.
PostgreSQL: one database per scale, `sharaka_bench_<scale>`, with a `bench_marker` row holding
the cache key; a database without the right marker is dropped and generated again, unless only its
schema is older (same scale and generator version): then it is migrated forward (`older_schema`). Engineers
sharing one server set `SHARAKA_BENCH_PG_PREFIX` (e.g. `respub_bench`) so that a run on one branch
does not drop the database another branch is measuring.
These functions run before Django is configured (the URL is what configures it).
"""

import os
import socket
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_ADMIN_URL = f"postgres://postgres@{PG_HOST}:{PG_PORT}/postgres"
MARKER_TABLE = "bench_marker"


def pg_answers(timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=timeout):
            return True
    except OSError:
        return False


def sqlite_path(key: str) -> Path:
    return CACHE / f"{key}.sqlite3"


def pg_name(scale: str) -> str:
    return f"{os.environ.get('SHARAKA_BENCH_PG_PREFIX') or 'sharaka_bench'}_{scale}"


def url_for(target: str, scale: str, key: str, *, partial: bool = False) -> str:
    if target == "sqlite":
        path = sqlite_path(key)
        if partial:
            path = path.with_name(path.name + ".partial")
        return f"sqlite:///{path}"
    return f"postgres://postgres@{PG_HOST}:{PG_PORT}/{pg_name(scale)}"


def _pg(dbname: str):
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=dbname, autocommit=True)


def _stored_marker(target: str, scale: str, path: Path | None = None) -> dict | None:
    """The marker row of the cached database (any key), or None when there is none."""
    import json
    import sqlite3

    if target == "sqlite":
        if not path.exists():
            return None
        with sqlite3.connect(path) as db:
            try:
                row = db.execute(f"SELECT * FROM {MARKER_TABLE}").fetchone()
                names = [d[0] for d in db.execute(f"SELECT * FROM {MARKER_TABLE}").description]
            except sqlite3.OperationalError:
                return None
        db.close()
    else:
        with _pg("postgres") as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [pg_name(scale)]
            ).fetchone()
        if not exists:
            return None
        with _pg(pg_name(scale)) as db:
            try:
                cursor = db.execute(f"SELECT * FROM {MARKER_TABLE}")
            except Exception:  # noqa: BLE001 (no marker table: an unfinished or foreign database)
                return None
            row = cursor.fetchone()
            names = [d.name for d in cursor.description]
    if not row:
        return None
    found = dict(zip(names, row, strict=True))
    return {
        "key": found["key"],
        "seconds": found["seconds"],
        "counts": json.loads(found["counts"]),
        "upgraded_from": found.get("upgraded_from"),
    }


def cached_marker(target: str, scale: str, key: str) -> dict | None:
    """The marker of a complete cached database for this key, or None."""
    marker = _stored_marker(target, scale, sqlite_path(key))
    return marker if marker and marker["key"] == key else None


def older_schema(target: str, scale: str, key: str) -> str | None:
    """The key of a complete cached database of this scale and generator version whose schema is an
    older one (another hash of the migrations), which migrating can bring up to date; or None."""
    prefix = key.rsplit("-", 1)[0] + "-"  # <scale>-g<version>-
    if target == "sqlite":
        candidates = sorted(
            (p for p in CACHE.glob(f"{prefix}*.sqlite3") if p != sqlite_path(key)),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for path in candidates:
            marker = _stored_marker(target, scale, path)
            if marker and marker["key"] == path.name.removesuffix(".sqlite3"):
                return marker["key"]
        return None
    marker = _stored_marker(target, scale)
    if marker and marker["key"].startswith(prefix) and marker["key"] != key:
        return marker["key"]
    return None


def take_for_upgrade(target: str, old_key: str, key: str) -> None:
    """SQLite: the older file becomes the new key's partial file (renamed when the upgrade is done).
    PostgreSQL: the database keeps its name; only its marker changes, at the end."""
    if target != "sqlite":
        return
    partial = sqlite_path(key).with_name(sqlite_path(key).name + ".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
        old = Path(str(sqlite_path(old_key)) + suffix)
        if old.exists():
            os.replace(old, Path(str(partial) + suffix))


def prepare_empty(target: str, scale: str, key: str) -> None:
    """Make room for a fresh database: remove the partial file, or drop and create the PG database."""
    if target == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = Path(url_for(target, scale, key, partial=True).removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        for stale in CACHE.glob(f"{scale}-g*.sqlite3*"):  # other versions of this scale
            if not stale.name.startswith(key):
                stale.unlink()
        return
    name = pg_name(scale)
    with _pg("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def write_marker(key: str, seconds: float, counts: dict, *, upgraded_from: str | None = None) -> None:
    """Inside the configured Django: record that generation (or an upgrade) finished, last thing
    written, with the hash of each migration file the schema was built from."""
    import json

    from django.db import connection

    from bench.generate import migration_hashes

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} (key varchar(200) PRIMARY KEY, seconds real, counts text, "
            "upgraded_from text, migrations text)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (key, seconds, counts, upgraded_from, migrations) "
            "VALUES (%s, %s, %s, %s, %s)",
            [key, seconds, json.dumps(counts), upgraded_from, json.dumps(migration_hashes())],
        )


def read_marker() -> dict:
    """Inside the configured Django: the marker of the database being upgraded (`migrations` is None
    in a marker written before they were recorded)."""
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {MARKER_TABLE}")
        names = [d[0] for d in cursor.description]
        found = dict(zip(names, cursor.fetchone(), strict=True))
    migrations = found.get("migrations")
    return {
        "key": found["key"],
        "seconds": found["seconds"],
        "counts": json.loads(found["counts"]),
        "migrations": json.loads(migrations) if migrations else None,
    }


def finish_sqlite(key: str) -> None:
    """Fold the WAL into the file and give the partial file its final name."""
    import sqlite3

    partial = sqlite_path(key).with_name(sqlite_path(key).name + ".partial")
    with sqlite3.connect(partial) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    os.replace(partial, sqlite_path(key))


def size_of(target: str, scale: str, key: str) -> int:
    if target == "sqlite":
        path = sqlite_path(key)
        return path.stat().st_size if path.exists() else 0
    with _pg("postgres") as admin:
        row = admin.execute("SELECT pg_database_size(%s)", [pg_name(scale)]).fetchone()
    return int(row[0]) if row else 0


# Set by --no-iati for the subprocesses: the IATI export is not measured and its fragments are not
# built (the export builds what it lacks when it is next asked for).
NO_IATI = "SHARAKA_BENCH_NO_IATI"


def skipped_kept() -> tuple[str, ...]:
    """The kept figures the generator and the upgrade leave unbuilt in this run."""
    return ("IATI activity fragments",) if os.environ.get(NO_IATI) else ()
