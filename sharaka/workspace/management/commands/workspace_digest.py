from django.core.management.base import BaseCommand

from sharaka.workspace.tasks import workspace_digest


class Command(BaseCommand):
    help = "E-mail each opted-in person the digest of their work, daily or on Mondays (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD, for tests and catch-up runs")

    def handle(self, *args, today=None, **options):
        result = workspace_digest.enqueue(today)
        self.stdout.write(f"{result.status}: {result.return_value if result.is_finished else ''}")
