"""Walk the audit ledger's hash chain and name the first broken entry."""

from django.core.management.base import BaseCommand, CommandError

from sharaka.core.audit import verify_chain
from sharaka.core.models import AuditEntry


class Command(BaseCommand):
    help = "Recompute every hash of the audit ledger; fail at the first broken entry."

    def handle(self, *args, **options):
        ok, broken_at = verify_chain()
        if not ok:
            raise CommandError(f"The ledger is broken at entry {broken_at}.")
        last = AuditEntry.objects.order_by("-id").first()
        head = last.hash if last else "(empty)"
        self.stdout.write(f"Ledger OK: {AuditEntry.objects.count()} entries, head {head}")
