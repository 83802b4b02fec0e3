"""The daily run (tasks.sustainability_tick, manage.py sustainability_tick)."""

import datetime

from django.utils import timezone

from sharaka.projects.models import Project
from sharaka.projects.pipeline import Status
from sharaka.sustainability import services, warnings
from sharaka.sustainability.models import Check


def run(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    scheduled = 0
    ended = Project.objects.active().filter(status__in=[Status.COMPLETED, Status.CLOSED])
    # Only the projects missing one of their three checks: a second run reads one query and stops.
    counts = {}
    for project_id in Check.objects.filter(project__in=ended).values_list("project_id", flat=True):
        counts[project_id] = counts.get(project_id, 0) + 1
    for project in ended:
        if counts.get(project.pk, 0) < len(Check.MONTHS):
            scheduled += len(services.checks_schedule(project=project))
    return {"checks scheduled": scheduled, **warnings.refresh(today=today)}
