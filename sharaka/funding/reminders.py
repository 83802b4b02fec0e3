"""The deadlines of the applications still in play, and the reminders e-mailed to their owners.

An application considered, in drafting, submitted or shortlisted (`pipeline.OPEN`) has a next
deadline: the earliest stage of its call (expression of interest, concept note, full proposal) whose
deadline is today or later. It feeds the unit's dashboard (`dashboard_rows`), the personal iCalendar
feed (`calendar_items`, read by agreements/ics.py) and the reminders (`send_reminders`).

Reminders run from the background task (`tasks.funding_tick`), never in a request: `REMIND_DAYS`
before the deadline the application's owner receives one e-mail in their language. Each reminder is
written (application, stage, threshold) in the same transaction that schedules its e-mail on commit,
so a second run the same day or the next sends nothing twice; when the first run comes late (3 days
before), only the nearest threshold is sent.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sharaka.funding.models import Application, ApplicationReminder, CallStage
from sharaka.funding.pipeline import OPEN
from sharaka.operations.mail import send_on_commit

# Days before a stage's deadline when its owner is reminded (nearest first).
REMIND_DAYS = (3, 14)
# The dashboard lists what falls within this many days.
DASHBOARD_DAYS = 30


def in_play():
    """Applications still in play, of active projects."""
    return Application.objects.filter(status__in=OPEN, project__archived_at__isnull=True)


def with_next_deadline(applications, today: datetime.date):
    """`applications` annotated with `next_deadline`, `next_stage_id` and `next_stage_kind`: the
    earliest stage of the call due today or later (one query, whatever the number of rows)."""
    stages = CallStage.objects.filter(call=OuterRef("call"), deadline__gte=today).order_by(
        "deadline", "order", "id"
    )
    return applications.annotate(
        next_deadline=Subquery(stages.values("deadline")[:1]),
        next_stage_id=Subquery(stages.values("id")[:1]),
        next_stage_kind=Subquery(stages.values("kind")[:1]),
    )


def stage_label(kind: str | None) -> str:
    return str(CallStage.Kind(kind).label) if kind in CallStage.Kind.values else ""


def upcoming(today: datetime.date, *, within: int | None = None, owner=None):
    """Applications in play with a deadline ahead (within `within` days), soonest first."""
    qs = with_next_deadline(in_play(), today).filter(next_deadline__isnull=False)
    if within is not None:
        qs = qs.filter(next_deadline__lte=today + datetime.timedelta(days=within))
    if owner is not None:
        qs = qs.filter(owner=owner)
    return qs.select_related("project", "call__funder", "owner").order_by("next_deadline", "id")


def dashboard_rows(today: datetime.date, count: int = 8):
    """The first `count` deadlines within DASHBOARD_DAYS, and how many there are: two queries."""
    qs = upcoming(today, within=DASHBOARD_DAYS)
    rows = list(qs[:count])
    for application in rows:
        application.days_left = (application.next_deadline - today).days
        application.stage_label = stage_label(application.next_stage_kind)
    return rows, qs.count()


def calendar_items(user) -> list[tuple[str, datetime.date, str, str]]:
    """(uid, day, summary, description) of the next deadline of each application the user follows."""
    from sharaka.core.roles import can

    if not can(user, "funding.view"):
        return []
    items = []
    for application in upcoming(timezone.localdate(), owner=user):
        values = {"stage": stage_label(application.next_stage_kind), "call": application.call}
        items.append(
            (
                f"application-{application.pk}-stage-{application.next_stage_id}@sharaka.aourir",
                application.next_deadline,
                _("%(stage)s due: %(call)s") % values,
                f"{application.project.code} · {application.call.funder}",
            )
        )
    return items


def _threshold(days_left: int) -> int | None:
    for days in sorted(REMIND_DAYS):
        if days_left <= days:
            return days
    return None


def _mail(application: Application, days_left: int) -> tuple[str, str]:
    person = application.owner
    with translation.override(getattr(person, "language", None) or settings.LANGUAGE_CODE):
        values = {
            "stage": stage_label(application.next_stage_kind),
            "call": application.call,
            "funder": application.call.funder,
            "project": application.project.code,
            "day": application.next_deadline.isoformat(),
            "n": days_left,
            "link": settings.SITE_URL + reverse("funding_application", kwargs={"pk": application.pk}),
        }
        subject = _("%(stage)s due on %(day)s: %(call)s") % values
        body = (
            ngettext(
                "The application of %(project)s to “%(call)s” (%(funder)s): %(stage)s due on %(day)s, "
                "in %(n)s day.\n\n%(link)s",
                "The application of %(project)s to “%(call)s” (%(funder)s): %(stage)s due on %(day)s, "
                "in %(n)s days.\n\n%(link)s",
                days_left,
            )
            % values
        )
    return subject, body


def send_reminders(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    horizon = max(REMIND_DAYS)
    due = (
        upcoming(today, within=horizon)
        .filter(owner__is_active=True)
        .exclude(Q(owner__email="") | Q(owner__isnull=True))
    )
    for application in due.iterator(chunk_size=500):
        days_left = (application.next_deadline - today).days
        threshold = _threshold(days_left)
        if threshold is None:
            continue
        try:
            with transaction.atomic():
                _reminder, created = ApplicationReminder.objects.get_or_create(
                    application_id=application.pk,
                    stage_id=application.next_stage_id,
                    days_before=threshold,
                    defaults={"deadline": application.next_deadline, "sent_on": today},
                )
                if not created:
                    continue
                subject, body = _mail(application, days_left)
                address = application.owner.email
                send_on_commit(subject, body, address)
                sent += 1
        except IntegrityError:  # another run wrote it between the read and the write
            continue
    return sent
