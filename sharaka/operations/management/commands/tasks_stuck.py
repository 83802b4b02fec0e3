"""`manage.py tasks_stuck [--minutes N] [--requeue]`: the tasks a worker started and never finished.

A worker killed in the middle of a task (a power cut, `kill -9`, the machine's memory exhausted)
leaves that task RUNNING for ever: no other worker takes it. This lists the tasks RUNNING for more
than N minutes (default 60: no task of Sharaka runs that long) and, with `--requeue`, puts them back
as READY for the worker to do again. An e-mail caught between the mail server's "accepted" and the
worker's record may then be sent twice; an e-mail never sent is worse (docs/operations.md).
"""

import datetime

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "List the tasks left running by a worker that stopped; --requeue puts them back for the worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes", type=int, default=60, help="running for longer than this (default 60)"
        )
        parser.add_argument("--requeue", action="store_true", help="put them back as READY")

    def handle(self, *args, minutes: int, requeue: bool, **options):
        since = timezone.now() - datetime.timedelta(minutes=minutes)
        stuck = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=since)
        found = list(stuck.order_by("started_at"))
        for result in found:
            self.stdout.write(
                f"{result.id}  {result.task_path}  running since {result.started_at.isoformat()}"
            )
        if requeue and found:
            count = stuck.filter(pk__in=[r.pk for r in found]).update(status=TaskResultStatus.READY)
            self.stdout.write(f"{count} task(s) back in the queue.")
        elif not found:
            self.stdout.write(f"No task has been running for more than {minutes} minutes.")
