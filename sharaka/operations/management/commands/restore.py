"""Restore an archive written by `manage.py backup`, after checking all of it."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sharaka.operations import backup


class Command(BaseCommand):
    # No system checks first: an operational command must run whatever their state, and on SQLite
    # their JSON probe takes the write lock, which a busy site may hold for the whole busy timeout.
    requires_system_checks = []
    help = (
        "Check a backup archive (complete, checksums, engine, migrations, audit ledger restored to a "
        "scratch copy), then replace the database and the uploaded files with it. Stop the web, worker "
        "and scheduler processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="Replace without asking.")

    def handle(self, *args, archive, yes, **options):
        try:
            staged = backup.read_archive(archive.resolve())
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            try:
                backup.check_compatible(staged.manifest)
                self.stdout.write(
                    f"Archive complete, every checksum matches: {backup.describe(staged.manifest)}."
                )
                head = backup.check_database(staged)
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"Audit ledger in the archive verified: {head['entries']} entries, head {head['last_hash'] or '(empty)'}."
            )
            if not yes and not self.confirmed():
                raise CommandError("Nothing was changed.")
            moment = backup._now()
            self.stdout.write(backup.replace_database(staged, moment))
            self.stdout.write(backup.replace_media(staged, moment))
        finally:
            staged.discard()
        ok, broken_at = backup.verify_chain()
        if not ok:
            raise CommandError(f"After the restore the ledger is broken at entry {broken_at}.")
        self.stdout.write(f"Restored. Ledger OK: {backup.ledger_head()['entries']} entries.")
        if backup.pending_migrations():
            self.stdout.write("The archive is older than this version of Sharaka: now run manage.py migrate")

    def confirmed(self) -> bool:
        if not sys.stdin.isatty():
            raise CommandError("Not a terminal: add --yes to replace the database and the uploaded files.")
        answer = input("Replace the current database and uploaded files with this archive? Type yes: ")
        return answer.strip().lower() == "yes"
