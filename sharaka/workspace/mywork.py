"""A person's own work, gathered from every app: what "My work" lists and what the digest e-mails.

Whose each item is (docs/my-work.md):

- a partner follow-up: its owner (`partners.FollowUp.owner`), while not done;
- an agreement obligation: its owner, or, when it has none, the agreement's responsible officer;
  while open;
- a tranche to chase: a tranche late by finance's own rule (`finance.queries.late_tranches`, no
  receipt `LATE_AFTER_DAYS` after the expected date), of its owner, or, when it has none, of the
  project's manager (the same fallback as a tranche planned from an agreement, docs/finance.md);
- a citizen's inquiry: the unit's, so everyone who answers inquiries (capability `portal.publish`),
  while received or in review;
- a report due: the responsible person of its reporting schedule (`results.schedules.owed`);
- a funding application's next deadline: the application's owner (`funding.reminders.upcoming`),
  for those who read funding.

Everything overdue is listed, and what falls due within `HORIZON_DAYS`. Each kind costs two queries
(the first `LIMIT` rows and the count), whatever the number of items.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.core.multilingual import best
from sharaka.core.roles import can
from sharaka.lib.money import format_amount

HORIZON_DAYS = 30
LIMIT = 50

FOLLOW_UPS = "follow_ups"
OBLIGATIONS = "obligations"
TRANCHES = "tranches"
INQUIRIES = "inquiries"
REPORTS = "reports"
APPLICATIONS = "applications"

KIND_LABELS = {
    FOLLOW_UPS: gettext_lazy("Follow-ups with partners"),
    OBLIGATIONS: gettext_lazy("Agreement obligations"),
    TRANCHES: gettext_lazy("Tranches to chase"),
    INQUIRIES: gettext_lazy("Citizens' inquiries to answer"),
    REPORTS: gettext_lazy("Reports due"),
    APPLICATIONS: gettext_lazy("Funding application deadlines"),
}


@dataclass
class Item:
    kind: str
    day: datetime.date
    title: str
    context: str
    url: str
    overdue: bool
    code: str = ""  # a reference or code shown left to right beside the title


@dataclass
class Group:
    kind: str
    items: list = field(default_factory=list)
    count: int = 0

    @property
    def label(self):
        return KIND_LABELS[self.kind]

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def _language() -> str:
    from django.utils import translation

    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _follow_ups(user, today, until):
    from sharaka.partners.models import FollowUp

    qs = FollowUp.objects.filter(owner=user, done_at__isnull=True, due_date__lte=until)
    rows = qs.select_related("interaction__organisation").order_by("due_date", "id")[:LIMIT]
    items = [
        Item(
            FOLLOW_UPS,
            f.due_date,
            f.description,
            best(f.interaction.organisation, "name"),
            reverse("partner_detail", kwargs={"pk": f.interaction.organisation_id}),
            f.due_date < today,
        )
        for f in rows
    ]
    return items, qs.count()


def _obligations(user, today, until):
    from sharaka.agreements.models import Obligation

    qs = Obligation.objects.filter(
        Q(owner=user) | Q(owner__isnull=True, agreement__owner=user),
        state=Obligation.State.OPEN,
        due_on__lte=until,
    )
    rows = qs.select_related("agreement").order_by("due_on", "id")[:LIMIT]
    items = [
        Item(
            OBLIGATIONS, o.due_on, o.title, str(o.agreement), o.agreement.get_absolute_url(), o.due_on < today
        )
        for o in rows
    ]
    return items, qs.count()


def _tranches(user, today, until):
    from sharaka.finance import queries as finance_queries
    from sharaka.projects.models import Project

    qs = finance_queries.late_tranches(Project.objects.active(), today=today).filter(
        Q(owner=user) | Q(owner__isnull=True, project__manager=user)
    )
    language = _language()
    items = [
        Item(
            TRANCHES,
            t.expected_on,
            _("%(amount)s from %(funder)s")
            % {
                "amount": format_amount(t.amount - t.received_amount, t.currency, language),
                "funder": t.funder.display_name,
            },
            best(t.project, "title"),
            reverse("finance_project", kwargs={"pk": t.project_id}),
            True,
            t.project.code,
        )
        for t in qs.select_related("project", "funder__organisation")[:LIMIT]
    ]
    return items, qs.count()


def _inquiries(user, today, until):
    if not can(user, "portal.publish"):
        return [], 0
    from sharaka.portal.models import Inquiry

    qs = Inquiry.objects.filter(
        status__in=[Inquiry.Status.RECEIVED, Inquiry.Status.IN_REVIEW], due_on__lte=until
    )
    rows = qs.select_related("project").order_by("due_on", "id")[:LIMIT]
    items = [
        Item(
            INQUIRIES,
            i.due_on,
            i.get_status_display(),
            best(i.project, "title") if i.project_id else _("No project named"),
            reverse("portal:inquiry_detail", kwargs={"pk": i.pk}),
            i.due_on < today,
            i.reference,
        )
        for i in rows
    ]
    return items, qs.count()


def _reports(user, today, until):
    from sharaka.results import schedules

    qs = schedules.owed().filter(schedule__responsible=user, due_on__lte=until)
    rows = schedules.with_targets(qs).order_by("due_on", "id")[:LIMIT]
    items = [
        Item(
            REPORTS,
            due.due_on,
            schedules.what(due),
            _("Period from %(start)s to %(end)s")
            % {"start": due.period_start.isoformat(), "end": due.period_end.isoformat()},
            schedules.where_to_report(due),
            due.due_on < today,
        )
        for due in rows
    ]
    return items, qs.count()


def _applications(user, today, until):
    if not can(user, "funding.view"):
        return [], 0
    from sharaka.funding import reminders

    qs = reminders.upcoming(today, within=(until - today).days, owner=user)
    items = [
        Item(
            APPLICATIONS,
            a.next_deadline,
            _("%(stage)s due: %(call)s")
            % {"stage": reminders.stage_label(a.next_stage_kind), "call": a.call},
            str(a.call.funder),
            reverse("funding_application", kwargs={"pk": a.pk}),
            False,
            a.project.code,
        )
        for a in qs[:LIMIT]
    ]
    return items, qs.count()


COLLECTORS = {
    FOLLOW_UPS: _follow_ups,
    OBLIGATIONS: _obligations,
    TRANCHES: _tranches,
    INQUIRIES: _inquiries,
    REPORTS: _reports,
    APPLICATIONS: _applications,
}


def work_of(user, today: datetime.date) -> list[Group]:
    """The person's groups of items, each sorted overdue first then by date; the groups holding
    something overdue first, then by their earliest date; empty groups left out. Texts are in the
    active language."""
    until = today + datetime.timedelta(days=HORIZON_DAYS)
    groups = []
    for kind, collect in COLLECTORS.items():
        items, count = collect(user, today, until)
        if count:
            items.sort(key=lambda item: (not item.overdue, item.day))
            groups.append(Group(kind, items, count))
    order = list(COLLECTORS)
    groups.sort(key=lambda g: (not g.overdue, g.items[0].day if g.items else today, order.index(g.kind)))
    return groups


def totals(groups: list[Group]) -> tuple[int, int]:
    """(items, overdue) over every group."""
    return sum(g.count for g in groups), sum(g.overdue for g in groups)
