"""Backups and restores of one installation: its database, its uploaded files, its ledger's head.

An archive is one uncompressed tar file (`sharaka-backup-20261205T153000Z.tar`): the uploads are
mostly photos and PDFs, already compressed, and PostgreSQL's custom format compresses itself, so
gzip would spend minutes for little. Its members:

- `database.pgdump` (`pg_dump --format=custom`) or `database.sqlite3` (SQLite's online backup API:
  writers carry on while it copies);
- `media/...`: every uploaded file under MEDIA_ROOT;
- `ledger.json`: the audit ledger's head in that same database copy (entries, last id, last hash);
- `manifest.json`, last: format version, creation time (UTC), engine, the latest applied migration
  of each app, and the SHA-256 and size of every other member. Being last, a truncated archive
  always loses it or breaks the member being read, and is refused as damaged.

A restore checks everything before it replaces anything: the archive reads to its end, the manifest
names exactly the members present and each checksum matches, the engine is the current one, no
migration is newer than the code's, and the ledger in the archive's database verifies and ends at the
head recorded in `ledger.json` (the database is first restored to a scratch copy: a temporary
SQLite file, or a scratch PostgreSQL database). Only then are the database and the media folder
replaced (docs/operations.md, "Backup and restore").
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from sharaka.core.audit import verify_chain
from sharaka.core.models import AuditEntry

FORMAT = "sharaka-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
LEDGER = "ledger.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ARCHIVE_NAME = re.compile(r"^sharaka-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure explained in one sentence for the administrator (no traceback)."""


@dataclass
class BackupResult:
    path: Path
    archive_size: int
    database_size: int
    media_files: int
    media_size: int
    seconds: float
    removed: list[Path] = field(default_factory=list)


# --- helpers ------------------------------------------------------------------------------------


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def engine() -> str:
    """'sqlite' or 'postgresql': the engine of the current DATABASE_URL."""
    return connections["default"].vendor


def _sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class _HashingReader:
    """Hands a file to tarfile while hashing what it reads, so each file is read once."""

    def __init__(self, fh):
        self.fh = fh
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.fh.read(size)
        self.digest.update(data)
        return data


@contextlib.contextmanager
def database_alias(name: str):
    """A temporary connection alias to another database of the same server (or another SQLite file),
    with the settings of `default`: the ORM, `verify_chain(using=...)` and the migration recorder
    work on it as on the real one."""
    alias = f"backup_{uuid.uuid4().hex[:8]}"
    connections.databases[alias] = {**connections.databases["default"], "NAME": name}
    try:
        yield alias
    finally:
        with contextlib.suppress(Exception):
            connections[alias].close()
        with contextlib.suppress(Exception):
            del connections[alias]
        connections.databases.pop(alias, None)


def ledger_head(using: str = "default") -> dict:
    entries = AuditEntry.objects.using(using)
    last = entries.order_by("-id").only("id", "hash").first()
    return {
        "entries": entries.count(),
        "last_id": last.pk if last else None,
        "last_hash": last.hash if last else "",
    }


def migration_state(using: str = "default") -> dict[str, str]:
    """The latest applied migration of each app, as recorded in that database."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _pg_env() -> dict:
    """libpq's environment for the command-line tools: the password travels in PGPASSWORD, never in
    the command line (where `ps` would show it)."""
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(argv: list[str], env: dict) -> None:
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is not installed (Debian: apt install postgresql-client).") from exc
    if done.returncode:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


# --- backup -------------------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> tuple[dict, dict]:
    """Copy the SQLite database with the online backup API: one consistent snapshot, while other
    processes go on writing (WAL mode). Returns the copy's ledger head and migration state."""
    source_path = Path(settings.DATABASES["default"]["NAME"])
    if not source_path.exists():
        raise BackupError(f"The database {source_path} does not exist.")
    source = sqlite3.connect(source_path, timeout=60)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    with database_alias(str(target)) as alias:
        head, migrations = ledger_head(alias), migration_state(alias)
    with contextlib.closing(sqlite3.connect(target)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    return head, migrations


def _dump_postgresql(target: Path) -> tuple[dict, dict]:
    """pg_dump inside a snapshot this process exported, so that the ledger head and the migration
    state it reads are those of the very data dumped, whatever is written meanwhile."""
    connection = connections["default"]
    connection.ensure_connection()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        head, migrations = ledger_head(), migration_state()
        _run(
            ["pg_dump", "--no-password", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            _pg_env(),
        )
    return head, migrations


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o644
    tar.addfile(info, io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> tuple[str, int]:
    with path.open("rb") as fh:
        stat = os.fstat(fh.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    return reader.digest.hexdigest(), stat.st_size


def _next_archive_path(output: Path, moment: datetime.datetime) -> Path:
    path = output / f"sharaka-backup-{_stamp(moment)}.tar"
    counter = 1
    while path.exists():
        path = output / f"sharaka-backup-{_stamp(moment)}-{counter}.tar"
        counter += 1
    return path


def archives_in(output: Path) -> list[Path]:
    """Sharaka's archives in a folder, oldest first (by the time in their names)."""
    found = []
    for path in output.iterdir() if output.is_dir() else []:
        if match := ARCHIVE_NAME.match(path.name):
            found.append(((match.group(1), int(match.group(2) or 0)), path))
    return [path for _key, path in sorted(found)]


def rotate(output: Path, keep: int, spare: Path | None = None) -> list[Path]:
    """Remove the oldest archives beyond the newest `keep`; other files in the folder are left alone,
    and so is `spare` (the archive just written, even if a clock set back gave it an older name)."""
    archives = [path for path in archives_in(output) if path != spare]
    removed = archives[: max(len(archives) - (keep - 1 if spare else keep), 0)]
    for path in removed:
        path.unlink()
    return removed


def backup_create(*, output: Path, keep: int | None = None) -> BackupResult:
    """Write one archive into `output` under a temporary name, then rename it: a crash leaves no half
    archive under a final name."""
    started = time.monotonic()
    moment = _now()
    vendor = engine()
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    output.mkdir(parents=True, exist_ok=True)
    final = _next_archive_path(output, moment)
    partial = output / f".{final.name}.partial"
    members: dict[str, dict] = {}
    media_files = media_size = 0
    with tempfile.TemporaryDirectory(prefix="sharaka-backup-", dir=output) as scratch:
        dump = Path(scratch) / DATABASE_MEMBER[vendor]
        head, migrations = (_dump_sqlite if vendor == "sqlite" else _dump_postgresql)(dump)
        try:
            with partial.open("wb") as raw:
                with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                    sha, size = _add_file(tar, dump.name, dump)
                    members[dump.name] = {"sha256": sha, "size": size}
                    database_size = size
                    ledger = json.dumps(head, indent=2).encode()
                    _add_bytes(tar, LEDGER, ledger, moment.timestamp())
                    members[LEDGER] = {"sha256": hashlib.sha256(ledger).hexdigest(), "size": len(ledger)}
                    for relative, path in _media_files(Path(settings.MEDIA_ROOT)):
                        name = f"media/{relative}"
                        sha, size = _add_file(tar, name, path)
                        members[name] = {"sha256": sha, "size": size}
                        media_files, media_size = media_files + 1, media_size + size
                    manifest = {
                        "format": FORMAT,
                        "version": FORMAT_VERSION,
                        "created_at": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
                        "engine": vendor,
                        "migrations": migrations,
                        "members": members,
                    }
                    _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode(), moment.timestamp())
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    with contextlib.suppress(OSError):
        directory = os.open(output, os.O_RDONLY)
        os.fsync(directory)
        os.close(directory)
    removed = rotate(output, keep, spare=final) if keep is not None else []
    return BackupResult(
        path=final,
        archive_size=final.stat().st_size,
        database_size=database_size,
        media_files=media_files,
        media_size=media_size,
        seconds=time.monotonic() - started,
        removed=removed,
    )


# --- restore ------------------------------------------------------------------------------------


@dataclass
class Staged:
    """An archive read to its end, every member checked and set down beside its final place."""

    manifest: dict
    ledger: dict
    database: Path  # the database member, extracted
    media: Path  # the media folder, extracted beside MEDIA_ROOT
    folder: Path  # the staging folder that holds `database` (removed at the end)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.rmtree(self.media, ignore_errors=True)


DAMAGED = "The archive is damaged or incomplete"


def _safe_media_path(name: str) -> PurePosixPath | None:
    relative = PurePosixPath(name).relative_to("media")
    if not relative.parts or any(part in {"", ".", ".."} for part in relative.parts):
        return None
    return relative


def _staging_folder(vendor: str) -> Path:
    """Beside the SQLite file (so that the checked copy can be renamed into place), elsewhere a
    temporary folder."""
    if vendor == "sqlite":
        database = Path(settings.DATABASES["default"]["NAME"])
        database.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{database.name}.restoring-", dir=database.parent))
    return Path(tempfile.mkdtemp(prefix="sharaka-restore-"))


def read_archive(archive: Path) -> Staged:
    """Read the whole archive once, extracting while hashing, then compare with its manifest.

    Raises BackupError naming what is wrong; on any refusal nothing extracted is left behind."""
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    vendor = engine()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    folder = _staging_folder(vendor)
    staged_media = media_root.parent / f"{media_root.name}.restoring-{_stamp(_now())}-{uuid.uuid4().hex[:6]}"
    staged_media.mkdir()
    found: dict[str, dict] = {}
    small: dict[str, bytes] = {}
    database_path: Path | None = None
    try:
        try:
            with tarfile.open(archive, mode="r:") as tar:
                for member in tar:
                    name = member.name
                    if not member.isreg():
                        raise BackupError(f"{DAMAGED}: it holds {name!r}, which is not a plain file.")
                    if name in found:
                        raise BackupError(f"{DAMAGED}: it holds {name!r} twice.")
                    if name in (MANIFEST, LEDGER):
                        if member.size > 50 * CHUNK:
                            raise BackupError(f"{DAMAGED}: its {name} is implausibly large.")
                        target = None
                    elif name in DATABASE_MEMBER.values():
                        target = database_path = folder / name
                    elif name.startswith("media/") and (relative := _safe_media_path(name)):
                        target = staged_media.joinpath(*relative.parts)
                        target.parent.mkdir(parents=True, exist_ok=True)
                    else:
                        raise BackupError(f"The archive holds {name!r}, which a Sharaka backup never holds.")
                    source = tar.extractfile(member)
                    digest, size, buffer = hashlib.sha256(), 0, io.BytesIO()
                    with target.open("wb") if target else contextlib.nullcontext(buffer) as sink:
                        while chunk := source.read(CHUNK):
                            digest.update(chunk)
                            size += len(chunk)
                            sink.write(chunk)
                    if target is None:
                        small[name] = buffer.getvalue()
                    found[name] = {"sha256": digest.hexdigest(), "size": size}
        except (tarfile.TarError, EOFError) as exc:
            raise BackupError(f"{DAMAGED} ({exc}); nothing was changed.") from exc
        manifest = _check_manifest(small, found)
        try:
            ledger = json.loads(small[LEDGER])
        except (KeyError, ValueError) as exc:
            raise BackupError(f"{DAMAGED}: its ledger.json cannot be read.") from exc
        if database_path is None or database_path.name != DATABASE_MEMBER.get(manifest["engine"]):
            raise BackupError(f"{DAMAGED}: its database is missing.")
        return Staged(
            manifest=manifest, ledger=ledger, database=database_path, media=staged_media, folder=folder
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(staged_media, ignore_errors=True)
        raise


def _check_manifest(small: dict[str, bytes], found: dict[str, dict]) -> dict:
    if MANIFEST not in small:
        raise BackupError(f"{DAMAGED}: its manifest is missing (a cut-off copy?); nothing was changed.")
    try:
        manifest = json.loads(small[MANIFEST])
        listed = manifest["members"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{DAMAGED}: its manifest cannot be read.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("This file is not a Sharaka backup (its manifest says otherwise).")
    if not isinstance(manifest.get("version"), int) or manifest["version"] > FORMAT_VERSION:
        raise BackupError(
            f"This archive has format version {manifest.get('version')}; this Sharaka reads up to "
            f"{FORMAT_VERSION}. Update Sharaka first."
        )
    present = set(found) - {MANIFEST}
    if missing := sorted(set(listed) - present):
        raise BackupError(
            f"The archive lacks {_names(missing)}, which its manifest lists: it is incomplete; nothing was changed."
        )
    if extra := sorted(present - set(listed)):
        raise BackupError(
            f"The archive holds {_names(extra)}, which its manifest does not list; nothing was changed."
        )
    for name in sorted(listed):
        if (
            listed[name].get("sha256") != found[name]["sha256"]
            or listed[name].get("size") != found[name]["size"]
        ):
            raise BackupError(
                f"The member {name} does not match its checksum in the manifest: the archive was altered "
                "or damaged; nothing was changed."
            )
    return manifest


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def check_compatible(manifest: dict) -> None:
    """The archive's engine is the current one and none of its migrations is unknown to this code."""
    vendor = engine()
    if manifest.get("engine") != vendor:
        theirs = ENGINE_NAMES.get(manifest.get("engine"), str(manifest.get("engine")))
        raise BackupError(
            f"This archive holds a {theirs} database but DATABASE_URL points to {ENGINE_NAMES.get(vendor, vendor)}: "
            f"restore it into a {theirs} installation; nothing was changed."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in sorted(manifest.get("migrations", {}).items()):
        if (app, name) not in known:
            raise BackupError(
                f"The archive's database has migration {app}.{name}, which this version of Sharaka does not "
                "know: it was made by a newer Sharaka. Install that version first; nothing was changed."
            )


def _check_ledger(alias: str, recorded: dict) -> dict:
    ok, broken_at = verify_chain(using=alias)
    if not ok:
        raise BackupError(
            f"The audit ledger inside the archive is broken at entry {broken_at}; nothing was changed."
        )
    head = ledger_head(alias)
    if (head["entries"], head["last_id"], head["last_hash"]) != (
        recorded.get("entries"),
        recorded.get("last_id"),
        recorded.get("last_hash"),
    ):
        raise BackupError(
            "The audit ledger inside the archive does not end where ledger.json says "
            f"({head['entries']} entries, head {head['last_hash'] or '(empty)'}); nothing was changed."
        )
    return head


def check_database(staged: Staged) -> dict:
    """Restore the archive's database to a scratch place and verify its ledger there."""
    if engine() == "sqlite":
        with database_alias(str(staged.database)) as alias:
            head = _check_ledger(alias, staged.ledger)
        with contextlib.closing(sqlite3.connect(staged.database)) as scratch:
            scratch.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            scratch.execute("PRAGMA journal_mode=DELETE")
        return head
    # PostgreSQL cuts names at 63 bytes: keep it short enough that dropdb finds it again.
    name = f"{settings.DATABASES['default']['NAME'][:30]}_restore_check_{uuid.uuid4().hex[:8]}"
    env = _pg_env()
    _run(["createdb", "--no-password", "--template=template0", name], env)
    try:
        _run(["pg_restore", "--no-password", "--no-owner", "--single-transaction", "--exit-on-error",
              f"--dbname={name}", str(staged.database)], env)  # fmt: skip
        with database_alias(name) as alias:
            head = _check_ledger(alias, staged.ledger)
            # pg_restore --clean drops and recreates what the archive holds and leaves anything else:
            # tables of a newer migration would stay beside an older django_migrations.
            extra = set(connections["default"].introspection.table_names()) - set(
                connections[alias].introspection.table_names()
            )
        if extra:
            raise BackupError(
                f"The current database has tables the archive lacks ({_names(sorted(extra))}), from a newer "
                "version of Sharaka: recreate the database empty (dropdb, createdb) and restore again; "
                "nothing was changed."
            )
        return head
    finally:
        _run(["dropdb", "--no-password", "--if-exists", "--force", name], env)


def replace_database(staged: Staged, moment: datetime.datetime) -> str:
    """Put the checked database in place. Returns a sentence saying what became of the previous one."""
    connections.close_all()
    if engine() == "postgresql":
        # One transaction: if anything fails, PostgreSQL rolls back and the database is as it was.
        # The same bytes were just restored and verified in the scratch database.
        _run(
            ["pg_restore", "--no-password", "--clean", "--if-exists", "--single-transaction", "--no-owner",
             "--exit-on-error", f"--dbname={settings.DATABASES['default']['NAME']}", str(staged.database)],
            _pg_env(),
        )  # fmt: skip
        return "The database was replaced in one transaction."
    database = Path(settings.DATABASES["default"]["NAME"])
    kept = ""
    if database.exists():
        # Fold the old write-ahead log into the old file first: a stale -wal beside the new file
        # would be replayed into it.
        with contextlib.closing(sqlite3.connect(database, timeout=60)) as old:
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        previous = database.with_name(f"{database.name}.before-restore-{_stamp(moment)}")
        try:
            os.link(database, previous)
        except OSError:
            shutil.copy2(database, previous)
        kept = f" The previous database is kept as {previous}."
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(staged.database, database)
    return "The database file was replaced." + kept


def replace_media(staged: Staged, moment: datetime.datetime) -> str:
    media_root = Path(settings.MEDIA_ROOT)
    kept = ""
    if media_root.exists():
        previous = media_root.with_name(f"{media_root.name}.before-restore-{_stamp(moment)}")
        os.rename(media_root, previous)
        kept = f" The previous uploaded files are kept in {previous}."
    os.rename(staged.media, media_root)
    return f"The uploaded files were replaced ({media_root}).{kept}"


def pending_migrations() -> list:
    """Migrations of this code not yet applied to the (restored) database."""
    executor = MigrationExecutor(connections["default"])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def describe(manifest: dict) -> str:
    media = [m for m in manifest["members"] if m.startswith("media/")]
    return (
        f"{ENGINE_NAMES.get(manifest['engine'])} database made {manifest['created_at']}, "
        f"{len(media)} uploaded files"
    )
