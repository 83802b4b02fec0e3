"""Background work of funding: the reminders of the applications' deadlines, once a day (or more)."""

import datetime

from django.tasks import task

from sharaka.funding import reminders


@task
def funding_tick(today: str | None = None) -> dict:
    """E-mail the owners of applications whose next stage is due soon. Idempotent."""
    day = datetime.date.fromisoformat(today) if today else None
    return {"reminders": reminders.send_reminders(today=day)}
