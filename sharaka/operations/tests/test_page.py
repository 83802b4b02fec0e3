"""The administrator's operations page: who runs, what ran and what it did, what failed and why."""

import datetime
import uuid

from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sharaka.operations.models import Heartbeat, JobRun

URL = "/operations/"


def task_row(path, status, *, kwargs=None, ago=datetime.timedelta(minutes=5), **extra):
    when = timezone.now() - ago
    row = DBTaskResult.objects.create(
        id=uuid.uuid4(),
        task_path=path,
        status=status,
        args_kwargs={"args": [], "kwargs": kwargs or {}},
        backend_name="default",
        run_after=when,
        **extra,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=when)  # auto_now_add otherwise
    return row


def failed(path, exception, message, finished=None, **kwargs):
    return task_row(
        path,
        TaskResultStatus.FAILED,
        kwargs=kwargs,
        exception_class_path=exception,
        traceback=f'Traceback (most recent call last):\n  File "x.py", line 1\n{exception}: {message}\n',
        finished_at=finished or timezone.now(),
    )


def scene():
    now = timezone.now()
    Heartbeat.objects.create(name=Heartbeat.WORKER, beat_at=now - datetime.timedelta(minutes=20))
    Heartbeat.objects.create(name=Heartbeat.SCHEDULER, beat_at=now - datetime.timedelta(seconds=20))
    for day in range(1, 8):
        JobRun.objects.create(
            job="finance_tick",
            period=f"2026-12-0{day}",
            status=JobRun.Status.DONE,
            enqueued_at=now - datetime.timedelta(days=8 - day),
            finished_at=now - datetime.timedelta(days=8 - day),
            result={"late_tranche_reminders": day},
        )
    JobRun.objects.create(
        job="agreements_tick",
        period="2026-12-07",
        status=JobRun.Status.FAILED,
        error="ValueError: no holiday calendar for 2027",
    )
    failed(
        "sharaka.core.mail.send_one",
        "smtplib.SMTPServerDisconnected",
        "Connection unexpectedly closed",
        finished=timezone.now() - datetime.timedelta(hours=1),
        attempt=3,
    )
    failed(
        "sharaka.operations.tasks.run_job",
        "builtins.KeyError",
        "'old_job'",
        job="old_job",
        period="2026-12-01",
    )
    for minutes in (3, 45):
        task_row(
            "sharaka.core.mail.send_one", TaskResultStatus.READY, ago=datetime.timedelta(minutes=minutes)
        )
    task_row(
        "sharaka.workspace.tasks.workspace_digest",
        TaskResultStatus.RUNNING,
        started_at=now - datetime.timedelta(hours=3),
    )
    task_row("sharaka.workspace.tasks.workspace_digest", TaskResultStatus.RUNNING, started_at=now)


def test_the_administrator_reads_the_heartbeats_the_runs_and_the_failures(client, personas):
    scene()
    personas.admin.language = "en"
    personas.admin.save()
    client.force_login(personas.admin)
    html = client.get(URL).content.decode()

    heartbeats = html[html.index('id="heartbeats"') : html.index("</ul>", html.index('id="heartbeats"'))]
    worker, scheduler = heartbeats.split("<li>")[1:]
    assert "Worker" in worker and "late" in worker  # 20 minutes without a sign
    assert "Scheduler" in scheduler and "late" not in scheduler and "running" in scheduler

    jobs = html[html.index('id="jobs"') : html.index("</table>", html.index('id="jobs"'))]
    assert "Every day at 05:10" in jobs and "Every Monday at 07:00" in jobs
    assert jobs.count('<bdi dir="ltr" class="code">2026-12-0') == 6  # the last 5 of finance, 1 of agreements
    assert '"code">2026-12-02</bdi>' not in jobs and '"code">2026-12-03</bdi>' in jobs
    assert '<bdi dir="ltr">7</bdi> late tranche reminders sent' in jobs  # what it did, in words
    assert "ValueError: no holiday calendar for 2027" in jobs
    assert "Not run yet." in jobs

    assert "2 tasks waiting for the worker, the oldest for 45" in html
    stuck = html[html.index('id="stuck"') : html.index("</ul>", html.index('id="stuck"'))]
    assert stuck.count("<li>") == 1 and "Digests of each person&#x27;s work" in stuck

    table = html[html.index('id="failed"') : html.index("</table>", html.index('id="failed"'))]
    run_job, send_one = table.split("<tr>")[2:]  # the latest first
    assert "Run job" not in table and "Scheduled job" in run_job
    assert '<bdi dir="ltr" class="code">old_job 2026-12-01</bdi>' in run_job
    assert (
        "Send one" in send_one
        and '<bdi dir="ltr" class="meta prose">sharaka.core.mail.send_one</bdi>' in send_one
    )
    assert (
        '<bdi dir="ltr" class="code">SMTPServerDisconnected</bdi>: <bdi dir="auto" class="prose">Connection unexpectedly closed</bdi>'
        in send_one
    )
    assert '<td data-label="Attempt">3</td>' in send_one


def test_the_page_speaks_arabic_first_and_says_when_nothing_ran(client, personas):
    client.force_login(personas.admin)
    html = client.get(URL).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "المهام المجدولة" in html and "لم يسبق رؤيته" in html


def test_the_page_costs_the_same_few_queries_however_much_there_is(
    client, personas, django_assert_num_queries
):
    client.force_login(personas.admin)
    client.get(URL)
    with django_assert_num_queries(7):  # session, user, heartbeats, runs, waiting, failed, stuck
        client.get(URL)
    scene()
    with django_assert_num_queries(7):
        client.get(URL)


def test_only_the_administrator_finds_it_in_the_menu(client, personas):
    link = f'href="{reverse("operations:home")}"'
    client.force_login(personas.admin)
    assert link in client.get("/").content.decode()
    for someone in (personas.officer, personas.auditor, personas.president):
        client.force_login(someone)
        assert link not in client.get(reverse("my_work")).content.decode()
