"""Read-only figures of sustainability: coverage, payer mix, the public summary. Each a fixed
number of queries whatever the number of projects.

Coverage is the share of the yearly recurrent costs (MAD) whose payer is confirmed (a named payer,
not "nobody yet", with its evidence), as a Decimal percentage rounded down to the hundredth (79.996
is 79.99: a plan never passes a threshold by rounding). A plan without any recurrent cost is 100%
covered only when it says so (`no_recurrent_cost`); otherwise 0%: a plan that lists nothing has
not yet answered who pays. A project without a plan has no coverage (None).
"""

import calendar
import datetime
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q, Sum

from sharaka.sustainability.models import Plan, RecurrentCost

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def share(covered: Decimal, total: Decimal, *, no_recurrent_cost: bool) -> Decimal:
    if not total:
        return HUNDRED if no_recurrent_cost else Decimal(0).quantize(CENT)
    return (HUNDRED * (covered or 0) / total).quantize(CENT, rounding=ROUND_DOWN)


def _totals(plan_ids) -> dict[int, tuple[Decimal, Decimal]]:
    rows = (
        RecurrentCost.objects.filter(plan_id__in=plan_ids)
        .values("plan_id")
        .annotate(
            total=Sum("amount_per_year"),
            covered=Sum(
                "amount_per_year", filter=Q(confirmed=True) & ~Q(payer_kind=RecurrentCost.Payer.NOBODY)
            ),
        )
        .order_by()
    )
    return {r["plan_id"]: (r["total"] or Decimal(0), r["covered"] or Decimal(0)) for r in rows}


def coverage(plan: Plan | None) -> Decimal | None:
    if plan is None:
        return None
    total, covered = _totals([plan.pk]).get(plan.pk, (Decimal(0), Decimal(0)))
    return share(covered, total, no_recurrent_cost=plan.no_recurrent_cost)


def annotate_plans(plans: list[Plan]) -> list[Plan]:
    """Set `total`, `covered` and `coverage` on each plan, in one query."""
    totals = _totals([p.pk for p in plans])
    for plan in plans:
        plan.total, plan.covered = totals.get(plan.pk, (Decimal(0), Decimal(0)))
        plan.coverage = share(plan.covered, plan.total, no_recurrent_cost=plan.no_recurrent_cost)
    return plans


def payer_mix(plan_ids) -> dict[int, list[tuple[str, Decimal, Decimal]]]:
    """{plan id: [(payer label, yearly amount, of which confirmed), ...]} largest first, one query."""
    labels = dict(RecurrentCost.Payer.choices)
    rows = (
        RecurrentCost.objects.filter(plan_id__in=plan_ids)
        .values("plan_id", "payer_kind")
        .annotate(total=Sum("amount_per_year"), confirmed=Sum("amount_per_year", filter=Q(confirmed=True)))
        .order_by()
    )
    mix: dict[int, list] = {}
    for r in rows:
        mix.setdefault(r["plan_id"], []).append(
            (labels[r["payer_kind"]], r["total"], r["confirmed"] or Decimal(0))
        )
    for items in mix.values():
        items.sort(key=lambda item: -item[1])
    return mix


def project_end(project) -> datetime.date | None:
    """The end the sustainability clock counts from: the actual end, else the planned end."""
    return project.actual_end or project.planned_end


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def public_summary(project) -> dict | None:
    """What the public portal may show of a project's life after the donor: who maintains the asset,
    who pays each recurrent cost, and the coverage. No evidence, risks, checks or internal notes.

    None when the project has no plan. Otherwise:
    {"maintainer_kind": label, "maintainer_code": Plan.Maintainer value, "maintainer_name": str,
     "handover_on": date | None,
     "exit_strategy": str, "no_recurrent_cost": bool, "coverage": Decimal (percent),
     "total_per_year": Decimal (MAD),
     "costs": [{"what": str, "amount_per_year": Decimal, "payer": label,
                "payer_code": RecurrentCost.Payer value, "payer_name": str, "confirmed": bool}, ...]}
    Two queries (the plan, its costs with their organisations), whatever the number of costs;
    amounts are MAD per year. The codes let a reader with its own words for the kinds (the portal's
    Tamazight) label them.
    """
    plan = Plan.objects.filter(project=project).first()
    if plan is None:
        return None
    costs = list(plan.costs.select_related("payer_organisation"))
    total = sum((c.amount_per_year for c in costs), Decimal(0))
    covered = sum((c.amount_per_year for c in costs if c.covered), Decimal(0))
    return {
        "maintainer_kind": plan.get_maintainer_kind_display(),
        "maintainer_code": plan.maintainer_kind,
        "maintainer_name": plan.maintainer_name,
        "handover_on": plan.handover_on,
        "exit_strategy": plan.exit_strategy,
        "no_recurrent_cost": plan.no_recurrent_cost,
        "coverage": share(covered, total, no_recurrent_cost=plan.no_recurrent_cost),
        "total_per_year": total,
        "costs": [
            {
                "what": c.what,
                "amount_per_year": c.amount_per_year,
                "payer": c.get_payer_kind_display(),
                "payer_code": c.payer_kind,
                "payer_name": str(c.payer_organisation) if c.payer_organisation_id else c.payer_detail,
                "confirmed": c.covered,
            }
            for c in costs
        ],
    }
