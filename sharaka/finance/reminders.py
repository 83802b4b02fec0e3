"""E-mails to the owner of a late tranche: once when it becomes late, once more if still late later.

"Late" is the dashboard's rule (`queries.late_tranches`: no receipt `LATE_AFTER_DAYS` after the
expected date). Runs from the background task (`tasks.finance_tick`), never in a request. The stage
reached is stored on the tranche in the same transaction that schedules the e-mail on commit, so a
second run sends nothing twice; moving the expected date starts the stages again.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.finance import queries
from sharaka.finance.models import Tranche
from sharaka.lib.money import format_amount
from sharaka.operations.mail import send_on_commit
from sharaka.projects.models import Project

# Days late at which the owner is told: when the dashboard first shows it late, then once more.
STAGES = (queries.LATE_AFTER_DAYS, queries.LATE_AFTER_DAYS * 3)


def stage_of(days_late: int) -> int:
    """1 from the first stage on, 2 from the second, 0 before."""
    return sum(1 for days in STAGES if days_late > days)


def _mail(tranche: Tranche, days_late: int, stage: int) -> tuple[str, str]:
    language = getattr(tranche.owner, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        values = {
            "funder": tranche.funder.display_name,
            "amount": format_amount(tranche.amount, tranche.currency, language),
            "day": tranche.expected_on.isoformat(),
            "project": tranche.project.code,
            "days": days_late,
            "url": settings.SITE_URL.rstrip("/")
            + reverse("finance_project", kwargs={"pk": tranche.project_id}),
        }
        if stage >= len(STAGES):
            subject = _("Still not received: tranche of %(funder)s for %(project)s") % values
        else:
            subject = _("Late tranche: %(funder)s for %(project)s") % values
        body = (
            _(
                "The tranche of %(amount)s from %(funder)s for project %(project)s was expected on "
                "%(day)s and has not been received: %(days)s days late. You are its owner: please "
                "contact the funder.\n\n%(url)s"
            )
            % values
        )
    return subject, body


def send_late_tranche_reminders(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    late = (
        queries.late_tranches(Project.objects.all(), today=today)
        .filter(owner__isnull=False, late_stage_sent__lt=len(STAGES))
        .exclude(owner__email="")
        .select_related("owner")
    )
    sent = 0
    for tranche in late:
        days_late = (today - tranche.expected_on).days
        stage = stage_of(days_late)
        if stage <= tranche.late_stage_sent:
            continue
        with transaction.atomic():
            updated = Tranche.objects.filter(
                pk=tranche.pk, late_stage_sent__lt=stage, expected_on=tranche.expected_on
            ).update(late_stage_sent=stage)
            if not updated:
                continue
            subject, body = _mail(tranche, days_late, stage)
            address = tranche.owner.email
            send_on_commit(subject, body, address)
            sent += 1
    return sent
