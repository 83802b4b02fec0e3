"""Running totals of the transactions (`models.Tally`): kept on each new transaction, rebuilt on demand.

Who reads them: the finance dashboard (the money's road, by partner, by area, by year) and the
public portal's figures. A project's own finance page still sums its transactions directly (a few
hundred rows at most, and it needs per-line and per-funder detail).
"""

from django.db import connection
from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear

from sharaka.finance.models import Tally, Transaction


def add(tx: Transaction) -> None:
    """Count one new transaction. Runs inside the service's transaction, after `audit.record`, whose
    ledger lock serialises every writer: no two writers create the same tally row."""
    key = {
        "project_id": tx.project_id,
        "funder_id": tx.funder_id,
        "year": tx.value_date.year,
        "type": tx.type,
    }
    updated = Tally.objects.filter(**key).update(
        amount_mad=F("amount_mad") + tx.amount_mad, count=F("count") + 1
    )
    if not updated:
        Tally.objects.create(**key, amount_mad=tx.amount_mad, count=1)


def _from_transactions():
    return (
        Transaction.objects.annotate(year=ExtractYear("value_date"))
        .values("project_id", "funder_id", "year", "type")
        .annotate(total=Sum("amount_mad"), n=Count("id"))
        .order_by()
    )


def rebuild() -> int:
    """Recompute every tally from the transactions (after a bulk load, or to repair); returns the rows."""
    table, tx_table = Tally._meta.db_table, Transaction._meta.db_table
    year = (
        "CAST(strftime('%Y', value_date) AS INTEGER)"
        if connection.vendor == "sqlite"
        else "CAST(EXTRACT(YEAR FROM value_date) AS INTEGER)"
    )
    Tally.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (project_id, funder_id, year, type, amount_mad, count) "
            f"SELECT project_id, funder_id, {year}, type, SUM(amount_mad), COUNT(*) FROM {tx_table} "
            f"GROUP BY project_id, funder_id, {year}, type"
        )
    return Tally.objects.count()


def differences() -> list[tuple]:
    """Keys whose tally does not match the sum of its transactions: empty when all is well."""
    kept = {(t.project_id, t.funder_id, t.year, t.type): (t.amount_mad, t.count) for t in Tally.objects.all()}
    computed = {
        (r["project_id"], r["funder_id"], r["year"], r["type"]): (r["total"], r["n"])
        for r in _from_transactions()
    }
    return sorted(
        (
            (key, kept.get(key), computed.get(key))
            for key in kept.keys() | computed.keys()
            if kept.get(key) != computed.get(key)
        ),
        key=str,
    )
