"""`manage.py load_demo`: load the fictional Aourir demo. Running it twice changes nothing."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sharaka.core.models import AuditEntry, SearchEntry
from sharaka.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Load the Aourir demo (fictional partners' dealings, projects and one user per role, all with "
        "the published demo password). Idempotent. Refused outside DEBUG or tests."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-published-password",
            action="store_true",
            help="Load even though DEBUG is off. The demo accounts share a published password: never in production.",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["allow_published_password"]):
            raise CommandError(
                "The demo creates accounts whose password is published. Run it with DEBUG=1, "
                "or pass --allow-published-password if this is really not a production site."
            )
        started = time.monotonic()
        audit_before = AuditEntry.objects.count()
        loader = DemoLoader()
        created = loader.load()
        elapsed = time.monotonic() - started

        for warning in loader.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        if not created:
            self.stdout.write("The Aourir demo is already loaded: nothing to do.")
            return
        self.stdout.write(self.style.SUCCESS(f"Aourir demo loaded in {elapsed:.1f} s (fictional data):"))
        for what, count in created.items():
            self.stdout.write(f"  {count:4d} {what}")
        self.stdout.write(
            f"  {AuditEntry.objects.count() - audit_before:4d} audit entries, "
            f"{SearchEntry.objects.count()} search entries in all"
        )
