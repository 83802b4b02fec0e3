"""Running totals of the transactions (`models.Tally`): kept on each new transaction, rebuilt on demand.

Who reads them: the finance dashboard (the money's road, by partner, by area, by year) and the
public portal's figures. A project's own finance page still sums its transactions directly (a few
hundred rows at most, and it needs per-line and per-funder detail).
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import ExtractYear

from sharaka.core.money import MoneyField, total_too_large_message
from sharaka.finance import totals
from sharaka.finance.models import Tally, Transaction
from sharaka.lib.money import MAX_TOTAL


def add(tx: Transaction) -> None:
    """Count one new transaction. Runs inside the service's transaction, after `audit.record`, whose
    ledger lock serialises every writer: no two writers create the same tally row."""
    key = {
        "project_id": tx.project_id,
        "funder_id": tx.funder_id,
        "year": tx.value_date.year,
        "type": tx.type,
    }
    # A total stays inside a 64-bit integer of centimes (lib.money.MAX_TOTAL): the row is only
    # updated when the sum fits, else the service refuses the transaction.
    room = (
        {"amount_mad__lte": MAX_TOTAL - tx.amount_mad}
        if tx.amount_mad >= 0
        else {"amount_mad__gte": -MAX_TOTAL - tx.amount_mad}
    )
    updated = Tally.objects.filter(**key, **room).update(
        amount_mad=F("amount_mad") + Value(tx.amount_mad, output_field=MoneyField()), count=F("count") + 1
    )
    if not updated:
        if Tally.objects.filter(**key).exists():
            raise ValidationError(
                {"amount": ValidationError(total_too_large_message(), code="total_too_large")}
            )
        Tally.objects.create(**key, amount_mad=tx.amount_mad, count=1)
    totals.add(tx)  # the dashboard's coarser totals, in the same transaction


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


def to_date(projects, today, *, by: str, types=None, few: bool = False) -> dict:
    """{type or year: MAD} of the given projects' transactions dated up to `today`, from the running
    totals: the years up to this one, less this year's transactions dated after today (the years
    after this one are left out whole). `by` is "type" or "year"; `types` narrows the types.
    `few`: the projects are a handful (one project's page): this year's later transactions are
    found through the projects' index rather than by date (in January the dates after today hold a
    whole year of a region's transactions: seconds). Sums of integer centimes: exact on both databases."""
    import datetime
    from collections import defaultdict
    from decimal import Decimal

    from sharaka.lib.money import quantize

    tallies = Tally.objects.filter(project__in=projects, year__lte=today.year)
    later = Transaction.objects.filter(
        value_date__gt=today, value_date__lte=datetime.date(today.year, 12, 31)
    )
    if types is not None:
        tallies, later = tallies.filter(type__in=types), later.filter(type__in=types)
    if few:
        later = later.filter(project__in=projects)
    totals = defaultdict(Decimal)
    for key, total in tallies.values_list(by).annotate(total=Sum("amount_mad")).order_by():
        totals[key] += Decimal(total)
    rows = list(later.values_list("project_id", "type").annotate(total=Sum("amount_mad")).order_by())
    if rows:  # `few`: already the given projects' rows (no further query, whatever the dates hold)
        found = {p for p, _t, _a in rows}
        kept = found if few else set(projects.filter(pk__in=found).values_list("pk", flat=True))
        for project_id, type_, total in rows:
            if project_id in kept:
                totals[type_ if by == "type" else today.year] -= Decimal(total)
    return {key: quantize(total) for key, total in totals.items()}
