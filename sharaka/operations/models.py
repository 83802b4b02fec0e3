"""What the running installation records about itself: each scheduled job's runs, and heartbeats."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One run of a scheduled job for one period (a day, an hour, a week).

    The pair (job, period) is unique: however many schedulers run, on however many machines, and
    however often they wake, a job runs once per period (sharaka/operations/scheduler.py).
    """

    class Status(models.TextChoices):
        ENQUEUED = "enqueued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    job = models.CharField(_("job"), max_length=60)
    period = models.CharField(_("period"), max_length=20, help_text="2026-12-05, 2026-12-05T14 or 2026-W49")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENQUEUED)
    enqueued_at = models.DateTimeField(_("enqueued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result = models.JSONField(_("what it did"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")
        ordering = ["-enqueued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="operations_jobrun_once_per_period")
        ]
        indexes = [models.Index(fields=["job", "-enqueued_at"], name="operations_jobrun_job_idx")]

    def __str__(self):
        return f"{self.job} {self.period}"


class Heartbeat(models.Model):
    """The last sign of life of a background process: the worker (a task it ran) or the scheduler."""

    WORKER = "worker"
    SCHEDULER = "scheduler"

    name = models.CharField(_("process"), max_length=30, unique=True)
    beat_at = models.DateTimeField(_("last seen"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
