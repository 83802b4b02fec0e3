from django.core.management.base import BaseCommand

from sharaka.funding.tasks import funding_tick


class Command(BaseCommand):
    help = "Send the reminders of the funding applications' deadlines (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD, for tests and catch-up runs")

    def handle(self, *args, today=None, **options):
        result = funding_tick.enqueue(today)
        self.stdout.write(f"{result.status}: {result.return_value if result.is_finished else ''}")
