"""Read-only questions about money: a project's figures, the dashboard's totals, late tranches.

Every sum is a database `Sum()` over stored MAD values (already rounded once at recording): exact.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sharaka.core.money import MoneyField
from sharaka.core.taxonomy import Area
from sharaka.finance.models import (
    Account,
    AccountTotal,
    AreaTotal,
    BudgetLine,
    Funder,
    PartnerTotal,
    Tally,
    Tranche,
    Transaction,
    TxType,
    YearTotal,
)
from sharaka.partners.models import Organisation
from sharaka.projects.models import Project

ZERO = Decimal("0.00")
# A tranche this many days past its expected date without a receipt is reported late.
LATE_AFTER_DAYS = 30


def _sum(value) -> Decimal:
    return value if value is not None else ZERO


def share(part: Decimal, whole: Decimal) -> Decimal:
    """A percentage with one decimal, half-up; 0 when there is no whole."""
    from decimal import ROUND_HALF_UP

    if not whole:
        return Decimal("0.0")
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


ROAD = {
    "pledged": Q(type__in=TxType.PLEDGED),
    "received": Q(type__in=TxType.RECEIVED),
    "committed": Q(type__in=TxType.COMMITTED),
    "paid": Q(type__in=TxType.PAID),
}


def road_sums(queryset) -> dict:
    return {
        k: _sum(v)
        for k, v in queryset.aggregate(**{k: Sum("amount_mad", filter=q) for k, q in ROAD.items()}).items()
    }


@dataclass
class ProjectFinance:
    project: Project
    funders: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    tranches: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    road: dict = field(default_factory=dict)
    plan_total: Decimal = ZERO
    budget_total: Decimal = ZERO
    gap: Decimal = ZERO
    absorption: Decimal = ZERO


def project_finance(project: Project, today: datetime.date | None = None) -> ProjectFinance:
    today = today or timezone.localdate()
    txs = Transaction.objects.filter(project=project)
    per_funder = {
        row["funder"]: row
        for row in txs.values("funder").annotate(
            received=Sum("amount_mad", filter=ROAD["received"]), paid=Sum("amount_mad", filter=ROAD["paid"])
        )
    }
    per_line = {
        row["budget_line"]: _sum(row["paid"])
        for row in txs.values("budget_line").annotate(paid=Sum("amount_mad", filter=ROAD["paid"]))
    }
    out = ProjectFinance(project=project, road=road_sums(txs))
    funders = list(Funder.objects.filter(project=project).select_related("organisation"))
    out.plan_total = sum((f.total_mad for f in funders), ZERO)
    for f in funders:
        row = per_funder.get(f.pk, {})
        f.received = _sum(row.get("received"))
        f.paid = _sum(row.get("paid"))
        f.share = share(f.total_mad, out.plan_total)
        f.budgeted = ZERO
    by_id = {f.pk: f for f in funders}
    lines = list(BudgetLine.objects.filter(project=project).order_by("category", "id"))
    for line in lines:
        line.funder_obj = by_id.get(line.funder_id)
        line.actual = per_line.get(line.pk, ZERO)
        line.rate = share(line.actual, line.amount_mad)
        if line.funder_obj:
            line.funder_obj.budgeted += line.amount_mad
    out.funders, out.lines = funders, lines
    out.budget_total = sum((line.amount_mad for line in lines), ZERO)
    out.gap = max(out.budget_total - out.plan_total, ZERO)
    out.absorption = share(out.road["paid"], out.budget_total)
    out.tranches = list(
        with_receipt(Tranche.objects.filter(project=project)).select_related("funder__organisation")
    )
    for t in out.tranches:
        t.due = t.amount - t.received_amount
        t.days_late = (today - t.expected_on).days if not t.received else 0
        t.is_late = t.days_late > LATE_AFTER_DAYS
    out.reports = list(project.financial_reports.select_related("funder__organisation", "issued_by"))
    return out


def receipts_total():
    """What the receipts recorded against the tranche `OuterRef("pk")` bring, in its currency, leaving
    out any receipt reversed since: the source of the kept `Tranche.received_amount` (totals.py)."""
    # Two correlated subqueries rather than a join on the reversal: PostgreSQL turned the LEFT JOIN
    # into a scan of every transaction per tranche (minutes at a million); each is an index probe.
    reversed_ = Transaction.objects.filter(reverses=OuterRef("pk"))
    receipts = (
        Transaction.objects.filter(
            tranche=OuterRef("pk"),
            reverses__isnull=True,
            type__in=TxType.RECEIVED,
            currency=OuterRef("currency"),
        )
        .filter(~Exists(reversed_))
        .order_by()
        .values("tranche")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = MoneyField()
    return Coalesce(
        Subquery(receipts, output_field=money), Value(ZERO, output_field=money), output_field=money
    )


def with_receipt(tranches):
    """`received`: the tranche is fully received (its kept `received_amount`, what the receipts
    recorded against it bring less any reversed since, covers its amount).

    A partial receipt leaves the tranche open: `due` (amount − received_amount) is still expected,
    and the tranche stays on the late list and in the owner's reminders until it is all there."""
    return tranches.annotate(
        received=Case(
            When(received_amount__gte=F("amount"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def within(queryset, projects):
    """Rows of the given projects; `projects=None` means every project (no filter at all)."""
    return queryset if projects is None else queryset.filter(project__in=projects)


def late_tranches(projects, today: datetime.date | None = None):
    today = today or timezone.localdate()
    # The kept `received_amount` and the partial index of the tranches still due (finance_tranche_due)
    # walk the late tranches in date order without summing any receipt; counting them reads the
    # index alone. None is received (`with_receipt` would only add `received=False`).
    return (
        within(Tranche.objects.all(), projects)
        .filter(
            received_amount__lt=F("amount"),
            expected_on__lt=today - datetime.timedelta(days=LATE_AFTER_DAYS),
        )
        .select_related("project__manager", "funder__organisation")
        .order_by("expected_on", "id")
    )


def dormant_accounts(today: datetime.date | None = None):
    """Special accounts with no spending for three years (liquidated by law, art. 171)."""
    today = today or timezone.localdate()
    limit = today.replace(year=today.year - Account.DORMANT_YEARS)
    # The kept totals per account and type hold each one's latest value date (totals.py).
    recent = AccountTotal.objects.filter(account=OuterRef("pk"), type__in=TxType.PAID, last_on__gt=limit)
    return (
        Account.objects.filter(kind__in=Account.SPECIAL, opened_on__lte=limit)
        .annotate(active=Exists(recent))
        .filter(active=False)
    )


def accounts_ordered():
    return Account.objects.order_by("kind", "name", "id")


def add_balances(accounts, today: datetime.date | None = None) -> None:
    """Received, spent and the dormant flag for one page of accounts, from the kept totals per account."""
    accounts = list(accounts)
    ids = [a.pk for a in accounts]
    sums = {
        row["account"]: row
        for row in AccountTotal.objects.filter(account__in=ids)
        .values("account")
        .annotate(
            received=Sum("amount_mad", filter=ROAD["received"]), paid=Sum("amount_mad", filter=ROAD["paid"])
        )
        .order_by()
    }
    dormant = set(dormant_accounts(today).filter(pk__in=ids).values_list("pk", flat=True))
    for account in accounts:
        row = sums.get(account.pk, {})
        account.received, account.paid = _sum(row.get("received")), _sum(row.get("paid"))
        account.dormant = account.pk in dormant


def accounts_with_balance() -> list:
    """Every account with its received, spent and dormant flag (`add_balances` over all of them)."""
    accounts = list(accounts_ordered())
    add_balances(accounts)
    return accounts


def _grouped(txs, key: str, label_key: str | None = None) -> list[dict]:
    rows = list(
        txs.values(key, *([label_key] if label_key else []))
        .annotate(
            received=Sum("amount_mad", filter=ROAD["received"]), paid=Sum("amount_mad", filter=ROAD["paid"])
        )
        .order_by(key)
    )
    for row in rows:
        row["received"], row["paid"] = _sum(row["received"]), _sum(row["paid"])
    return rows


# The chart by partner shows the partners who brought the most, then one bar for all the others.
TOP_PARTNERS = 12


def _top(rows: list[dict], limit: int) -> list[dict]:
    if len(rows) <= limit + 1:
        return rows
    rows = sorted(rows, key=lambda r: (-r["received"], -r["paid"], str(r["label"])))
    rest = rows[limit:]
    others = _others(
        len(rest), sum((r["received"] for r in rest), ZERO), sum((r["paid"] for r in rest), ZERO)
    )
    return [*rows[:limit], others]


def _others(count: int, received: Decimal, paid: Decimal) -> dict:
    """The chart's one bar for the partners after the top ones."""
    label = ngettext("%(count)s other partner", "%(count)s other partners", count) % {"count": count}
    return {"label": label, "received": received, "paid": paid}


def _top_kept_partners_cached(limit: int) -> list[dict]:
    """`_top_kept_partners`, computed once per state of the data and kept in the cache. Every change
    of the kept totals comes with an entry in the audit ledger (the finance services write both in
    one transaction), so the ledger's head names their state, as for the portal's home figures: the
    dashboard reads one cheap query instead of grouping every partner's totals (thousands at national
    scale) on each request. The labels are in the reader's language, hence the language in the key."""
    from django.utils import translation

    from sharaka.core import audit

    key = f"finance:top-partners:{limit}:{translation.get_language()}"
    return audit.cached_per_state(key, lambda: _top_kept_partners(limit))


def _top_kept_partners(limit: int) -> list[dict]:
    """`_top` over the kept totals per partner, computed by the database: the partners who brought
    the most and one row for all the others, in one query whatever their number. Grouping thousands
    of partners into rows and sorting them in Python cost more than the rest of the dashboard (25×
    the floor at national scale, 5,000 partners)."""
    from django.db import connection

    received, paid = list(TxType.RECEIVED), list(TxType.PAID)
    marks = lambda values: ", ".join(["%s"] * len(values))  # noqa: E731
    total, organisation = PartnerTotal._meta.db_table, Organisation._meta.db_table
    sql = f"""
        SELECT partner, partner_name, received, paid,
               COUNT(*) OVER (), SUM(received) OVER (), SUM(paid) OVER ()
        FROM (
            SELECT o.acronym AS partner, t.name AS partner_name,
                   SUM(CASE WHEN t.type IN ({marks(received)}) THEN t.amount_mad ELSE 0 END) AS received,
                   SUM(CASE WHEN t.type IN ({marks(paid)}) THEN t.amount_mad ELSE 0 END) AS paid
            FROM {total} t LEFT JOIN {organisation} o ON o.id = t.organisation_id
            WHERE t.type IN ({marks(received + paid)})
            GROUP BY o.acronym, t.name
        ) grouped
        WHERE received <> 0 OR paid <> 0
        ORDER BY received DESC, paid DESC, COALESCE(partner, partner_name) ASC
        LIMIT %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*received, *paid, *received, *paid, limit + 2])
        found = cursor.fetchall()
    if not found:
        return []
    cents = Decimal("0.01")
    count, all_received, all_paid = found[0][4], found[0][5] * cents, found[0][6] * cents
    rows = [
        {
            "partner": partner,
            "partner_name": name,
            "received": received * cents,
            "paid": paid * cents,
            "label": partner or name or _("Not attributed to a funder"),
        }
        for partner, name, received, paid, *rest in found
    ]
    if count <= limit + 1:  # few enough to show them all, by partner as the other charts
        return sorted(rows, key=lambda r: (r["partner"] is None, r["partner"] or "", r["partner_name"]))
    rows = rows[:limit]
    others = _others(
        count - limit,
        all_received - sum((r["received"] for r in rows), ZERO),
        all_paid - sum((r["paid"] for r in rows), ZERO),
    )
    return [*rows, others]


def dashboard(projects, *, funder_organisation=None) -> dict:
    """The money's road and who brought and spent what, by partner, area and year. For every project
    (`projects=None`) and every funder: from the kept totals (`totals.py`), a few hundred rows in all;
    for some projects: from their running totals (`tally.py`), a few rows per project.

    `funder_organisation` (access.funder_organisation): the only partner whose row a partner viewer
    reads; the totals by area and year stay the projects' totals."""
    if projects is None and funder_organisation is None:
        # Every project and every funder: the kept totals (totals.py), a few hundred rows.
        years = YearTotal.objects.all()
        by_partner = None  # the top partners and the others' sum: _top_kept_partners_cached
        by_area = _grouped(AreaTotal.objects.all(), "area")
        road = road_sums(years)
    else:
        # Some projects only (a project manager's, a partner viewer's): their projects' tallies.
        years = within(Tally.objects.all(), projects)
        partner_tallies = years
        if funder_organisation is not None:
            partner_tallies = years.filter(funder__organisation_id=funder_organisation)
        by_partner = _grouped(
            partner_tallies.annotate(
                partner=F("funder__organisation__acronym"), partner_name=F("funder__name")
            ),
            "partner",
            "partner_name",
        )
        by_area = _grouped(
            years.filter(project__themes__kind="area").annotate(area=F("project__themes__code")), "area"
        )
        road = road_sums(years)
    by_year = _grouped(years, "year")
    rows = {
        "by_partner_rows": [
            {**r, "label": r["partner"] or r["partner_name"] or _("Not attributed to a funder")}
            for r in (by_partner or [])
        ],
        "by_area_rows": [{**r, "label": Area(r["area"]).label} for r in by_area],
        "by_year_rows": [{**r, "label": str(r["year"])} for r in by_year],
    }
    rows = {name: [r for r in group if r["received"] or r["paid"]] for name, group in rows.items()}
    if by_partner is None:
        rows["by_partner_rows"] = _top_kept_partners_cached(TOP_PARTNERS)
    else:
        rows["by_partner_rows"] = _top(rows["by_partner_rows"], TOP_PARTNERS)
    amounts = [r[k] for group in rows.values() for r in group for k in ("received", "paid")]
    return {"road": road, **rows, "top": max(amounts, default=ZERO)}
