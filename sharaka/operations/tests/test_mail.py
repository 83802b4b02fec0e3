"""E-mail is sent by the worker, not by the request nor by the daily job (issue #15), with retries.

With the database task backend, as in production: what a request or a job decides to e-mail waits in
the database (a READY task) until the worker (`manage.py db_worker`) sends it; a mail server that
fails is tried again later, each failed attempt recorded for the administrator, up to a limit.
Real commits (`transaction=True`): the e-mail is queued when the change commits.
"""

import datetime
import logging
import signal
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import DatabaseError
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sharaka.agreements.models import Obligation
from sharaka.operations import mail as worker_mail

pytestmark = pytest.mark.django_db(transaction=True)

DELIVER = "sharaka.operations.mail.deliver_mail"


class RefusingMailer(BaseEmailBackend):
    """A mail server that is down: every connection is refused."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class NoSuchMailboxMailer(BaseEmailBackend):
    """A mail server that answers, and refuses the one recipient for good (550)."""

    def send_messages(self, email_messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"nobody@aourir.ma": (550, b"5.1.1 No such user")})


@pytest.fixture
def database_tasks(settings):
    """The production backend. Django's setting_changed receiver resets its backends (django/tasks/signals.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_MODE = "database"
    from django.tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    assert isinstance(task_backends["default"], DatabaseBackend)


def run_worker():
    """The worker, until nothing is ready (its signal handlers put back afterwards)."""
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker",
            batch=True,
            interval=0,
            reload=False,
            startup_delay=False,
            queue_name="*",
            verbosity=0,
        )
    finally:
        for sig, handler in kept.items():
            signal.signal(sig, handler)


def mails(status=None):
    found = DBTaskResult.objects.filter(task_path=DELIVER)
    return found.filter(status=status) if status else found


def owned_obligation(space, language="fr"):
    """The space's open obligation, the officer's (who reads `language`); no other has an owner."""
    owner = space.world.personas.officer
    owner.email, owner.language = "officer@aourir.ma", language
    owner.save()
    obligation = Obligation.objects.filter(state=Obligation.State.OPEN).order_by("pk").first()
    Obligation.objects.update(owner=None)
    Obligation.objects.filter(pk=obligation.pk).update(owner=owner)
    return obligation


def test_a_partners_message_is_emailed_to_the_unit_by_the_worker_not_the_request(
    client, space, database_tasks
):
    officer, viewer = space.world.personas.officer, space.world.personas.partner_viewer
    officer.email, officer.language = "officer@aourir.ma", "fr"
    officer.save()
    client.force_login(viewer)

    url = reverse("partnerspace:project_thread", args=[space.world.project.pk])
    assert client.post(url, {"body": "Quand aura lieu la visite ?"}).status_code == 302

    assert mail.outbox == []  # the request sent nothing
    waiting = mails().get()
    assert waiting.status == TaskResultStatus.READY
    assert waiting.args_kwargs["args"][2] == ["officer@aourir.ma"]

    run_worker()

    assert [m.to for m in mail.outbox] == [["officer@aourir.ma"]]
    sent = mail.outbox[0]
    assert sent.subject.startswith("Un message de ")  # the officer reads French, the partner wrote in Arabic
    assert "Quand aura lieu la visite ?" in sent.body
    assert mails().get().status == TaskResultStatus.SUCCESSFUL


def test_an_obligation_reminder_of_the_daily_tick_waits_for_the_worker(space, database_tasks):
    obligation = owned_obligation(space)
    day = obligation.due_on - datetime.timedelta(days=3)

    call_command("agreements_tick", today=day.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == [] and not mails().exists()  # the scheduler's command only enqueues the tick

    run_worker()  # the tick, then the e-mail it queued on commit

    assert [m.to for m in mail.outbox] == [["officer@aourir.ma"]]
    assert mail.outbox[0].subject.startswith("Échéance le ")
    assert mails(TaskResultStatus.SUCCESSFUL).count() == 1


def test_a_mail_server_that_is_down_is_tried_again_later_until_the_limit(settings, database_tasks):
    settings.MAILERS = {"default": {"BACKEND": "sharaka.operations.tests.test_mail.RefusingMailer"}}
    settings.MAIL_MAX_ATTEMPTS = 3
    worker_mail.send_on_commit("Rappel", "Texte", "officer@aourir.ma")  # outside a transaction: queued now

    before = timezone.now()
    run_worker()

    failed = mails(TaskResultStatus.FAILED).get()
    assert failed.exception_class_path == "sharaka.operations.mail.MailDeferred"
    assert "ConnectionRefusedError" in failed.traceback and "attempt 2 at" in failed.traceback
    retry = mails(TaskResultStatus.READY).get()
    assert retry.run_after >= before + datetime.timedelta(minutes=1)  # not before a minute
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    run_worker()
    assert mails(TaskResultStatus.READY).get() == retry  # not run before its time

    for _attempt in (2, 3):
        mails(TaskResultStatus.READY).update(run_after=timezone.now())  # its time has come
        run_worker()

    assert mails(TaskResultStatus.FAILED).count() == 3
    assert not mails(TaskResultStatus.READY).exists()  # no fourth attempt
    last = mails(TaskResultStatus.FAILED).order_by("-enqueued_at").first()
    assert last.exception_class_path == "sharaka.operations.mail.MailGaveUp"
    assert "attempt 3 of 3 failed" in last.traceback and "gave up" in last.traceback
    assert mail.outbox == []


def test_a_mailbox_refused_for_good_is_not_tried_again(settings, database_tasks):
    settings.MAILERS = {"default": {"BACKEND": "sharaka.operations.tests.test_mail.NoSuchMailboxMailer"}}
    worker_mail.send_on_commit("Rappel", "Texte", "nobody@aourir.ma")

    run_worker()

    failed = mails(TaskResultStatus.FAILED).get()
    assert failed.exception_class_path == "sharaka.operations.mail.MailGaveUp"
    assert "refused for good" in failed.traceback and "550" in failed.traceback
    assert not mails(TaskResultStatus.READY).exists()  # no second attempt


def test_a_mail_server_back_in_time_delivers_the_retry(settings, database_tasks):
    settings.MAILERS = {"default": {"BACKEND": "sharaka.operations.tests.test_mail.RefusingMailer"}}
    worker_mail.send_on_commit("Rappel", "Texte", "officer@aourir.ma")
    run_worker()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mails(TaskResultStatus.READY).update(run_after=timezone.now())
    run_worker()
    assert [(m.subject, m.to) for m in mail.outbox] == [("Rappel", ["officer@aourir.ma"])]


def test_a_failure_to_queue_the_email_is_logged_and_the_change_stays(space, database_tasks, caplog):
    obligation = owned_obligation(space)
    from sharaka.agreements import reminders

    with (
        caplog.at_level(logging.ERROR, logger="sharaka.operations.mail"),
        mock.patch("sharaka.operations.mail.deliver_mail") as deliver,
    ):
        deliver.enqueue.side_effect = DatabaseError("queue table locked")
        assert reminders.send_reminders(today=obligation.due_on - datetime.timedelta(days=3)) == 1

    obligation.refresh_from_db()
    assert obligation.reminded_before_on is not None  # the committed change stays
    assert "could not be queued" in caplog.text and "officer@aourir.ma" in caplog.text


def test_the_immediate_backend_of_development_sends_after_the_commit(settings):
    """`make run` and the tests: no worker; the e-mail leaves at once after the commit, as before."""
    from django.db import transaction

    with transaction.atomic():
        worker_mail.send_on_commit("Rappel", "Texte", ["a@aourir.ma"], html="<p>Texte</p>")
        assert mail.outbox == []
    assert mail.outbox[0].alternatives[0].content == "<p>Texte</p>"


def test_an_email_left_running_by_a_killed_worker_is_listed_and_requeued(database_tasks):
    import io

    worker_mail.send_on_commit("Rappel", "Texte", "officer@aourir.ma")
    left = mails().get()
    left.claim("killed-worker")  # the worker took it, then died
    DBTaskResult.objects.filter(pk=left.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    out = io.StringIO()

    call_command("tasks_stuck", stdout=out)
    assert f"{left.id}  {DELIVER}  running since" in out.getvalue()
    assert mails().get().status == TaskResultStatus.RUNNING  # listing changes nothing

    call_command("tasks_stuck", "--requeue", stdout=out)
    assert "1 task(s) back in the queue." in out.getvalue()
    run_worker()
    assert [m.to for m in mail.outbox] == [["officer@aourir.ma"]]
    assert mails().get().status == TaskResultStatus.SUCCESSFUL

    out = io.StringIO()
    call_command("tasks_stuck", "--requeue", stdout=out)
    assert out.getvalue() == "No task has been running for more than 60 minutes.\n"


def test_a_portal_inquirys_acknowledgement_is_retried_when_the_mail_server_is_down(
    settings, personas, database_tasks
):
    from sharaka.promotion import inquiries
    from sharaka.promotion.models import Opportunity, OpportunityInquiry

    opportunity = Opportunity.objects.create(
        code="surf-school-tamraght",
        kind="tourism",
        title_fr="École de surf à Tamraght",
        partner_sought="investor",
        status="open",
        owner=personas.officer,
        published_at=timezone.now(),
    )
    settings.MAILERS = {"default": {"BACKEND": "sharaka.operations.tests.test_mail.RefusingMailer"}}
    inquiry = inquiries.inquiry_submit(
        opportunity=opportunity,
        name="Claire Martin",
        organisation_name="Vagues Atlas Voyages",
        country="FR",
        email="claire@vagues.example",
        message="Nous aimerions ouvrir une école de surf.",
        language="fr",
        address="203.0.113.5",
    )
    run_worker()
    ack = "sharaka.promotion.inquiries.inquiry_acknowledge"
    failed = DBTaskResult.objects.get(task_path=ack, status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "sharaka.operations.mail.MailDeferred"
    inquiry.refresh_from_db()
    assert inquiry.acknowledged_at is None  # received, not yet acknowledged

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    DBTaskResult.objects.filter(task_path=ack, status=TaskResultStatus.READY).update(run_after=timezone.now())
    run_worker()
    inquiry.refresh_from_db()
    assert inquiry.acknowledged_at is not None
    assert [m.to for m in mail.outbox] == [["claire@vagues.example"]]
    assert OpportunityInquiry.objects.count() == 1


def test_the_password_reset_email_is_sent_by_the_worker(client, personas, database_tasks):
    personas.officer.email = "officer@example.org"
    personas.officer.save()
    assert client.post(reverse("password_reset"), {"email": "nobody@example.org"}).status_code == 302
    assert client.post(reverse("password_reset"), {"email": "officer@example.org"}).status_code == 302
    assert mail.outbox == []  # the same answer for both, and no mail server in the request
    assert mails(TaskResultStatus.READY).count() == 1  # only the account's

    run_worker()

    [sent] = mail.outbox
    assert sent.to == ["officer@example.org"] and "/accounts/reset/" in sent.body
