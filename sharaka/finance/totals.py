"""The finance dashboard's totals (`models.PartnerTotal`, `AreaTotal`, `YearTotal`, `AccountTotal`):
kept in the same transaction as each change, rebuilt on demand.

`Tally` holds a row per project, funder, year and type (173,000 at a region's scale): summing it on
every request cost the dashboard a second. These totals drop the project: a few hundred rows in all.
Who keeps them:
- `add(tx)`, from `tally.add`, for every new transaction (`services.transaction_record`,
  `services.transaction_reverse`);
- `funder_moved(funder, organisation_id, name)`, from `services.funder_set`, when a funder's partner or
  name changes (its money moves to the new partner's row);
- `areas_changed(project, before)`, through the projects app's themes hook (`themes_set`, called by
  `projects.services.project_update`), when a project's cooperation areas change (its money moves
  between the areas' rows).
`add` also keeps each tranche's `received_amount` (a receipt against it adds, the reversal of one
takes back), which the late tranches and `queries.with_receipt` read.
Who reads them: the finance dashboard of those who read every project's money (`queries.dashboard`
with no project filter) and the accounts' balances. A project manager's or a partner viewer's
dashboard still sums the tallies of their own projects (a few rows each).
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, Max, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, Greatest

from sharaka.core.models import Theme
from sharaka.core.money import MoneyField, total_too_large_message
from sharaka.finance.models import (
    AccountTotal,
    AreaTotal,
    Funder,
    PartnerTotal,
    Tranche,
    Transaction,
    TxType,
    YearTotal,
)
from sharaka.finance.queries import receipts_total
from sharaka.lib.money import MAX_TOTAL
from sharaka.projects.models import Project


def _bump(model, key: dict, amount, count: int, last_on=None) -> None:
    """Add `amount` and `count` to the row `key` of `model`, creating it; a row left with no
    transaction is deleted. Refuses (as `tally.add` does) a total that would leave a 64-bit integer."""
    room = (
        {"amount_mad__lte": MAX_TOTAL - amount} if amount >= 0 else {"amount_mad__gte": -MAX_TOTAL - amount}
    )
    changes = {
        "amount_mad": F("amount_mad") + Value(amount, output_field=MoneyField()),
        "count": F("count") + count,
    }
    if last_on is not None:
        changes["last_on"] = Greatest(F("last_on"), Value(last_on))
    rows = model.objects.filter(**key)
    if rows.filter(**room).update(**changes):
        if count < 0:
            rows.filter(count=0).delete()
        return
    if rows.exists():
        raise ValidationError({"amount": ValidationError(total_too_large_message(), code="total_too_large")})
    extra = {"last_on": last_on} if last_on is not None else {}
    model.objects.create(**key, amount_mad=amount, count=count, **extra)


def _partner_key(funder) -> dict:
    if funder is None:
        return {"organisation_id": None, "name": ""}
    return {"organisation_id": funder.organisation_id, "name": funder.name}


def _areas(project_id) -> set[str]:
    return set(Theme.objects.filter(kind="area", project__pk=project_id).values_list("code", flat=True))


def add(tx: Transaction) -> None:
    """Count one new transaction (inside the service's transaction, after `tally.add`)."""
    amount = tx.amount_mad
    _bump(PartnerTotal, {**_partner_key(tx.funder), "type": tx.type}, amount, 1)
    _bump(YearTotal, {"year": tx.value_date.year, "type": tx.type}, amount, 1)
    for area in sorted(_areas(tx.project_id)):
        _bump(AreaTotal, {"area": area, "type": tx.type}, amount, 1)
    if tx.account_id is not None:
        _bump(AccountTotal, {"account_id": tx.account_id, "type": tx.type}, amount, 1, last_on=tx.value_date)
    _receipt(tx)


def _receipt(tx: Transaction) -> None:
    """A receipt against a tranche adds to its `received_amount`, in the tranche's currency; the
    reversal of one takes it back (a reversal is never itself a receipt of the tranche)."""
    if tx.reverses_id is not None:
        tx, sign = tx.reverses, -1
    else:
        sign = 1
    if tx.tranche_id is None or tx.type not in TxType.RECEIVED or tx.reverses_id is not None:
        return
    Tranche.objects.filter(pk=tx.tranche_id, currency=tx.currency).update(
        received_amount=F("received_amount") + Value(sign * tx.amount, output_field=MoneyField())
    )


def _sums_by_type(transactions) -> list[tuple]:
    return list(
        transactions.values_list("type").annotate(total=Sum("amount_mad"), n=Count("id")).order_by("type")
    )


def funder_moved(funder, organisation_id, name: str) -> None:
    """A funder's partner or name changed from (`organisation_id`, `name`): its money moves rows."""
    before = {"organisation_id": organisation_id, "name": name}
    after = _partner_key(funder)
    if before == after:
        return
    for type_, total, n in _sums_by_type(Transaction.objects.filter(funder=funder)):
        _bump(PartnerTotal, {**before, "type": type_}, -total, -n)
        _bump(PartnerTotal, {**after, "type": type_}, total, n)


def areas_changed(project, before: set[str]) -> None:
    """A project's cooperation areas were `before`: its money leaves the areas it left, joins the new."""
    after = _areas(project.pk)
    if before == after:
        return
    sums = _sums_by_type(Transaction.objects.filter(project=project))
    for area in sorted(before - after):
        for type_, total, n in sums:
            _bump(AreaTotal, {"area": area, "type": type_}, -total, -n)
    for area in sorted(after - before):
        for type_, total, n in sums:
            _bump(AreaTotal, {"area": area, "type": type_}, total, n)


def themes_set(*, project, before: set[int]) -> None:
    """The hook `projects.services.project_update` calls once it has set a project's themes."""
    areas_changed(
        project, set(Theme.objects.filter(kind="area", pk__in=before).values_list("code", flat=True))
    )


# --- rebuild and check ---------------------------------------------------------------------------------


def _computed() -> dict:
    """{model: {key: (amount, count[, last_on])}} summed from the transactions."""
    txs = Transaction.objects.order_by()
    out = {
        PartnerTotal: {
            (r["funder__organisation_id"], r["name"] or "", r["type"]): (r["total"], r["n"])
            for r in txs.values(
                "funder__organisation_id", "type", name=Coalesce("funder__name", Value(""))
            ).annotate(total=Sum("amount_mad"), n=Count("id"))
        },
        YearTotal: {
            (r["year"], r["type"]): (r["total"], r["n"])
            for r in txs.annotate(year=ExtractYear("value_date"))
            .values("year", "type")
            .annotate(total=Sum("amount_mad"), n=Count("id"))
        },
        AreaTotal: {
            (r["project__themes__code"], r["type"]): (r["total"], r["n"])
            for r in txs.filter(project__themes__kind="area")
            .values("project__themes__code", "type")
            .annotate(total=Sum("amount_mad"), n=Count("id"))
        },
        AccountTotal: {
            (r["account_id"], r["type"]): (r["total"], r["n"], r["last"])
            for r in txs.filter(account__isnull=False)
            .values("account_id", "type")
            .annotate(total=Sum("amount_mad"), n=Count("id"), last=Max("value_date"))
        },
    }
    return out


def _kept() -> dict:
    return {
        PartnerTotal: {
            (t.organisation_id, t.name, t.type): (t.amount_mad, t.count) for t in PartnerTotal.objects.all()
        },
        YearTotal: {(t.year, t.type): (t.amount_mad, t.count) for t in YearTotal.objects.all()},
        AreaTotal: {(t.area, t.type): (t.amount_mad, t.count) for t in AreaTotal.objects.all()},
        AccountTotal: {
            (t.account_id, t.type): (t.amount_mad, t.count, t.last_on) for t in AccountTotal.objects.all()
        },
    }


def differences() -> list[tuple]:
    """(model, key, kept, computed) where a total disagrees with its transactions: empty when all is well."""
    computed, kept = _computed(), _kept()
    wrong = []
    for model in computed:
        a, b = kept[model], computed[model]
        wrong += [
            (model.__name__, key, a.get(key), b.get(key))
            for key in a.keys() | b.keys()
            if a.get(key) != b.get(key)
        ]
    # Two kept rows for one partner key (no unique constraint: the organisation may be empty).
    if PartnerTotal.objects.count() != len(kept[PartnerTotal]):
        wrong.append(("PartnerTotal", "duplicate keys", None, None))
    wrong += [
        ("Tranche.received_amount", pk, kept_amount, computed)
        for pk, kept_amount, computed in Tranche.objects.annotate(computed=receipts_total())
        .exclude(received_amount=F("computed"))
        .values_list("pk", "received_amount", "computed")
    ]
    return sorted(wrong, key=str)


def insert_statements(vendor: str) -> list[str]:
    """The set-based SQL that fills the empty totals from the transactions (rebuild, migration 0008)."""
    tx, funder = Transaction._meta.db_table, Funder._meta.db_table
    themes, theme = Project.themes.through._meta.db_table, Theme._meta.db_table
    year = (
        "CAST(strftime('%Y', t.value_date) AS INTEGER)"
        if vendor == "sqlite"
        else "CAST(EXTRACT(YEAR FROM t.value_date) AS INTEGER)"
    )
    return [
        f"INSERT INTO {PartnerTotal._meta.db_table} (organisation_id, name, type, amount_mad, count) "
        f"SELECT f.organisation_id, COALESCE(f.name, ''), t.type, SUM(t.amount_mad), COUNT(*) FROM {tx} t "
        f"LEFT JOIN {funder} f ON f.id = t.funder_id GROUP BY f.organisation_id, COALESCE(f.name, ''), t.type",
        f"INSERT INTO {YearTotal._meta.db_table} (year, type, amount_mad, count) "
        f"SELECT {year}, t.type, SUM(t.amount_mad), COUNT(*) FROM {tx} t GROUP BY {year}, t.type",
        f"INSERT INTO {AreaTotal._meta.db_table} (area, type, amount_mad, count) "
        f"SELECT th.code, t.type, SUM(t.amount_mad), COUNT(*) FROM {tx} t "
        f"JOIN {themes} pt ON pt.project_id = t.project_id "
        f"JOIN {theme} th ON th.id = pt.theme_id AND th.kind = 'area' GROUP BY th.code, t.type",
        f"INSERT INTO {AccountTotal._meta.db_table} (account_id, type, amount_mad, count, last_on) "
        f"SELECT t.account_id, t.type, SUM(t.amount_mad), COUNT(*), MAX(t.value_date) FROM {tx} t "
        f"WHERE t.account_id IS NOT NULL GROUP BY t.account_id, t.type",
    ]


def rebuild() -> int:
    """Recompute every total from the transactions, in set-based SQL; returns the rows written."""
    models = (PartnerTotal, YearTotal, AreaTotal, AccountTotal)
    for model in models:
        model.objects.all().delete()
    with connection.cursor() as cursor:
        for sql in insert_statements(connection.vendor):
            cursor.execute(sql)
    # Only the tranches that have receipts: the others keep 0.
    received = Transaction.objects.filter(tranche__isnull=False).values("tranche")
    Tranche.objects.exclude(received_amount=0).update(received_amount=0)
    Tranche.objects.filter(pk__in=received).update(received_amount=receipts_total())
    return sum(model.objects.count() for model in models)
