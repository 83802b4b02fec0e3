"""Background work of the workspace: the e-mail digests of each person's work, once a day."""

import datetime

from django.tasks import task

from sharaka.workspace import digest


@task
def workspace_digest(today: str | None = None) -> dict:
    """E-mail each opted-in person their work (daily, or on Mondays for weekly). Idempotent."""
    day = datetime.date.fromisoformat(today) if today else None
    return {"digests": digest.send_digests(today=day)}
