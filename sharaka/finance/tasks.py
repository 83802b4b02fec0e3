"""Background work of the finance app: e-mails about late tranches, once a day (or more)."""

import datetime

from django.tasks import task

from sharaka.finance import reminders


@task
def finance_tick(today: str | None = None) -> dict:
    """Tell the owners of late tranches, once per stage. Idempotent."""
    day = datetime.date.fromisoformat(today) if today else None
    return {"late_tranche_reminders": reminders.send_late_tranche_reminders(today=day)}
