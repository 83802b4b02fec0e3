from django.core.management.base import BaseCommand

from sharaka.agreements.tasks import agreements_tick


class Command(BaseCommand):
    help = "Run the agreements' clock: tacit visas, closed objection windows, reminders (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD, for tests and catch-up runs")

    def handle(self, *args, today=None, **options):
        result = agreements_tick.enqueue(today)
        self.stdout.write(f"{result.status}: {result.return_value if result.is_finished else ''}")
