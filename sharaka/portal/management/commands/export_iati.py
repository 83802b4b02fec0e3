"""Write the IATI 2.03 activity and organisation files of the published projects, with a progress bar."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from sharaka.portal.iati import fragments, writer


class Command(BaseCommand):
    help = "Write the IATI activity file (published projects) and the organisation file of the commune."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="var/iati", help="Folder to write into (created if missing).")

    def handle(self, *args, out, **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        total = writer.published_projects().count()
        done = 0

        def progress():
            nonlocal done
            done += 1
            width = 30
            filled = width * done // max(total, 1)
            self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
            self.stderr.flush()

        activities = folder / "activities.xml"
        with activities.open("wb") as fh:
            for chunk in fragments.activity_chunks(
                progress=progress if sys.stderr.isatty() or total else None
            ):
                fh.write(chunk)
        self.stderr.write("")
        organisation = folder / "organisation.xml"
        with organisation.open("wb") as fh:
            for chunk in fragments.organisation_chunks():
                fh.write(chunk)
        self.stdout.write(f"{total} activities → {activities}\norganisation → {organisation}")
