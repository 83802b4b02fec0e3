"""Read-only figures for the unit's dashboard: each one a fixed number of queries, whatever the data size."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from sharaka.core.models import AuditEntry, Theme
from sharaka.partners.models import Contact, FollowUp
from sharaka.projects.models import StatusFigure, ThemeCommitment, ThemeFigure
from sharaka.projects.pipeline import ORDER, Status


def status_counts() -> dict:
    """{status: projects not archived}, from the figures the services keep (projects/figures.py): one query."""
    return dict(StatusFigure.objects.values_list("status", "projects"))


def projects_by_status(counts: dict):
    rows = [
        (status, Status(status).label, counts.get(status, 0))
        for status in [*ORDER, Status.REJECTED, Status.ABANDONED]
    ]
    return rows, max([n for _s, _l, n in rows] + [1])


def projects_by_theme(kind: str):
    """Per objective or area: number of projects, committed amounts per currency and their total in MAD
    (each commitment at the rate of its value date; those without a rate are left out of the total and
    counted), from the figures the services keep (projects/figures.py): three queries."""
    themes = list(Theme.objects.filter(kind=kind))
    counts = dict(ThemeFigure.objects.filter(theme__kind=kind).values_list("theme_id", "projects"))
    money = defaultdict(list)
    for row in ThemeCommitment.objects.filter(theme__kind=kind).order_by("currency"):
        money[row.theme_id].append(row)
    rows = []
    for theme in themes:
        commitments = money[theme.pk]
        rated = [c for c in commitments if c.commitments > c.without_rate]
        rows.append(
            {
                "theme": theme,
                "count": counts.get(theme.pk, 0),
                "amounts": [(c.currency, c.amount) for c in commitments],
                "total_mad": sum((c.amount_mad for c in rated), Decimal(0)) if rated else None,
                "without_rate": sum(c.without_rate for c in commitments),
            }
        )
    return rows, max([r["count"] for r in rows] + [1])


def follow_ups_due(user, *, everyone: bool = False):
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=7)
    qs = FollowUp.objects.filter(done_at__isnull=True, due_date__lte=horizon).select_related(
        "interaction__organisation", "owner"
    )
    if not everyone:
        qs = qs.filter(owner=user)
    return list(qs.order_by("due_date")[:20]), today


def recent_changes(limit: int = 10, *, with_contacts: bool):
    """The latest entries of the ledger. A contact's entry is named by the contact's name: for a user
    who may not see contacts (`partners.access.sees_contacts`) it is named by its organisation."""
    entries = list(AuditEntry.objects.select_related("actor").order_by("-id")[:limit])
    if not with_contacts:
        hidden = [e for e in entries if e.object_type == Contact._meta.label_lower]
        contacts = Contact.objects.select_related("organisation").in_bulk([int(e.object_id) for e in hidden])
        for entry in hidden:
            contact = contacts.get(int(entry.object_id))
            entry.object_repr = str(contact.organisation) if contact else ""
    return entries


def totals(counts: dict) -> dict:
    """All projects not archived, the funded ones and those in preparation, from `status_counts()`."""
    funded = [Status.APPROVED, Status.IN_IMPLEMENTATION, Status.COMPLETED, Status.CLOSED]
    preparing = [Status.IDEA, Status.CONCEPT_NOTE, Status.PROPOSAL_SUBMITTED]
    return {
        "projects": sum(counts.values()),
        "funded": sum(counts.get(s, 0) for s in funded),
        "in_pipeline": sum(counts.get(s, 0) for s in preparing),
    }


def obligations_due(limit_days: int = 30, count: int = 8):
    """Open obligations of agreements that are overdue or due within `limit_days`, soonest first."""
    from sharaka.agreements.models import Obligation

    today = timezone.localdate()
    qs = Obligation.objects.filter(
        state=Obligation.State.OPEN, due_on__lte=today + datetime.timedelta(days=limit_days)
    )
    return list(qs.select_related("agreement", "owner").order_by("due_on")[:count]), qs.count()


def late_tranches(count: int = 8):
    """Tranches whose money has not arrived well after the expected date (finance's own rule)."""
    from sharaka.finance import queries as finance_queries

    # Projects in use by a join on the tranche's own project, not `project IN (every active project)`:
    # the databases then walk finance's index of the tranches still due in date order and stop at
    # `count` (74 ms → under 1 ms at region scale on SQLite).
    # Counted up to LATE_TRANCHES_CAP + 1, like the early warnings: a region has tens of thousands and
    # counting them all took 28 ms on SQLite; the finance dashboard lists them all.
    qs = finance_queries.late_tranches(None).filter(project__archived_at__isnull=True)
    return list(qs[:count]), qs[: LATE_TRANCHES_CAP + 1].count()


LATE_TRANCHES_CAP = 99


# The open early warnings are counted up to this many, then said "more than": a region keeps thousands
# open, and counting them all would cost the home page more than everything else on it.
WARNINGS_CAP = 99


def top_risks(count: int = 5):
    """The highest open risks across active projects (sustainability's register), and the number of
    open early warnings, counted up to `WARNINGS_CAP` + 1: two queries."""
    from sharaka.sustainability import warnings
    from sharaka.sustainability.models import Risk

    risks = list(
        Risk.objects.filter(status=Risk.Status.OPEN, project__archived_at__isnull=True)
        .select_related("project", "owner")
        .order_by("-score", "review_on", "id")[:count]
    )
    # Unordered: the warnings' default order made the count sort every open warning first (6 ms of
    # the home's 7 at national scale on PostgreSQL).
    return risks, warnings.open_warnings().order_by()[: WARNINGS_CAP + 1].count()


def application_deadlines(today, count: int = 8):
    """The next stage deadlines of the funding applications still in play, within 30 days (the funding
    app's own rule, funding/reminders.py), and how many there are: two queries."""
    from sharaka.funding import reminders

    return reminders.dashboard_rows(today, count)
