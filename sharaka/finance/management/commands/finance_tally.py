"""`manage.py finance_tally`: check the running totals against the transactions, or rebuild them."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sharaka.finance import tally


class Command(BaseCommand):
    help = "Check the finance running totals against the transactions (--rebuild recomputes them)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute every running total")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic():
                rows = tally.rebuild()
            self.stdout.write(f"{rows} running totals rebuilt from the transactions.")
            return
        wrong = tally.differences()
        if wrong:
            for key, kept, computed in wrong[:20]:
                self.stderr.write(
                    f"project, funder, year, type {key}: kept {kept}, transactions say {computed}"
                )
            raise CommandError(
                f"{len(wrong)} running totals disagree with the transactions: run with --rebuild."
            )
        self.stdout.write("The running totals agree with the transactions.")
