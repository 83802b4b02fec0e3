"""E-mail reminders of obligations: a week before the due date, and once it is missed.

Runs from the background task (`tasks.agreements_tick`), never in a request. Each reminder is marked
sent in the same transaction that schedules its e-mail on commit, so a second run sends nothing twice.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.agreements.models import Obligation
from sharaka.operations.mail import send_on_commit

DAYS_BEFORE = 7


def _mail(obligation: Obligation, missed: bool) -> tuple[str, str]:
    with translation.override(getattr(obligation.owner, "language", None) or settings.LANGUAGE_CODE):
        values = {
            "what": obligation.title,
            "day": obligation.due_on.isoformat(),
            "agreement": obligation.agreement,
        }
        if missed:
            subject = _("Missed: %(what)s was due on %(day)s") % values
            body = _("%(what)s (agreement %(agreement)s) was due on %(day)s and is not marked done.") % values
        else:
            subject = _("Due on %(day)s: %(what)s") % values
            body = _("%(what)s (agreement %(agreement)s) is due on %(day)s.") % values
    return subject, body


def send_reminders(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DAYS_BEFORE)
    sent = 0
    open_ = Obligation.objects.filter(state=Obligation.State.OPEN, owner__isnull=False).exclude(
        owner__email=""
    )
    due_soon = open_.filter(due_on__gte=today, due_on__lte=soon, reminded_before_on__isnull=True)
    missed = open_.filter(due_on__lt=today, reminded_missed_on__isnull=True)
    for queryset, is_missed in ((due_soon, False), (missed, True)):
        for obligation in queryset.select_related("owner", "agreement"):
            with transaction.atomic():
                field = "reminded_missed_on" if is_missed else "reminded_before_on"
                updated = Obligation.objects.filter(pk=obligation.pk, **{f"{field}__isnull": True}).update(
                    **{field: today}
                )
                if not updated:
                    continue
                subject, body = _mail(obligation, is_missed)
                address = obligation.owner.email
                send_on_commit(subject, body, address)
                sent += 1
    return sent
