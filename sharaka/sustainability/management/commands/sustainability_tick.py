from django.core.management.base import BaseCommand

from sharaka.sustainability.tasks import sustainability_tick


class Command(BaseCommand):
    help = "Schedule post-support checks and refresh the sustainability early warnings (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD, for tests and catch-up runs")

    def handle(self, *args, today=None, **options):
        result = sustainability_tick.enqueue(today)
        self.stdout.write(f"{result.status}: {result.return_value if result.is_finished else ''}")
