"""E-mail is sent by the background worker, never by the request (docs/operations.md, "Background work").

`send_on_commit()` is how every e-mail of Sharaka leaves (reminders, the digest, the partner
workspace's notices, the training's feedback request, the password reset): once the transaction
that decided it commits, it enqueues the task `deliver_mail`; the worker (`manage.py db_worker`,
bin/worker) sends it. A change that is rolled back sends nothing; a change that commits is never
undone by the mail: a failure to enqueue is logged and the user's change stays.

Retries: an attempt that fails on the mail server (an SMTP error, a refused or broken connection, a
timeout) enqueues the next attempt for later (`RETRY_DELAYS`: 1 min, 5 min, 30 min, then every 2 h),
then fails itself, so the worker records it as a FAILED task the administrator sees
(`MailDeferred`, which names the next attempt). The attempt number `settings.MAIL_MAX_ATTEMPTS`
(SHARAKA_MAIL_MAX_ATTEMPTS) is the last: its failure is recorded as `MailGaveUp` and nothing more is
tried. A refusal for good (a 5xx reply: no such mailbox, message refused) is not retried either:
`MailGaveUp` at once. With the immediate backend (development, tests) the task runs at once after the commit and a
failure is logged, not retried (that backend cannot run a task later).
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Seconds to wait before the 2nd, 3rd, 4th... attempt; past the table, the last delay again.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)
# What the mail server (or the road to it) can fail with and may not fail with next time.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


class MailNotSent(Exception):
    """An attempt to send an e-mail failed (the worker records it as a failed task)."""


class MailDeferred(MailNotSent):
    """This attempt failed; the next one is enqueued (its time is in the message)."""


class MailGaveUp(MailNotSent):
    """The last attempt failed (or no later attempt can be made): the e-mail is not sent."""


def permanent(error: BaseException) -> bool:
    """A refusal the mail server will repeat (a 5xx reply, every recipient refused with a 5xx): an
    address that does not exist or a message the server will not take. Trying again changes nothing."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long after the failed attempt number `attempt` the next one runs."""
    return datetime.timedelta(seconds=RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1])


def retry_later(a_task, error: BaseException, *, attempt: int, what: str, args=(), kwargs=None):
    """From the `except` of a mail task's failed attempt: enqueue attempt `attempt + 1` for later when
    attempts remain and the backend can run a task later, then raise the exception that records this
    attempt as failed (`MailDeferred`, or `MailGaveUp` after the last one). Never returns."""
    limit = settings.MAIL_MAX_ATTEMPTS
    cause = f"{type(error).__name__}: {error}"
    if permanent(error):
        raise MailGaveUp(
            f"{what}: attempt {attempt} refused for good by the mail server ({cause}); not retried, not sent"
        ) from error
    if attempt >= limit:
        raise MailGaveUp(
            f"{what}: attempt {attempt} of {limit} failed ({cause}); gave up, not sent"
        ) from error
    if not a_task.get_backend().supports_defer:
        raise MailGaveUp(
            f"{what}: attempt {attempt} failed ({cause}); not retried: the task backend cannot run a task "
            "later (SHARAKA_TASKS=immediate)"
        ) from error
    when = timezone.now() + retry_delay(attempt)
    following = a_task.using(run_after=when).enqueue(*args, **{**(kwargs or {}), "attempt": attempt + 1})
    raise MailDeferred(
        f"{what}: attempt {attempt} of {limit} failed ({cause}); attempt {attempt + 1} at "
        f"{when.isoformat(timespec='seconds')} (task {following.id})"
    ) from error


@task
def deliver_mail(subject: str, body: str, to: list[str], html: str | None = None, attempt: int = 1) -> int:
    """Send one e-mail (plain text, with an HTML alternative when given) from DEFAULT_FROM_EMAIL."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    if html is not None:
        message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except TRANSIENT_ERRORS as error:
        retry_later(
            deliver_mail,
            error,
            attempt=attempt,
            what=f"E-mail “{subject}” to {', '.join(to)}",
            args=(subject, body, list(to)),
            kwargs={"html": html},
        )


def send_on_commit(subject, body, to, *, html=None) -> None:
    """Have the worker send this e-mail once the current transaction commits (at once outside one).

    `to` is one address or a list of the addresses of ONE message. Lazy strings are evaluated now, in
    the active language: the task's arguments are plain JSON."""
    addresses = [str(to)] if isinstance(to, str) else [str(address) for address in to]
    subject, body = str(subject), str(body)
    html = None if html is None else str(html)

    def enqueue():
        try:
            deliver_mail.enqueue(subject, body, addresses, html=html)
        except Exception:
            # The change that decided the e-mail is committed and stays; the e-mail is lost: say so.
            logger.exception("E-mail “%s” to %s could not be queued: not sent", subject, ", ".join(addresses))

    transaction.on_commit(enqueue)
