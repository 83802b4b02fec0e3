"""Backup, wipe, restore: the same rows and the same files, on PostgreSQL and on SQLite.

Run as an administrator runs it (docs/operations.md, "Backup and restore"): `manage.py backup`, then
the database dropped and the media folder deleted, then `manage.py restore --yes`. Every table's
row count and a checksum of its rows, and every file's checksum, must come back identical, and
`manage.py verify_ledger` must pass. A truncated archive and an archive with one altered byte are
refused and leave the database as it was. On SQLite, a second process keeps inserting while the
backup runs (the online backup API lets writers carry on).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import textwrap
import time
import urllib.parse
from pathlib import Path

from .conftest import Site, drop_database, production_env, psql


def pg_rows(database: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and the md5 of its rows in a fixed order, in one query."""
    tables = psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", database).split()
    query = " UNION ALL ".join(
        f"SELECT '{t}', count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM \"{t}\" r"
        for t in tables
    )
    lines = psql(query, database).splitlines()
    return {name: (int(count), digest) for name, count, digest in (line.split("|") for line in lines)}


def sqlite_rows(path: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, str]]:
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")]
        found = {}
        for table in tables:
            if table in skip:
                continue
            rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{table}"'))
            found[table] = (len(rows), hashlib.md5("|".join(rows).encode()).hexdigest())
    return found


def files(media: Path) -> dict[str, str]:
    return {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }


def only_archive(folder: Path) -> Path:
    (archive,) = folder.glob("sharaka-backup-*.tar")
    return archive


def damaged_copies(archive: Path, folder: Path, member: str) -> tuple[Path, Path]:
    """The archive cut in the middle, and the archive with one byte of `member` flipped."""
    data = archive.read_bytes()
    truncated = folder / "truncated.tar"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member).offset_data + tar.getmember(member).size // 2
    altered = bytearray(data)
    altered[offset] ^= 0x01
    flipped = folder / "altered.tar"
    flipped.write_bytes(bytes(altered))
    return truncated, flipped


def assert_refused(site: Site, archive: Path, expected: str, state) -> None:
    before = state()
    done = site.manage("restore", str(archive), "--yes", check=False)
    assert done.returncode != 0, done.stdout
    assert expected in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert state() == before, "a refused restore changed the database or the files"


def assert_ledger_verifies(site: Site) -> None:
    done = site.manage("verify_ledger")
    assert done.stdout.startswith("Ledger OK:"), done.stdout


def test_postgresql_backup_wipe_restore_gives_back_every_row_and_file(site, tmp_path):
    database = urllib.parse.urlsplit(site.database_url).path.lstrip("/")
    backups = tmp_path / "backups"
    done = site.manage("backup", "--output", str(backups), "--keep", "7")
    assert "Backup written" in done.stdout
    archive = only_archive(backups)
    rows, media = pg_rows(database), files(site.media_root)
    assert rows["core_auditentry"][0] > 100 and len(media) > 5  # the demo, not an empty site

    truncated, altered = damaged_copies(archive, tmp_path, "database.pgdump")
    state = lambda: (pg_rows(database), files(site.media_root))  # noqa: E731
    assert_refused(site, truncated, "The archive is damaged or incomplete", state)
    assert_refused(site, altered, "The member database.pgdump does not match its checksum", state)

    drop_database(database)
    psql(f'CREATE DATABASE "{database}"')
    shutil.rmtree(site.media_root)

    site.manage("restore", str(archive), "--yes")

    assert pg_rows(database) == rows
    assert files(site.media_root) == media
    assert_ledger_verifies(site)
    assert not psql("SELECT datname FROM pg_database WHERE datname LIKE '%restore_check%'"), "scratch left"


WRITER = textwrap.dedent(
    """
    import sqlite3, sys, pathlib, time
    db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
    stop = pathlib.Path(sys.argv[2])
    n = 0
    while not stop.exists():
        db.execute("INSERT INTO probe (n) VALUES (?)", (n,))
        n += 1
        time.sleep(0.001)  # a busy site writes often, not without a breath: others get the lock too
    print(n)
    """
)


def test_sqlite_backup_while_a_writer_writes_then_wipe_restore_gives_back_every_row_and_file(tmp_path):
    database, media, backups = tmp_path / "sharaka.sqlite3", tmp_path / "media", tmp_path / "backups"
    url = f"sqlite:///{database}"
    site = Site(url, media, production_env(url, media))
    site.manage("migrate", "--no-input")
    site.manage("load_demo", "--allow-published-password")
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY, n INTEGER)")
    rows, media_files = sqlite_rows(database, skip=("probe",)), files(media)
    assert rows["core_auditentry"][0] > 100 and len(media_files) > 5

    stop = tmp_path / "stop-writing"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database), str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while sqlite_count(database) < 100 and time.monotonic() < deadline:  # the writer is under way
            time.sleep(0.05)
        written_before = sqlite_count(database)
        site.manage("backup", "--output", str(backups))
        written_after = sqlite_count(database)
        assert writer.poll() is None, "the writer stopped during the backup"
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert written_after > written_before
    archive = only_archive(backups)

    truncated, altered = damaged_copies(archive, tmp_path, "database.sqlite3")
    state = lambda: (sqlite_rows(database), files(media))  # noqa: E731
    assert_refused(site, truncated, "The archive is damaged or incomplete", state)
    assert_refused(site, altered, "The member database.sqlite3 does not match its checksum", state)

    for path in tmp_path.glob("sharaka.sqlite3*"):
        path.unlink()
    shutil.rmtree(media)

    site.manage("restore", str(archive), "--yes")

    assert sqlite_rows(database, skip=("probe",)) == rows
    assert files(media) == media_files
    # The archive holds the probe rows of one moment of the backup: a prefix, complete and in order.
    with sqlite3.connect(database) as db:
        count, last, total = db.execute("SELECT count(*), max(id), sum(n) FROM probe").fetchone()
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert written_before <= count <= written_after and last == count and total == count * (count - 1) // 2
    assert_ledger_verifies(site)


def sqlite_count(database: Path) -> int:
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute("SELECT count(*) FROM probe").fetchone()[0]
