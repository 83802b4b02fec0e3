"""The background tasks of the operations app: one scheduled job's run, and the worker's heartbeat."""

import datetime
import logging
import traceback

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from sharaka.operations.models import Heartbeat, JobRun

logger = logging.getLogger("sharaka.scheduler")


def day_of(run: JobRun) -> datetime.date:
    """The local day a run is for: the period's day (daily, hourly), or within a week the day the
    scheduler found it due (a Monday, or the day it came back after missing it)."""
    if "-W" in run.period:
        return timezone.localdate(run.enqueued_at)
    return datetime.date.fromisoformat(run.period[:10])


@task
def run_job(job: str, period: str) -> dict:
    """Run one job for one period and record it on its JobRun: running, then done with what it did,
    or failed with the error. The job's own writes are all or nothing (one transaction). A run
    already started (a second delivery of the same task) is not run again."""
    from sharaka.operations.jobs import BY_NAME

    started = JobRun.objects.filter(job=job, period=period, status=JobRun.Status.ENQUEUED).update(
        status=JobRun.Status.RUNNING, started_at=timezone.now()
    )
    if not started:
        return {"skipped": f"{job} {period} already started"}
    run = JobRun.objects.get(job=job, period=period)
    try:
        with transaction.atomic():
            result = BY_NAME[job].call(day_of(run)) or {}
    except Exception as error:  # recorded for the administrator (/operations/), not retried
        logger.exception("scheduled job %s %s failed", job, period)
        JobRun.objects.filter(job=job, period=period).update(
            status=JobRun.Status.FAILED,
            finished_at=timezone.now(),
            error="".join(traceback.format_exception_only(error)).strip()[:2000],
        )
        return {"failed": type(error).__name__}
    JobRun.objects.filter(job=job, period=period).update(
        status=JobRun.Status.DONE, finished_at=timezone.now(), result=result
    )
    return result


@task
def heartbeat() -> None:
    """The worker's sign of life: run by whichever worker takes it, each minute (/readyz, /operations/)."""
    Heartbeat.objects.update_or_create(name=Heartbeat.WORKER, defaults={"beat_at": timezone.now()})
