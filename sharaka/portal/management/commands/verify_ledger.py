"""Walk the audit ledger's hash chain and name the first broken entry."""

from django.core.management.base import BaseCommand, CommandError

from sharaka.core.audit import verify_chain
from sharaka.core.models import AuditEntry


class Command(BaseCommand):
    help = "Recompute every hash of the audit ledger; fail at the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="The database alias to verify.")

    def handle(self, *args, **options):
        using = options["database"]
        ok, broken_at = verify_chain(using=using)
        if not ok:
            raise CommandError(f"The ledger is broken at entry {broken_at}.")
        entries = AuditEntry.objects.using(using)
        last = entries.order_by("-id").first()
        head = last.hash if last else "(empty)"
        self.stdout.write(f"Ledger OK: {entries.count()} entries, head {head}")
