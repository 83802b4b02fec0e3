"""E-mail reminders of due reports: a week before the due date, and once it is missed, in the
responsible person's language.

Runs from the background task (`tasks.results_tick`), never in a request. Each reminder is marked
sent in the same transaction that schedules its e-mail on commit, so a second run sends nothing twice.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.operations.mail import send_on_commit
from sharaka.results import schedules
from sharaka.results.models import DueReport

DAYS_BEFORE = 7


def _mail(due: DueReport, missed: bool) -> tuple[str, str]:
    person = due.schedule.responsible
    with translation.override(getattr(person, "language", None) or settings.LANGUAGE_CODE):
        values = {
            "what": schedules.what(due),
            "day": due.due_on.isoformat(),
            "start": due.period_start.isoformat(),
            "end": due.period_end.isoformat(),
            "link": settings.SITE_URL + schedules.where_to_report(due),
        }
        if missed:
            subject = _("Report missed: %(what)s was due on %(day)s") % values
            body = (
                _(
                    "The report on %(what)s for the period from %(start)s to %(end)s was due on %(day)s "
                    "and is not marked made.\n\n%(link)s"
                )
                % values
            )
        else:
            subject = _("Report due on %(day)s: %(what)s") % values
            body = (
                _(
                    "The report on %(what)s for the period from %(start)s to %(end)s is due on %(day)s.\n\n%(link)s"
                )
                % values
            )
    return subject, body


def send_reminders(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DAYS_BEFORE)
    sent = 0
    owed = (
        schedules.owed()
        .filter(schedule__responsible__is_active=True)
        .exclude(schedule__responsible__email="")
    )
    due_soon = owed.filter(due_on__gte=today, due_on__lte=soon, reminded_before_on__isnull=True)
    missed = owed.filter(due_on__lt=today, reminded_missed_on__isnull=True)
    for queryset, is_missed in ((due_soon, False), (missed, True)):
        for due in schedules.with_targets(queryset).order_by("id").iterator(chunk_size=500):
            with transaction.atomic():
                field = "reminded_missed_on" if is_missed else "reminded_before_on"
                updated = DueReport.objects.filter(pk=due.pk, **{f"{field}__isnull": True}).update(
                    **{field: today}
                )
                if not updated:
                    continue
                subject, body = _mail(due, is_missed)
                address = due.schedule.responsible.email
                send_on_commit(subject, body, address)
                sent += 1
    return sent
