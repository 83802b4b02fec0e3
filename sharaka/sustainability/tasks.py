"""Background work of sustainability, once a day: schedule the post-support checks of every
completed or closed project, then bring the early warnings up to date. Idempotent."""

import datetime

from django.tasks import task

from sharaka.sustainability import tick


@task
def sustainability_tick(today: str | None = None) -> dict:
    day = datetime.date.fromisoformat(today) if today else None
    return tick.run(today=day)
