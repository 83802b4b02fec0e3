from django.core.management.base import BaseCommand

from sharaka.results.tasks import results_tick


class Command(BaseCommand):
    help = "Run the results' clock: due reports made, reminders sent (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD, for tests and catch-up runs")

    def handle(self, *args, today=None, **options):
        result = results_tick.enqueue(today)
        self.stdout.write(f"{result.status}: {result.return_value if result.is_finished else ''}")
