from django.core.management.base import BaseCommand

from sharaka.finance.tasks import finance_tick


class Command(BaseCommand):
    help = "Run the finance clock: e-mail the owners of late tranches, once per stage (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD, for tests and catch-up runs")

    def handle(self, *args, today=None, **options):
        result = finance_tick.enqueue(today)
        self.stdout.write(f"{result.status}: {result.return_value if result.is_finished else ''}")
