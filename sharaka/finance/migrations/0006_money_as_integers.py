"""Amounts become integer centimes and rates integer millionths (sharaka.core.money): SQLite stored
the decimal columns as floating point, which could turn a large amount into an unreadable float."""

from django.db import migrations, models

import sharaka.core.money
from sharaka.core.migration_ops import to_integer_units


def money(verbose_name=None, **kwargs):
    return sharaka.core.money.MoneyField(verbose_name, **kwargs)


def rate(verbose_name=None, **kwargs):
    return sharaka.core.money.RateField(verbose_name, **kwargs)


def amount_decimal(**kwargs):
    return models.DecimalField(max_digits=16, decimal_places=2, **kwargs)


def rate_decimal(**kwargs):
    return models.DecimalField(max_digits=18, decimal_places=6, **kwargs)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0005_tally"),
    ]

    operations = [
        *to_integer_units(
            model_name="exchangerate",
            table="finance_exchangerate",
            fields={"rate": rate("rate to MAD", help_text="Dirhams for one unit of the currency.")},
            decimals={"rate": rate_decimal()},
            constraints=[models.CheckConstraint(condition=models.Q(("rate__gt", 0)), name="finance_rate_positive")],
        ),
        *to_integer_units(
            model_name="funder",
            table="finance_funder",
            fields={
                "cash": money("cash", default=0),
                "in_kind": money("in kind", default=0),
                "rate": rate("rate used", default=1),
                "cash_mad": money("cash in MAD", default=0),
                "in_kind_mad": money("in kind in MAD", default=0),
            },
            decimals={
                "cash": amount_decimal(),
                "in_kind": amount_decimal(),
                "rate": rate_decimal(),
                "cash_mad": amount_decimal(),
                "in_kind_mad": amount_decimal(),
            },
            constraints=[
                models.CheckConstraint(
                    condition=models.Q(("cash__gte", 0), ("in_kind__gte", 0)), name="finance_funder_not_negative"
                )
            ],
        ),
        *to_integer_units(
            model_name="budgetline",
            table="finance_budgetline",
            fields={"amount_mad": money("amount in MAD")},
            decimals={"amount_mad": amount_decimal()},
            constraints=[
                models.CheckConstraint(condition=models.Q(("amount_mad__gt", 0)), name="finance_budget_line_positive")
            ],
        ),
        *to_integer_units(
            model_name="tranche",
            table="finance_tranche",
            fields={"amount": money("amount")},
            decimals={"amount": amount_decimal()},
            constraints=[models.CheckConstraint(condition=models.Q(("amount__gt", 0)), name="finance_tranche_positive")],
        ),
        *to_integer_units(
            model_name="transaction",
            table="finance_transaction",
            fields={
                "amount": money("amount"),
                "rate": rate("rate used"),
                "amount_mad": money("amount in MAD"),
                "amount_excl_tax_mad": money("amount excluding tax in MAD", null=True, blank=True),
            },
            decimals={
                "amount": amount_decimal(),
                "rate": rate_decimal(),
                "amount_mad": amount_decimal(),
                "amount_excl_tax_mad": amount_decimal(),
            },
            constraints=[
                models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("amount__gt", 0), ("reverses__isnull", True)),
                        models.Q(("amount__lt", 0), ("reverses__isnull", False)),
                        _connector="OR",
                    ),
                    name="finance_transaction_amount_sign",
                ),
                models.CheckConstraint(condition=models.Q(("rate__gt", 0)), name="finance_transaction_rate_positive"),
            ],
        ),
        *to_integer_units(
            model_name="tally",
            table="finance_tally",
            fields={"amount_mad": money(default=0)},
            decimals={"amount_mad": amount_decimal()},
            constraints=[],
        ),
    ]
