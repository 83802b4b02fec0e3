"""Committed amounts become integer centimes (sharaka.core.money), exact on SQLite as on PostgreSQL."""

from django.db import migrations, models

import sharaka.core.money
from sharaka.core.migration_ops import to_integer_units


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_project_published_at"),
    ]

    operations = to_integer_units(
        model_name="projectpartner",
        table="projects_projectpartner",
        fields={"committed_amount": sharaka.core.money.MoneyField("committed amount", null=True, blank=True)},
        decimals={"committed_amount": models.DecimalField(max_digits=16, decimal_places=2)},
        constraints=[
            models.CheckConstraint(
                condition=models.Q(("committed_amount__isnull", True), ("committed_amount__gt", 0), _connector="OR"),
                name="project_partner_amount_positive",
                violation_error_message="The committed amount must be greater than zero.",
            )
        ],
    )
