"""Background work of the agreements: the law's clock and the reminders, once a day (or more)."""

import datetime

from django.tasks import task

from sharaka.agreements import reminders, services


@task
def agreements_tick(today: str | None = None) -> dict:
    """Close silent objection windows, record tacit visas, send reminders. Idempotent."""
    day = datetime.date.fromisoformat(today) if today else None
    done = services.tick(today=day)
    done["reminders"] = reminders.send_reminders(today=day)
    return done
