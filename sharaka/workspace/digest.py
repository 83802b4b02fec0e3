"""The e-mail digest of a person's work (`User.digest`): every morning, or on Mondays for a weekly one.

Runs from the background task (`tasks.workspace_digest`), never in a request. Each opted-in, active
person with an e-mail address receives, in their own language (`User.language`), a plain-text and an
HTML e-mail of what "My work" lists for them (mywork.work_of). A `DigestSent` row (person, day) is
written in the same transaction that schedules the e-mail on commit: a second run the same day sends
nothing. Nobody is written to when there is nothing to say.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.core.models import User
from sharaka.operations.mail import send_on_commit
from sharaka.workspace import mywork
from sharaka.workspace.models import DigestSent

MONDAY = 0


def due_today(today: datetime.date, frequency: str | None = None):
    """The people whose digest falls today and who have not had it yet.

    Without `frequency`: the daily ones, and the weekly ones on a Monday. With one (the scheduler's
    jobs, operations/jobs.py): only those, and a weekly one is due any day of the week until it has
    gone out that week, so a Monday the scheduler missed is made up for once, later that week.
    """
    if frequency is None:
        frequencies = [User.Digest.DAILY] + ([User.Digest.WEEKLY] if today.weekday() == MONDAY else [])
    else:
        frequencies = [frequency]
    people = (
        User.objects.filter(digest__in=frequencies, is_active=True)
        .exclude(email="")
        .exclude(digests_sent__sent_on=today)
    )
    if User.Digest.WEEKLY in frequencies:
        monday = today - datetime.timedelta(days=today.weekday())
        sent_this_week = DigestSent.objects.filter(
            user=OuterRef("pk"), frequency=User.Digest.WEEKLY, sent_on__gte=monday, sent_on__lte=today
        )
        people = people.exclude(Q(digest=User.Digest.WEEKLY) & Exists(sent_this_week))
    return people.order_by("id")


def compose(person, groups, today: datetime.date) -> tuple[str, str, str]:
    """(subject, text, html) in the active language."""
    count, overdue = mywork.totals(groups)
    site = settings.SITE_URL.rstrip("/")
    subject = _("Sharaka — your work on %(day)s: %(count)s to do, %(overdue)s overdue") % {
        "day": today.isoformat(),
        "count": count,
        "overdue": overdue,
    }
    context = {
        "person": person,
        "groups": groups,
        "count": count,
        "overdue": overdue,
        "today": today,
        "site": site,
        "page": site + reverse("my_work"),
        "weekly": person.digest == User.Digest.WEEKLY,
        "language": translation.get_language(),
        "rtl": translation.get_language_bidi(),
    }
    text = render_to_string("workspace/email/digest.txt", context)
    html = render_to_string("workspace/email/digest.html", context)
    return subject, text, html


def send_digests(*, today: datetime.date | None = None, frequency: str | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for person in due_today(today, frequency):
        language = person.language or settings.LANGUAGE_CODE
        with translation.override(language):
            groups = mywork.work_of(person, today)
            if not groups:
                continue
            count, overdue = mywork.totals(groups)
            subject, text, html = compose(person, groups, today)
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    user=person,
                    sent_on=today,
                    frequency=person.digest,
                    items=count,
                    overdue=overdue,
                    language=language,
                )
                address = person.email
                send_on_commit(subject, text, address, html=html)
        except IntegrityError:  # another run sent it between the read and the write
            continue
        sent += 1
    return sent
