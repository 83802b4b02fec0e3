"""`manage.py kept`: check every figure the services keep (core/kept.py) against its source rows,
or rebuild them all."""

from django.core.management.base import BaseCommand, CommandError

from sharaka.core import kept


class Command(BaseCommand):
    help = "Check the kept figures (running totals, counts, IATI fragments) against their source rows (--rebuild recomputes them)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute every kept figure")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            for name, rows in kept.rebuild_all().items():
                self.stdout.write(f"{name}: {rows} rows rebuilt.")
            return
        wrong = kept.differences_all()
        for name, differences in wrong.items():
            self.stderr.write(f"{name}: {len(differences)} differ, for example {differences[:3]}")
        if wrong:
            raise CommandError("Some kept figures disagree with their source rows: run with --rebuild.")
        self.stdout.write("Every kept figure agrees with its source rows.")
