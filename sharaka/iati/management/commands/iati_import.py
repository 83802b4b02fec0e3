"""`manage.py iati_import FILE [FILE ...]`: import other publishers' IATI activity files, with a
progress bar, whatever their size (the web upload stops at the document limit).

Each file is one import, all or nothing, listed with its report on the imports page; the ledger
names the user given with --user (else no one: the command line). Exit status 1 when a file is
refused or fails.
"""

import os
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from sharaka.iati import importing, report
from sharaka.iati.models import ImportRun


class Progress:
    """A bar on stderr, redrawn at most ten times a second: bytes read, activities per second."""

    def __init__(self, stream, total: int, enabled: bool):
        self.stream, self.total, self.enabled = stream, max(total, 1), enabled
        self.started = self.drawn = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.drawn < 0.1 and done < self.total):
            return
        self.drawn = now
        share = min(done / self.total, 1)
        bar = "#" * int(share * 30)
        speed = done / max(now - self.started, 1e-6) / 2**20
        self.stream.write(f"\r[{bar:<30}] {share:6.1%} {done / 2**20:8.1f} MB {speed:6.1f} MB/s")
        self.stream.flush()

    def end(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Import IATI activity files (versions 2.01-2.03) of other publishers, each all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="paths of IATI activity files")
        parser.add_argument("--user", help="the username the ledger records as importing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--language", default="en", help="language of the report printed (ar, fr, en)")

    def handle(self, *args, files, user=None, no_progress=False, language="en", **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user named {user!r}.")
        failed = 0
        for path in files:
            if not os.path.isfile(path):
                raise CommandError(f"No such file: {path}")
            size = os.path.getsize(path)
            run = ImportRun.objects.create(
                source=ImportRun.Source.COMMAND,
                name=os.path.basename(path)[:500],
                size=size,
                sha256=_sha256(path),
                requested_by=actor,
            )
            progress = Progress(self.stderr._out, size, not no_progress and sys.stderr.isatty())
            started = time.monotonic()
            with open(path, "rb") as source:
                importing.import_file(run, source, actor=actor, progress=progress)
            progress.end()
            seconds = time.monotonic() - started
            with translation.override(language):
                worded = report.worded(run)
                self.stdout.write(f"{path}: {run.get_status_display()} in {seconds:.1f} s (import {run.pk})")
                if worded["refusal"]:
                    self.stdout.write("  " + _plain(worded["refusal"]))
                for label, number in worded["counts"]:
                    self.stdout.write(f"  {label}: {number}")
                if run.problems_total:
                    self.stdout.write(f"  problems: {run.problems_total} (listed on the import's page)")
            failed += run.status != ImportRun.Status.DONE
        if failed:
            raise CommandError(f"{failed} of {len(files)} files were not imported.")


def _sha256(path) -> str:
    with open(path, "rb") as file:
        return report.sha256_of(file)


def _plain(html) -> str:
    from django.utils.html import strip_tags

    return strip_tags(str(html)).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
