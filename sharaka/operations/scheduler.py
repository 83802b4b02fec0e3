"""The scheduler: each pass enqueues the jobs whose period has started and has no run yet.

A run is a JobRun row (job, period), unique: the row is written first, and the task that runs the job
is enqueued when that write commits. Two schedulers (two machines, or a restart overlapping the old
process) may pass at the same moment: one writes the row, the other's write fails on the unique
constraint and it enqueues nothing. A second pass in the same period finds the row and does nothing.

Catching up: a scheduler that was down when a period started enqueues that period's jobs at its next
pass (down at 05:00, back at 10:00: today's daily jobs run at 10:00). Earlier periods are not replayed
by themselves; an administrator replays a missed day with the job's command and `--today`.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from sharaka.operations.jobs import JOBS
from sharaka.operations.models import Heartbeat, JobRun

logger = logging.getLogger("sharaka.scheduler")


def current_periods(now, jobs=JOBS) -> list[tuple[object, str]]:
    """(job, period) for each job whose current period has started at `now`."""
    local = timezone.localtime(now)
    found = []
    for job in jobs:
        period = job.cadence.period(local)
        if period is not None:
            found.append((job, period))
    return found


def due_runs(now, jobs=JOBS) -> list[tuple[object, str]]:
    """The (job, period) pairs to run now: started, and not run yet (one query)."""
    started = current_periods(now, jobs)
    if not started:
        return []
    taken = set(
        JobRun.objects.filter(period__in={period for _, period in started}).values_list("job", "period")
    )
    return [(job, period) for job, period in started if (job.name, period) not in taken]


def _enqueue(run_id: int, job: str, period: str) -> None:
    from sharaka.operations.tasks import run_job

    result = run_job.enqueue(job=job, period=period)
    JobRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:64])


def run_due(now=None, jobs=JOBS) -> list[JobRun]:
    """Write a JobRun for each due job and enqueue its task on commit; beat the scheduler's heart.
    Returns the runs this pass took (none of those another scheduler took first)."""
    now = now or timezone.now()
    taken = []
    for job, period in due_runs(now, jobs):
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job=job.name, period=period, enqueued_at=now)
                transaction.on_commit(lambda r=run: _enqueue(r.pk, r.job, r.period))
        except IntegrityError:  # another scheduler took this period between the read and the write
            continue
        logger.info("scheduler: enqueued %s for %s", job.name, period)
        taken.append(run)
    Heartbeat.objects.update_or_create(
        name=Heartbeat.SCHEDULER, defaults={"beat_at": now, "detail": {"enqueued": len(taken)}}
    )
    return taken


def beat_worker() -> bool:
    """Enqueue the worker's heartbeat task, unless one is already waiting (a stopped worker does not
    find a pile of them when it comes back). True when enqueued."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from sharaka.operations.tasks import heartbeat

    if isinstance(heartbeat.get_backend(), DatabaseBackend):
        waiting = DBTaskResult.objects.filter(task_path=heartbeat.module_path, status=TaskResultStatus.READY)
        if waiting.exists():
            return False
    heartbeat.enqueue()
    return True


class Scheduler:
    """One scheduler process: a pass every `interval` seconds (manage.py scheduler); the worker's
    heartbeat at most once a minute."""

    def __init__(self):
        self.last_minute = None

    def tick(self, now=None) -> list[JobRun]:
        now = now or timezone.now()
        runs = run_due(now)
        minute = now.replace(second=0, microsecond=0)
        if minute != self.last_minute:
            beat_worker()
            self.last_minute = minute
        return runs
