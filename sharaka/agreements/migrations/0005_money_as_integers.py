"""The parties' cash and in-kind values become integer centimes (sharaka.core.money)."""

from django.db import migrations, models

import sharaka.core.money
from sharaka.core.migration_ops import to_integer_units


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_step_date"),
    ]

    operations = to_integer_units(
        model_name="agreementparty",
        table="agreements_agreementparty",
        fields={
            "cash_amount": sharaka.core.money.MoneyField("cash", null=True, blank=True),
            "in_kind_value": sharaka.core.money.MoneyField("value in kind", null=True, blank=True),
        },
        decimals={
            "cash_amount": models.DecimalField(max_digits=16, decimal_places=2),
            "in_kind_value": models.DecimalField(max_digits=16, decimal_places=2),
        },
        constraints=[
            models.CheckConstraint(
                condition=models.Q(("cash_amount__isnull", True), ("cash_amount__gt", 0), _connector="OR"),
                name="agreement_party_cash_positive",
                violation_error_message="The cash amount must be greater than zero.",
            )
        ],
    )
