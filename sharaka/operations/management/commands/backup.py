"""Write one archive of this installation: database, uploaded files, ledger head, manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sharaka.operations.backup import BackupError, backup_create


def size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


class Command(BaseCommand):
    # No system checks first: an operational command must run whatever their state, and on SQLite
    # their JSON probe takes the write lock, which a busy site may hold for the whole busy timeout.
    requires_system_checks = []
    help = (
        "Write a backup archive (database, uploaded files, audit ledger head, manifest of checksums) "
        "into --output (default var/backups), then keep only the newest --keep archives there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path(settings.BASE_DIR) / "var" / "backups")
        parser.add_argument(
            "--keep", type=int, default=None, help="Remove the oldest archives beyond this many."
        )

    def handle(self, *args, output, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more.")
        try:
            result = backup_create(output=output.resolve(), keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written: {result.path}")
        self.stdout.write(
            f"  archive {size(result.archive_size)}; database {size(result.database_size)}; "
            f"{result.media_files} uploaded files, {size(result.media_size)}; {result.seconds:.1f} s"
        )
        for path in result.removed:
            self.stdout.write(f"  removed older archive {path.name}")
