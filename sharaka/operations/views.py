"""The administrator's page on the running installation (/operations/): the background processes'
heartbeats, the scheduled jobs and their last runs, the background tasks that failed, wait or hang."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Min, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from sharaka.core.roles import can
from sharaka.operations.jobs import JOBS
from sharaka.operations.models import Heartbeat, JobRun

# A process is late when its last sign of life is older than settings.HEARTBEAT_STALE_SECONDS, the
# same rule by which /readyz fails (operations/health.py): the scheduler passes every 30 s and asks
# the worker for a heartbeat each minute.
PROCESSES = (Heartbeat.WORKER, Heartbeat.SCHEDULER)
RUNS_SHOWN = 5
FAILED_SHOWN = 50
STUCK_AFTER = datetime.timedelta(hours=1)

# Background tasks by what they do; any other is named from its path.
TASK_LABELS = {
    "sharaka.operations.tasks.run_job": _("Scheduled job"),
    "sharaka.operations.tasks.heartbeat": _("Worker heartbeat"),
    "sharaka.agreements.tasks.agreements_tick": _("Agreements' daily work"),
    "sharaka.finance.tasks.finance_tick": _("Finance's daily work"),
    "sharaka.results.tasks.results_tick": _("Results' daily work"),
    "sharaka.funding.tasks.funding_tick": _("Funding's daily work"),
    "sharaka.sustainability.tasks.sustainability_tick": _("Sustainability's daily work"),
    "sharaka.workspace.tasks.workspace_digest": _("Digests of each person's work"),
    "sharaka.promotion.inquiries.inquiry_acknowledge": _("Acknowledgement of an inquiry"),
    "sharaka.operations.mail.deliver_mail": _("E-mail"),
}


# What a scheduled job's run did, by the keys its function returns (jobs.py and the apps' tasks.py);
# a key not listed here is shown as it is.
RESULT_LABELS = {
    "reminders": _("reminders sent"),
    "tacit_visa": _("tacit visas recorded"),
    "objection_closed": _("objection windows closed"),
    "late_tranche_reminders": _("late tranche reminders sent"),
    "due_reports": _("due reports made"),
    "checks scheduled": _("checks scheduled"),
    "resolved": _("warnings resolved"),
    "updated": _("warnings updated"),
    "opened": _("warnings opened"),
    "digests": _("digests sent"),
    "task_results_deleted": _("old task results deleted"),
    "heartbeats_deleted": _("old heartbeats deleted"),
    "skipped": _("skipped"),
    "failed": _("failed"),
}


def result_counts(result: dict) -> list[tuple]:
    """A run's result as (value, label, known) for the page: the label translated where known."""
    return [
        (value, RESULT_LABELS.get(key, key), key in RESULT_LABELS) for key, value in (result or {}).items()
    ]


def task_label(path: str):
    return TASK_LABELS.get(path) or path.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def failure(row: DBTaskResult) -> dict:
    """What the administrator reads of a failed task: what it was, when, the error, which attempt."""
    kwargs = (row.args_kwargs or {}).get("kwargs") or {}
    lines = [line for line in (row.traceback or "").strip().splitlines() if line.strip()]
    exception = row.exception_class_path.rsplit(".", 1)[-1]
    message = lines[-1] if lines else ""  # "smtplib.SMTPDataError: (451, ...)", as Python prints it
    for prefix in (row.exception_class_path, exception):
        if message == prefix:
            message = ""
        elif message.startswith(prefix + ":"):
            message = message[len(prefix) + 1 :].strip()
            break
    return {
        "id": row.id,
        "label": task_label(row.task_path),
        "path": row.task_path,
        "when": row.finished_at or row.enqueued_at,
        "exception": exception,
        "message": message[:500],
        "attempt": kwargs.get("attempt"),
        "job": kwargs.get("job"),
        "period": kwargs.get("period"),
    }


def heartbeats(now) -> list[dict]:
    late_after = datetime.timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)
    beats = {beat.name: beat for beat in Heartbeat.objects.filter(name__in=PROCESSES)}
    labels = {Heartbeat.WORKER: _("Worker"), Heartbeat.SCHEDULER: _("Scheduler")}
    shown = []
    for name in PROCESSES:
        beat = beats.get(name)
        shown.append(
            {
                "name": name,
                "label": labels[name],
                "at": beat.beat_at if beat else None,
                "late": beat is None or now - beat.beat_at > late_after,
            }
        )
    return shown


def home(request):
    if not can(request.user, "operations.view"):
        raise PermissionDenied
    now = timezone.now()
    last_runs = JobRun.objects.annotate(
        rank=Window(RowNumber(), partition_by=F("job"), order_by=[F("enqueued_at").desc(), F("id").desc()])
    ).filter(rank__lte=RUNS_SHOWN)
    runs_of = defaultdict(list)
    for run in last_runs:
        runs_of[run.job].append(run)
    for runs in runs_of.values():
        runs.sort(key=lambda run: (run.enqueued_at, run.id), reverse=True)
        for run in runs:
            run.counts = result_counts(run.result)
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
        count=Count("id"), oldest=Min("enqueued_at")
    )
    failed = DBTaskResult.objects.failed().order_by(F("finished_at").desc(nulls_last=True))[:FAILED_SHOWN]
    stuck = DBTaskResult.objects.running().filter(started_at__lt=now - STUCK_AFTER).order_by("started_at")
    return render(
        request,
        "operations/home.html",
        {
            "now": now,
            "heartbeats": heartbeats(now),
            "jobs": [{"job": job, "runs": runs_of.get(job.name, [])} for job in JOBS],
            "waiting": waiting,
            "failed": [failure(row) for row in failed],
            "stuck": [
                {"label": task_label(row.task_path), "path": row.task_path, "started_at": row.started_at}
                for row in stuck[:FAILED_SHOWN]
            ],
            "stuck_after_hours": int(STUCK_AFTER.total_seconds() // 3600),
            "late_after_minutes": settings.HEARTBEAT_STALE_SECONDS // 60,
        },
    )
