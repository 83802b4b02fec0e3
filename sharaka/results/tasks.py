"""Background work of the results: due reports made and reminded, once a day (or more)."""

import datetime

from django.tasks import task

from sharaka.results import reminders, schedules


@task
def results_tick(today: str | None = None) -> dict:
    """Make the due reports of every active schedule, then remind their responsible people. Idempotent."""
    day = datetime.date.fromisoformat(today) if today else None
    return {
        "due_reports": schedules.generate(today=day),
        "reminders": reminders.send_reminders(today=day),
    }
