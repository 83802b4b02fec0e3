"""Commitments in dirhams: each funder's amount at the exchange rate of its value date.

The rule is finance's (`finance.rates.rate_for`): the latest rate of the commitment's currency on
or before its value date (`committed_on`), at most `MAX_RATE_AGE` old; a dirham amount is itself.
Each commitment is rounded half-up to the centime once, then the commitments are added.

The project list needs the dirham total in SQL, to sort by it across pages in one query. Amounts
and rates are integers in the database (centimes, millionths; see core/money.py), so the product
is computed by `_Converted` below: in integers on SQLite (exact while the product fits in 64 bits,
that is up to some eight hundred million euros; beyond, SQLite itself falls back to a float and the
order stays right to a few centimes), in `numeric` on PostgreSQL (always exact). The amounts shown
beside each commitment are computed in Python with `rates.to_mad`, from the same rate and date.
"""

from django.db.models import Case, DateField, F, Func, OuterRef, Subquery, Sum, When
from django.db.models.functions import Cast

from sharaka.core.money import MoneyField
from sharaka.finance.models import ExchangeRate
from sharaka.finance.rates import MAX_RATE_AGE, to_mad
from sharaka.projects.models import ProjectPartner


def _rates():
    """The rates that apply to the commitment of the enclosing query, latest first."""
    return ExchangeRate.objects.filter(
        currency=OuterRef("currency"),
        date__lte=OuterRef("committed_on"),
        date__gte=Cast(OuterRef("committed_on") - MAX_RATE_AGE, output_field=DateField()),
    ).order_by("-date")


class _Converted(Func):
    """centimes x millionths / 1,000,000, rounded half-up to the centime (both are positive)."""

    arity = 2
    arg_joiner = " * "
    template = "(((%(expressions)s) + 500000) / 1000000)"
    output_field = MoneyField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="ROUND((%(expressions)s) / 1000000.0)",
            arg_joiner="::numeric * ",
            **extra,
        )


def with_rates(participations):
    """Annotate commitments with `mad_rate` and `mad_rate_on` (None when no rate applies)."""
    return participations.annotate(
        mad_rate=Subquery(_rates().values("rate")[:1]),
        mad_rate_on=Subquery(_rates().values("date")[:1]),
    )


def converted():
    """The dirham value of the commitment of the current row, NULL when no rate applies."""
    return Case(
        When(currency="MAD", then=F("committed_amount")),
        default=_Converted(F("committed_amount"), Subquery(_rates().values("rate")[:1])),
        output_field=MoneyField(),
    )


def committed_mad():
    """For a project query: what its funders committed, in dirhams (those with a rate)."""
    return Subquery(
        ProjectPartner.objects.filter(
            project=OuterRef("pk"), role=ProjectPartner.Role.FUNDING, committed_amount__isnull=False
        )
        .values("project")
        .annotate(total=Sum(converted()))
        .values("total"),
        output_field=MoneyField(),
    )


def attach(participation) -> None:
    """Set `mad_value` (Decimal or None) on a commitment annotated by `with_rates`."""
    participation.mad_value = None
    if participation.committed_amount is None:
        return
    if participation.currency == "MAD":
        participation.mad_value = participation.committed_amount
    elif participation.mad_rate is not None:
        participation.mad_value = to_mad(participation.committed_amount, participation.mad_rate)


def missing_rates(participations) -> list:
    """The currencies of commitments that have no rate, each once, in order."""
    seen = []
    for p in participations:
        if (
            p.committed_amount is not None
            and getattr(p, "mad_value", None) is None
            and p.currency not in seen
        ):
            seen.append(p.currency)
    return seen
