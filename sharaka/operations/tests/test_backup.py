"""`manage.py backup` and `manage.py restore` on a SQLite file, run as an administrator runs them.

The test database lives in memory, so each command runs in a subprocess against a file database in a
temporary folder (DEBUG=1). The full round trip on PostgreSQL and SQLite with the demo is in
ops/test_backup_roundtrip.py.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LEDGER_ENTRIES = """
from django.db import transaction
from sharaka.core import audit
from sharaka.core.models import User
with transaction.atomic():
    user = User.objects.create(username="archivist")
    for n in range(3):
        audit.record(actor=None, action="backup.test", obj=user, after={"n": n})
"""


class Installation:
    def __init__(self, folder: Path):
        self.database = folder / "sharaka.sqlite3"
        self.media = folder / "media"
        self.backups = folder / "backups"
        self.env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "MEDIA_ROOT": str(self.media),
        }

    def manage(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env={**self.env, **env}, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    def rows(self) -> dict[str, str]:
        """Every table's rows, as a checksum per table."""
        with sqlite3.connect(self.database) as db:
            tables = [
                r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1")
            ]
            return {t: hashlib.sha256(repr(sorted(map(repr, db.execute(f'SELECT * FROM "{t}"')))).encode()).hexdigest()
                    for t in tables}  # fmt: skip

    def files(self) -> dict[str, str]:
        return {
            p.relative_to(self.media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.media.rglob("*"))
            if p.is_file()
        }


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """A migrated SQLite installation with three ledger entries and two uploaded files, and one archive of it."""
    site = Installation(tmp_path_factory.mktemp("installation"))
    for step in (("migrate", "--no-input"), ("shell", "-c", LEDGER_ENTRIES)):
        done = site.manage(*step)
        assert done.returncode == 0, done.stderr
    (site.media / "agreements").mkdir(parents=True)
    (site.media / "agreements" / "convention-2026.pdf").write_bytes(b"%PDF-1.7 signed convention\n" * 200)
    (site.media / "photo.jpg").write_bytes(bytes(range(256)) * 400)
    done = site.manage("backup", "--output", str(site.backups))
    assert done.returncode == 0, done.stderr
    site.archive = next(site.backups.glob("sharaka-backup-*.tar"))
    return site


def rebuild(source: Path, target: Path, *, drop: str = "", replace: dict | None = None) -> Path:
    """A copy of an archive without one member, or with some members' bytes replaced."""
    replace = replace or {}
    with tarfile.open(source) as old, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as new:
        for member in old:
            if member.name == drop:
                continue
            data = replace.get(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return target


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def assert_refused(site: Installation, archive: Path, *expected: str) -> str:
    rows, files = site.rows(), site.files()
    done = site.manage("restore", str(archive), "--yes")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    for text in expected:
        assert text in done.stderr
    assert "nothing was changed" in done.stderr
    assert site.rows() == rows and site.files() == files
    assert not list(site.media.parent.glob("*restoring*")), "staged files were left behind"
    return done.stderr


def test_the_archive_holds_the_database_the_uploads_the_ledger_head_and_a_manifest_of_checksums(installation):
    with tarfile.open(installation.archive) as tar:
        contents = {m.name: tar.extractfile(m).read() for m in tar}
    manifest = json.loads(contents.pop("manifest.json"))
    assert set(contents) == {
        "database.sqlite3",
        "ledger.json",
        "media/agreements/convention-2026.pdf",
        "media/photo.jpg",
    }
    assert manifest["format"] == "sharaka-backup" and manifest["version"] == 1
    assert manifest["engine"] == "sqlite"
    assert manifest["created_at"].endswith("Z")
    assert manifest["migrations"]["operations"] == "0001_initial"
    assert manifest["migrations"]["core"].startswith("00")
    assert manifest["members"] == {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in contents.items()
    }
    with sqlite3.connect(installation.database) as db:
        last_id, last_hash = db.execute(
            "SELECT id, hash FROM core_auditentry ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert json.loads(contents["ledger.json"]) == {"entries": 3, "last_id": last_id, "last_hash": last_hash}


def test_the_backup_reports_its_path_sizes_and_time_and_leaves_no_partial_file(installation, tmp_path):
    done = installation.manage("backup", "--output", str(tmp_path))
    assert done.returncode == 0, done.stderr
    (archive,) = tmp_path.iterdir()
    assert f"Backup written: {archive}" in done.stdout
    assert "2 uploaded files" in done.stdout and " s" in done.stdout


def test_a_truncated_archive_is_refused_as_damaged(installation, tmp_path):
    data = installation.archive.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[: len(data) // 2])
    assert_refused(installation, cut, "The archive is damaged or incomplete")


def test_an_archive_cut_just_before_its_manifest_is_refused_as_incomplete(installation, tmp_path):
    with tarfile.open(installation.archive) as tar:
        offset = tar.getmember("manifest.json").offset
    cut = tmp_path / "cut.tar"
    cut.write_bytes(installation.archive.read_bytes()[:offset])
    assert_refused(installation, cut, "The archive is damaged or incomplete", "manifest is missing")


def test_an_altered_byte_in_a_member_is_refused_naming_the_member(installation, tmp_path):
    altered = tmp_path / "altered.tar"
    shutil.copy(installation.archive, altered)
    with tarfile.open(altered) as tar:
        offset = tar.getmember("media/agreements/convention-2026.pdf").offset_data + 100
    with altered.open("r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0x01]))
    assert_refused(installation, altered, "media/agreements/convention-2026.pdf does not match its checksum")


def test_a_missing_member_is_refused_naming_the_member(installation, tmp_path):
    short = rebuild(installation.archive, tmp_path / "short.tar", drop="media/photo.jpg")
    assert_refused(installation, short, "The archive lacks media/photo.jpg")


def test_an_archive_of_a_sqlite_database_is_refused_by_a_postgresql_installation(installation):
    done = installation.manage(
        "restore", str(installation.archive), "--yes", DATABASE_URL="postgres://nobody@127.0.0.1:1/nowhere"
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "This archive holds a SQLite database but DATABASE_URL points to PostgreSQL" in done.stderr


def test_an_archive_from_a_newer_sharaka_is_refused(installation, tmp_path):
    manifest = manifest_of(installation.archive)
    manifest["migrations"]["core"] = "9999_from_the_future"
    newer = rebuild(
        installation.archive, tmp_path / "newer.tar", replace={"manifest.json": json.dumps(manifest).encode()}
    )
    assert_refused(installation, newer, "migration core.9999_from_the_future", "newer Sharaka")


def test_a_ledger_that_does_not_end_at_the_recorded_head_is_refused(installation, tmp_path):
    manifest = manifest_of(installation.archive)
    ledger = json.dumps({"entries": 2, "last_id": 2, "last_hash": "0" * 64}).encode()
    manifest["members"]["ledger.json"] = {"sha256": hashlib.sha256(ledger).hexdigest(), "size": len(ledger)}
    forged = rebuild(
        installation.archive,
        tmp_path / "forged.tar",
        replace={"ledger.json": ledger, "manifest.json": json.dumps(manifest).encode()},
    )
    assert_refused(installation, forged, "does not end where ledger.json says")


def test_a_restore_without_yes_outside_a_terminal_changes_nothing(installation):
    rows, files = installation.rows(), installation.files()
    done = installation.manage("restore", str(installation.archive))
    assert done.returncode != 0 and "add --yes" in done.stderr
    assert installation.rows() == rows and installation.files() == files


def test_a_restore_brings_back_the_rows_and_files_and_keeps_the_previous_ones(installation, tmp_path):
    site = Installation(tmp_path)
    shutil.copy(installation.database, site.database)
    shutil.copytree(installation.media, site.media)
    rows, files = site.rows(), site.files()
    (site.media / "photo.jpg").write_bytes(b"changed after the backup")
    with sqlite3.connect(site.database) as db:
        db.execute("DELETE FROM core_user")

    done = site.manage("restore", str(installation.archive), "--yes")

    assert done.returncode == 0, done.stderr
    assert site.rows() == rows and site.files() == files
    (kept,) = tmp_path.glob("media.before-restore-*")
    assert (kept / "photo.jpg").read_bytes() == b"changed after the backup"
    assert len(list(tmp_path.glob("sharaka.sqlite3.before-restore-*"))) == 1
    assert "Ledger OK: 3 entries" in site.manage("verify_ledger").stdout


def test_keep_removes_the_oldest_archives_and_nothing_else(installation, tmp_path):
    for stamp in ("20250101T000000Z", "20260101T000000Z", "20260101T000000Z-1"):
        (tmp_path / f"sharaka-backup-{stamp}.tar").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("not an archive")

    done = installation.manage("backup", "--output", str(tmp_path), "--keep", "2")

    assert done.returncode == 0, done.stderr
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert len(remaining) == 3 and "notes.txt" in remaining
    assert "sharaka-backup-20260101T000000Z-1.tar" in remaining
    assert "removed older archive sharaka-backup-20250101T000000Z.tar" in done.stdout
