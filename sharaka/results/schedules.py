"""Reporting schedules and the reports they make due: one audited function per action, and the reads
the pages, the dashboard, the calendar feed and the reminders share.

- A schedule belongs to a project (kept by whoever may edit the project: the unit and its manager) or
  to an agreement obligation (kept by whoever may edit agreements). `may_manage` is the one answer.
- Periods run from `starts_on` by whole months (1, 3, 6 or 12), each anchored on `starts_on` so that
  a schedule starting on 31 January has periods starting on 31 January, 28 (29) February, 31 March...
  A period ends the day before the next one starts, or on `ends_on`. A report is due `days_to_report`
  days after its period ends.
- Due reports are generated for every period that has started, and the next one (so the coming due
  date shows), up to `ends_on`. Nothing is generated whose due date falls past `core.dates.DATE_MAX`
  (31 December 2100). Generating twice creates nothing twice (unique schedule + period start).
- A due report is marked reported by hand, by its responsible person or whoever keeps the schedule,
  into the ledger. It is never marked automatically: a report is more than indicator values (the
  narrative, the money, the partner's own form), so a person says it was made. Reopening one needs a
  reason.
- A deactivated schedule, an archived project or a cancelled obligation owes nothing: its open due
  reports leave the lists, the reminders and the warnings (`owed`), and come back on reactivation.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.core import audit
from sharaka.core.dates import DATE_MAX
from sharaka.core.roles import can, is_internal
from sharaka.core.services import check_version, load_for_save
from sharaka.projects import access as project_access
from sharaka.results.models import DueReport, ReportingSchedule

SCHEDULE_FIELDS = ["frequency", "starts_on", "ends_on", "days_to_report", "responsible"]
DUE_SOON_DAYS = 7

UPCOMING = "upcoming"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
REPORTED = "reported"


# --- dates ---------------------------------------------------------------------------------------


def shift_months(day: datetime.date, months: int) -> datetime.date | None:
    """The same day `months` later, on the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb);
    None past DATE_MAX."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > DATE_MAX.year:
        return None
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def periods(schedule: ReportingSchedule, until: datetime.date, after: datetime.date | None = None):
    """(start, end, due) of the schedule's periods starting on or before `until` (and after `after`),
    within `ends_on` and with a due date no later than DATE_MAX."""
    step = ReportingSchedule.MONTHS[schedule.frequency]
    k = 0
    while True:
        start = shift_months(schedule.starts_on, k * step)
        if start is None or start > until or (schedule.ends_on and start > schedule.ends_on):
            return
        following = shift_months(schedule.starts_on, (k + 1) * step)
        end = following - datetime.timedelta(days=1) if following else DATE_MAX
        if schedule.ends_on and end > schedule.ends_on:
            end = schedule.ends_on
        due = end + datetime.timedelta(days=schedule.days_to_report)
        if due > DATE_MAX:
            return
        if after is None or start > after:
            yield start, end, due
        k += 1


def horizon(schedule: ReportingSchedule, today: datetime.date) -> datetime.date:
    """Periods starting up to one period ahead of today are generated: the current one and the next."""
    return shift_months(today, ReportingSchedule.MONTHS[schedule.frequency]) or DATE_MAX


def state_of(due: DueReport, today: datetime.date) -> str:
    if due.done_at is not None:
        return REPORTED
    if due.due_on < today:
        return OVERDUE
    if due.due_on <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return DUE_SOON
    return UPCOMING


def days_late(due: DueReport, today: datetime.date) -> int:
    return max((today - due.due_on).days, 0)


# --- who ------------------------------------------------------------------------------------------


def may_manage_project(user, project) -> bool:
    return project.archived_at is None and project_access.may_edit(user, project)


def may_manage_obligation(user, obligation) -> bool:
    return can(user, "agreements.edit")


def may_manage(user, schedule: ReportingSchedule) -> bool:
    if schedule.project_id:
        return may_manage_project(user, schedule.project)
    return may_manage_obligation(user, schedule.obligation)


def may_mark(user, due: DueReport) -> bool:
    """The responsible person, or whoever keeps the schedule, says a report was made."""
    schedule = due.schedule
    if schedule.project_id and schedule.project.archived_at is not None:
        return False
    responsible = (
        getattr(user, "is_authenticated", False) and user.is_active and user.pk == schedule.responsible_id
    )
    return responsible or may_manage(user, schedule)


def may_read_not_reported(user) -> bool:
    return can(user, "results.not_reported")


# --- what is owed ---------------------------------------------------------------------------------


def owed():
    """Open due reports that are still owed: an active schedule, a project not archived, an
    obligation not cancelled."""
    return DueReport.objects.filter(done_at__isnull=True, schedule__active=True).exclude(
        Q(schedule__project__archived_at__isnull=False) | Q(schedule__obligation__state="cancelled")
    )


def overdue(today: datetime.date):
    return owed().filter(due_on__lt=today)


def with_targets(queryset):
    return queryset.select_related(
        "schedule__responsible", "schedule__project", "schedule__obligation__agreement"
    )


def what(due: DueReport) -> str:
    """What the report is about, in words: the project, or the obligation and its agreement."""
    schedule = due.schedule
    if schedule.project_id:
        return str(schedule.project)
    return f"{schedule.obligation} · {schedule.obligation.agreement}"


def where_to_report(due: DueReport) -> str:
    from django.urls import reverse

    schedule = due.schedule
    if schedule.project_id:
        return reverse("schedule_project", kwargs={"pk": schedule.project_id})
    return reverse("schedule_obligation", kwargs={"pk": schedule.obligation_id})


def due_for(user, today: datetime.date, days: int = 30, count: int = 8):
    """The user's own open due reports, overdue or due within `days`, soonest first; and how many."""
    qs = owed().filter(schedule__responsible=user, due_on__lte=today + datetime.timedelta(days=days))
    return list(with_targets(qs).order_by("due_on", "id")[:count]), qs.count()


def not_reported(today: datetime.date) -> list[dict]:
    """Overdue due reports grouped by responsible person: [{person, reports: [...], oldest}], the
    person with the oldest missed report first. One query."""
    groups: dict[int, dict] = {}
    for due in with_targets(overdue(today)).order_by("due_on", "id"):
        person = due.schedule.responsible
        group = groups.setdefault(person.pk, {"person": person, "reports": []})
        due.days_late = days_late(due, today)
        due.link = where_to_report(due)
        due.what = what(due)
        group["reports"].append(due)
    return list(groups.values())


def calendar_items(user) -> list[tuple[str, datetime.date, str, str]]:
    """(uid, day, summary, description) of the user's open due reports, for the iCalendar feed, in the
    user's language (the feed is read without a session)."""
    items = []
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        for due in with_targets(owed().filter(schedule__responsible=user)).order_by("due_on", "id"):
            summary = _("Report due: %(what)s") % {"what": what(due)}
            description = _("Period from %(start)s to %(end)s") % {
                "start": due.period_start.isoformat(),
                "end": due.period_end.isoformat(),
            }
            items.append((f"due-report-{due.pk}@sharaka.aourir", due.due_on, summary, description))
    return items


# --- generating -----------------------------------------------------------------------------------


def _reconcile(schedule: ReportingSchedule, today: datetime.date) -> int:
    """After a schedule changed: open reports that no longer match a period go, those whose period
    stands take the new due date; missing ones are made. Reported ones are kept as they are."""
    expected = {start: (end, due) for start, end, due in periods(schedule, horizon(schedule, today))}
    for report in schedule.due_reports.select_for_update().filter(done_at__isnull=True):
        match = expected.get(report.period_start)
        if match is None or match[0] != report.period_end:
            report.delete()
        elif match[1] != report.due_on:
            report.due_on = match[1]
            report.reminded_before_on = report.reminded_missed_on = None
            report.save(update_fields=["due_on", "reminded_before_on", "reminded_missed_on"])
    return _make(schedule, today, after=None)


def _rows(schedule: ReportingSchedule, today: datetime.date, after: datetime.date | None) -> list[DueReport]:
    """The due reports to add: the periods after `after` (the last one made), or, without it, those
    the schedule does not have yet."""
    rows = [
        DueReport(schedule=schedule, period_start=start, period_end=end, due_on=due)
        for start, end, due in periods(schedule, horizon(schedule, today), after=after)
    ]
    if after is None and rows:
        existing = set(schedule.due_reports.values_list("period_start", flat=True))
        rows = [row for row in rows if row.period_start not in existing]
    return rows


def _make(schedule: ReportingSchedule, today: datetime.date, after: datetime.date | None) -> int:
    rows = _rows(schedule, today, after)
    if rows:
        # The unique constraint has the last word: a row another run made meanwhile is skipped.
        DueReport.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def generate(*, today: datetime.date | None = None) -> int:
    """Make the due reports of every active schedule up to one period ahead. Idempotent: a second
    run on the same day makes nothing. Each schedule that gained reports gets one ledger entry; a
    schedule with nothing to make costs no query (the last period made comes with the schedules)."""
    today = today or timezone.localdate()
    made = 0
    schedules = (
        ReportingSchedule.objects.filter(active=True)
        .exclude(Q(project__archived_at__isnull=False) | Q(obligation__state="cancelled"))
        .annotate(last_start=Max("due_reports__period_start"))
        .order_by("id")
    )
    for schedule in schedules.iterator(chunk_size=500):
        if not _rows(schedule, today, after=schedule.last_start):
            continue
        with transaction.atomic():
            # Two runs at once (the worker and the command): the second waits for the first here, then
            # reads the last period made again and finds nothing left to make (one ledger entry, not two).
            ReportingSchedule.objects.select_for_update().filter(pk=schedule.pk).first()
            last = schedule.due_reports.aggregate(last=Max("period_start"))["last"]
            rows = _rows(schedule, today, after=last)
            if not rows:
                continue
            DueReport.objects.bulk_create(rows, ignore_conflicts=True)
            audit.record(
                actor=None, action="schedule.generate", obj=schedule, after={"due_reports": len(rows)}
            )
        made += len(rows)
    return made


# --- actions --------------------------------------------------------------------------------------


def _check(schedule: ReportingSchedule) -> None:
    if schedule.days_to_report is not None and schedule.days_to_report > 365:
        raise ValidationError({"days_to_report": _("A report is due at most 365 days after its period.")})
    if schedule.starts_on and schedule.ends_on and schedule.ends_on < schedule.starts_on:
        raise ValidationError({"ends_on": _("The last period cannot end before the first starts.")})
    if schedule.starts_on and schedule.starts_on > DATE_MAX:
        raise ValidationError({"starts_on": _("The first period starts by %(max)s.") % {"max": DATE_MAX}})
    if schedule.responsible_id and not (schedule.responsible.is_active and is_internal(schedule.responsible)):
        raise ValidationError(
            {"responsible": _("Choose a member of the commune's staff whose account is active.")}
        )


@transaction.atomic
def schedule_save(
    *,
    actor,
    schedule: ReportingSchedule | None,
    data: dict,
    project=None,
    obligation=None,
    expected_version=None,
    today: datetime.date | None = None,
) -> ReportingSchedule:
    """Add a schedule to a project or an obligation, or change one; its due reports follow at once."""
    today = today or timezone.localdate()
    if schedule is None:
        if (project is None) == (obligation is None):
            raise ValidationError(_("A schedule is for a project or for an agreement obligation."))
        target_allowed = (
            may_manage_project(actor, project) if project else may_manage_obligation(actor, obligation)
        )
    else:
        target_allowed = may_manage(actor, schedule)
    if not target_allowed:
        raise PermissionDenied(_("Only whoever may change the project or the agreement keeps its schedules."))
    obj, before = load_for_save(ReportingSchedule, schedule, SCHEDULE_FIELDS, data)
    if before is None:
        obj.project, obj.obligation = project, obligation
    else:
        check_version(obj, expected_version if expected_version is not None else obj.version)
    _check(obj)
    obj.full_clean()
    after = audit.snapshot(obj, fields=SCHEDULE_FIELDS)
    if before is None:
        obj.save()
        audit.record(actor=actor, action="schedule.create", obj=obj, after=after)
        _make(obj, today, after=None)
        return obj
    old, new = audit.diff(before, after)
    if new:
        obj.version += 1
        obj.save()
        audit.record(actor=actor, action="schedule.update", obj=obj, before=old, after=new)
        if obj.active:
            _reconcile(obj, today)
    return obj


@transaction.atomic
def schedule_set_active(
    *, actor, schedule: ReportingSchedule, active: bool, today: datetime.date | None = None
) -> ReportingSchedule:
    """Stop a schedule (its open reports are no longer owed) or start it again (they are, and the
    missing ones are made)."""
    if not may_manage(actor, schedule):
        raise PermissionDenied(_("Only whoever may change the project or the agreement keeps its schedules."))
    locked = ReportingSchedule.objects.select_for_update().get(pk=schedule.pk)
    if locked.active == active:
        return locked
    locked.active = active
    locked.version += 1
    locked.save(update_fields=["active", "version"])
    audit.record(
        actor=actor,
        action="schedule.activate" if active else "schedule.deactivate",
        obj=locked,
        before={"active": not active},
        after={"active": active},
    )
    if active:
        _reconcile(locked, today or timezone.localdate())
    return locked


@transaction.atomic
def due_report_done(*, actor, due: DueReport) -> DueReport:
    """Say the report was made (by its responsible person or whoever keeps the schedule)."""
    if not may_mark(actor, due):
        raise PermissionDenied(
            _("Only the responsible person or whoever keeps the schedule marks a report made.")
        )
    locked = DueReport.objects.select_for_update().get(pk=due.pk)
    if locked.done_at is not None:
        return locked
    locked.done_at, locked.done_by = timezone.now(), actor
    locked.save(update_fields=["done_at", "done_by"])
    audit.record(actor=actor, action="due_report.done", obj=locked, after={"done_at": locked.done_at})
    return locked


@transaction.atomic
def due_report_reopen(*, actor, due: DueReport, reason: str) -> DueReport:
    """Undo a "reported" said by mistake; the reason goes into the ledger."""
    if not may_manage(actor, due.schedule):
        raise PermissionDenied(_("Only whoever keeps the schedule reopens a report."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is reopened.")})
    locked = DueReport.objects.select_for_update().get(pk=due.pk)
    if locked.done_at is None:
        return locked
    before = {"done_at": locked.done_at}
    locked.done_at, locked.done_by = None, None
    locked.save(update_fields=["done_at", "done_by"])
    audit.record(
        actor=actor,
        action="due_report.reopen",
        obj=locked,
        before=before,
        after={"done_at": None},
        reason=reason,
    )
    return locked
