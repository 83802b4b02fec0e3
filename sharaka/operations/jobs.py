"""The scheduled jobs, in one literal table: what runs, when (Casablanca's clock), and what it calls.

The scheduler (operations/scheduler.py) reads this table. Each job runs once per period: a day, a
week or an hour, whose start is written here; the worker's heartbeat runs every minute and is not a
job (nothing is recorded per minute). A job's function takes the local day the run is for and returns
what it did as counts (recorded on its JobRun). The daily ticks call the very tasks that
`manage.py agreements_tick --today 2026-12-05` (and the others) call, so an administrator replays a
missed day with that command (docs/operations.md, "Scheduled jobs").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONDAY = 0


@dataclass(frozen=True)
class Cadence:
    """When a job's period starts: every day at `at`, every week on `weekday` at `at`, every hour at
    minute `at.minute`."""

    every: str  # "day", "week" or "hour"
    at: datetime.time
    weekday: int | None = None  # 0 = Monday, for "week"

    def period(self, local: datetime.datetime) -> str | None:
        """The period that has started at this local time, or None before the first start of today's
        (the previous period is not replayed: docs/operations.md, "Catching up")."""
        if self.every == "day":
            return local.date().isoformat() if local.time() >= self.at else None
        if self.every == "hour":
            return local.strftime("%Y-%m-%dT%H") if local.minute >= self.at.minute else None
        if self.every == "week":
            year, week, weekday = local.isocalendar()
            started = (weekday - 1, local.time()) >= (self.weekday, self.at)
            return f"{year}-W{week:02d}" if started else None
        raise ValueError(self.every)

    @property
    def label(self):
        if self.every == "day":
            return _("Every day at %(time)s") % {"time": self.at.strftime("%H:%M")}
        if self.every == "hour":
            return _("Every hour at minute %(minute)s") % {"minute": self.at.minute}
        return _("Every %(weekday)s at %(time)s") % {
            "weekday": WEEKDAYS[self.weekday],
            "time": self.at.strftime("%H:%M"),
        }


WEEKDAYS = [
    pgettext_lazy("every", "Monday"),
    pgettext_lazy("every", "Tuesday"),
    pgettext_lazy("every", "Wednesday"),
    pgettext_lazy("every", "Thursday"),
    pgettext_lazy("every", "Friday"),
    pgettext_lazy("every", "Saturday"),
    pgettext_lazy("every", "Sunday"),
]


def daily(hour: int, minute: int = 0) -> Cadence:
    return Cadence("day", datetime.time(hour, minute))


def weekly(weekday: int, hour: int, minute: int = 0) -> Cadence:
    return Cadence("week", datetime.time(hour, minute), weekday)


def hourly(minute: int = 0) -> Cadence:
    return Cadence("hour", datetime.time(0, minute))


@dataclass(frozen=True)
class Job:
    name: str
    label: object  # translated lazily
    cadence: Cadence
    call: Callable[[datetime.date], dict]
    calls: str  # what it calls, for the administrator's page and docs/operations.md


# --- what each job does: the same functions as the tasks and the commands of the same names ---


def agreements_tick(day: datetime.date) -> dict:
    from sharaka.agreements.tasks import agreements_tick

    return agreements_tick.call(today=day.isoformat())


def finance_tick(day: datetime.date) -> dict:
    from sharaka.finance.tasks import finance_tick

    return finance_tick.call(today=day.isoformat())


def results_tick(day: datetime.date) -> dict:
    from sharaka.results.tasks import results_tick

    return results_tick.call(today=day.isoformat())


def funding_tick(day: datetime.date) -> dict:
    from sharaka.funding.tasks import funding_tick

    return funding_tick.call(today=day.isoformat())


def sustainability_tick(day: datetime.date) -> dict:
    from sharaka.sustainability.tasks import sustainability_tick

    return sustainability_tick.call(today=day.isoformat())


def workspace_digest(day: datetime.date) -> dict:
    """The daily digests (User.digest = daily), every day."""
    from sharaka.core.models import User
    from sharaka.workspace import digest

    return {"digests": digest.send_digests(today=day, frequency=User.Digest.DAILY)}


def workspace_digest_weekly(day: datetime.date) -> dict:
    """The weekly digests, once a week: on Monday, or the first day the scheduler runs after it."""
    from sharaka.core.models import User
    from sharaka.workspace import digest

    return {"digests": digest.send_digests(today=day, frequency=User.Digest.WEEKLY)}


# Finished background tasks kept this long (days), failed ones longer for the administrator to read;
# the worker's heartbeats (one a minute) only a day.
KEEP_DONE_DAYS = 30
KEEP_FAILED_DAYS = 90
KEEP_HEARTBEATS_DAYS = 1


def prune_task_results(day: datetime.date) -> dict:
    """Delete old finished background tasks (the logic of django_tasks_db's prune_db_task_results)."""
    from django.db.models import Q
    from django.tasks import TaskResultStatus
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from sharaka.operations.tasks import heartbeat

    now = timezone.now()
    before = lambda days: now - datetime.timedelta(days=days)  # noqa: E731
    heartbeats, _ = DBTaskResult.objects.filter(
        task_path=heartbeat.module_path,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lte=before(KEEP_HEARTBEATS_DAYS),
    ).delete()
    others, _ = DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lte=before(KEEP_DONE_DAYS))
        | Q(status=TaskResultStatus.FAILED, finished_at__lte=before(KEEP_FAILED_DAYS))
    ).delete()
    return {"heartbeats_deleted": heartbeats, "task_results_deleted": others}


def iati_files_prune(day: datetime.date) -> dict:
    """Uploaded IATI files removed IATI_UPLOAD_KEEP_DAYS after their import ended."""
    from sharaka.iati import retention

    return retention.remove_old_files()


# --- the table (docs/operations.md, "Scheduled jobs", copies it) ---

JOBS: tuple[Job, ...] = (
    Job(
        "agreements_tick",
        _("Agreements: the law's clock and the obligations' reminders"),
        daily(5, 0),
        agreements_tick,
        "sharaka.agreements.tasks.agreements_tick",
    ),
    Job(
        "finance_tick",
        _("Finance: late tranches e-mailed to their owners"),
        daily(5, 10),
        finance_tick,
        "sharaka.finance.tasks.finance_tick",
    ),
    Job(
        "results_tick",
        _("Results: due reports made and reminded"),
        daily(5, 20),
        results_tick,
        "sharaka.results.tasks.results_tick",
    ),
    Job(
        "funding_tick",
        _("Funding: reminders of the applications' deadlines"),
        daily(5, 30),
        funding_tick,
        "sharaka.funding.tasks.funding_tick",
    ),
    Job(
        "sustainability_tick",
        _("Sustainability: post-support checks and early warnings"),
        daily(5, 40),
        sustainability_tick,
        "sharaka.sustainability.tasks.sustainability_tick",
    ),
    Job(
        "workspace_digest",
        _("Daily digests of each person's work"),
        daily(7, 0),
        workspace_digest,
        "sharaka.workspace.digest.send_digests (daily)",
    ),
    Job(
        "workspace_digest_weekly",
        _("Weekly digests of each person's work"),
        weekly(MONDAY, 7, 0),
        workspace_digest_weekly,
        "sharaka.workspace.digest.send_digests (weekly)",
    ),
    Job(
        "prune_task_results",
        _("Old finished background tasks deleted"),
        daily(3, 30),
        prune_task_results,
        "sharaka.operations.jobs.prune_task_results",
    ),
    Job(
        "iati_files_prune",
        _("IATI: uploaded files removed once their retention period is over"),
        daily(3, 40),
        iati_files_prune,
        "sharaka.iati.retention.remove_old_files",
    ),
)

BY_NAME = {job.name: job for job in JOBS}
