"""Read-only figures for the unit's dashboard: each one a fixed number of queries, whatever the data size."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, Q, Sum, Value, When
from django.db.models.lookups import IsNull
from django.utils import timezone

from sharaka.core.models import AuditEntry, Theme
from sharaka.partners.models import Contact, FollowUp
from sharaka.projects import mad
from sharaka.projects.models import Project, ProjectPartner
from sharaka.projects.pipeline import ORDER, Status


def projects_by_status():
    counts = dict(Project.objects.active().values_list("status").annotate(n=Count("id")).order_by())
    rows = [
        (status, Status(status).label, counts.get(status, 0))
        for status in [*ORDER, Status.REJECTED, Status.ABANDONED]
    ]
    return rows, max([n for _s, _l, n in rows] + [1])


def projects_by_theme(kind: str):
    """Per objective or area: number of projects, committed amounts per currency and their total in MAD."""
    themes = list(Theme.objects.filter(kind=kind))
    counts = dict(
        Project.objects.active()
        .filter(themes__kind=kind)
        .values_list("themes")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    money = defaultdict(lambda: defaultdict(Decimal))
    amounts = (
        ProjectPartner.objects.filter(
            project__archived_at__isnull=True, role=ProjectPartner.Role.FUNDING, project__themes__kind=kind
        )
        .exclude(committed_amount__isnull=True)
        .values_list("project__themes", "currency")
        .annotate(total=Sum("committed_amount"))
        .order_by()
    )
    for theme_id, currency, total in amounts:
        money[theme_id][currency] += total
    # The same commitments in dirhams, each at the rate of its value date (projects/mad.py), and how
    # many of them have no rate and are left out of that total.
    in_mad = {
        theme_id: (total, missing)
        for theme_id, total, missing in ProjectPartner.objects.filter(
            project__archived_at__isnull=True, role=ProjectPartner.Role.FUNDING, project__themes__kind=kind
        )
        .exclude(committed_amount__isnull=True)
        .values_list("project__themes")
        .annotate(
            total=Sum(mad.converted()),
            missing=Sum(Case(When(IsNull(mad.converted(), True), then=Value(1)), default=Value(0))),
        )
        .order_by()
    }
    rows = [
        {
            "theme": theme,
            "count": counts.get(theme.pk, 0),
            "amounts": sorted(money[theme.pk].items()),
            "total_mad": in_mad.get(theme.pk, (None, 0))[0],
            "without_rate": in_mad.get(theme.pk, (None, 0))[1],
        }
        for theme in themes
    ]
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


def totals():
    return Project.objects.active().aggregate(
        projects=Count("id"),
        funded=Count(
            "id",
            filter=Q(status__in=[Status.APPROVED, Status.IN_IMPLEMENTATION, Status.COMPLETED, Status.CLOSED]),
        ),
        in_pipeline=Count(
            "id", filter=Q(status__in=[Status.IDEA, Status.CONCEPT_NOTE, Status.PROPOSAL_SUBMITTED])
        ),
    )


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

    qs = finance_queries.late_tranches(Project.objects.active())
    return list(qs[:count]), qs.count()


def top_risks(count: int = 5):
    """The highest open risks across active projects (sustainability's register), and the number of
    open early warnings: two queries."""
    from sharaka.sustainability import warnings
    from sharaka.sustainability.models import Risk

    risks = list(
        Risk.objects.filter(status=Risk.Status.OPEN, project__archived_at__isnull=True)
        .select_related("project", "owner")
        .order_by("-score", "review_on", "id")[:count]
    )
    return risks, warnings.open_warnings().count()


def application_deadlines(today, count: int = 8):
    """The next stage deadlines of the funding applications still in play, within 30 days (the funding
    app's own rule, funding/reminders.py), and how many there are: two queries."""
    from sharaka.funding import reminders

    return reminders.dashboard_rows(today, count)
