"""Money is stored as integers (centimes, millionths of a rate) and read back as the exact Decimal,
on SQLite as on PostgreSQL; sums come back as Decimals; the migration converts existing rows exactly."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F, Sum

from sharaka.core.testing import make_organisation, make_project
from sharaka.finance.models import ExchangeRate, Tally
from sharaka.lib.money import MAX_AMOUNT, MAX_RATE

pytestmark = pytest.mark.django_db


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def test_the_largest_amount_is_stored_as_an_integer_of_centimes_and_read_back_exactly(personas):
    project = make_project()
    Tally.objects.create(project=project, year=2026, type="1", amount_mad=MAX_AMOUNT, count=1)
    Tally.objects.create(project=project, year=2026, type="4", amount_mad=Decimal("-0.01"), count=1)
    stored = _raw("SELECT amount_mad FROM finance_tally ORDER BY type")
    assert stored == [(99999999999999,), (-1,)]
    assert all(type(value) is int for (value,) in stored)
    read = Tally.objects.get(type="1").amount_mad
    assert read == MAX_AMOUNT and str(read) == "999999999999.99"


def test_a_rate_is_stored_as_an_integer_of_millionths(personas):
    ExchangeRate.objects.create(currency="KWD", date=datetime.date(2026, 1, 1), rate=MAX_RATE, source="t")
    ExchangeRate.objects.create(
        currency="LBP", date=datetime.date(2026, 1, 1), rate=Decimal("0.000112"), source="t"
    )
    assert sorted(v for (v,) in _raw("SELECT rate FROM finance_exchangerate")) == [112, 999999999999]
    assert ExchangeRate.objects.get(currency="LBP").rate == Decimal("0.000112")
    assert str(ExchangeRate.objects.get(currency="KWD").rate) == "999999.999999"


def test_sums_and_additions_of_amounts_come_back_as_decimals_to_the_centime(personas):
    project = make_project()
    for year, amount in [(2024, "0.10"), (2025, "0.20"), (2026, MAX_AMOUNT)]:
        Tally.objects.create(project=project, year=year, type="1", amount_mad=Decimal(amount), count=1)
    total = Tally.objects.aggregate(total=Sum("amount_mad"))["total"]
    assert total == Decimal("1000000000000.29") and isinstance(total, Decimal)
    assert str(total) == "1000000000000.29"  # not 1000000000000.2900000001 nor 29 centimes read as 29
    Tally.objects.filter(year=2024).update(amount_mad=F("amount_mad") + F("amount_mad"))
    doubled = Tally.objects.annotate(twice=F("amount_mad") + F("amount_mad")).get(year=2024)
    assert doubled.amount_mad == Decimal("0.20") and doubled.twice == Decimal("0.40")


def test_an_expression_mixing_an_amount_with_a_plain_number_is_refused_rather_than_wrong(personas):
    project = make_project()
    Tally.objects.create(project=project, year=2026, type="1", amount_mad=Decimal("1.00"), count=1)
    with pytest.raises(FieldError):
        list(Tally.objects.annotate(wrong=F("amount_mad") + Decimal("1.50")))


OLD = {"finance": "0005_tally", "projects": "0003_project_published_at", "agreements": "0004_step_date"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_existing_decimal_rows_exactly(personas):
    executor = MigrationExecutor(connection)
    latest = [key for key in executor.loader.graph.leaf_nodes() if key[0] in OLD]
    try:
        targets = [(app, name) for app, name in OLD.items()]
        executor.migrate(targets)
        # The project as the old schema had it (today's model has columns added since); the state
        # `migrate` returns after going back over several apps may hold later migrations of one.
        old_project = executor.loader.project_state(targets).apps.get_model("projects", "Project")
        project = old_project.objects.create(
            code="AOU-T-001", title_fr="Dessalement solaire", planned_start=datetime.date(2026, 1, 1)
        )
        org = make_organisation(acronym="MIG").pk
        _raw(
            "INSERT INTO finance_exchangerate (currency, date, rate, source, is_illustrative, created_at) "
            "VALUES ('EUR', '2026-01-01', %s, 'BAM', %s, '2026-01-01 00:00:00')",
            [Decimal("10.853201"), False],
        )
        _raw(
            "INSERT INTO finance_funder (project_id, kind, organisation_id, name, currency, cash, in_kind, rate, "
            "rate_date, cash_mad, in_kind_mad, version) "
            "VALUES (%s, 'partner', %s, '', 'EUR', %s, %s, %s, '2026-01-01', %s, %s, 1)",
            [
                project.pk,
                org,
                Decimal("100000.05"),
                Decimal("0.00"),
                Decimal("10.853201"),
                Decimal("1085320.64"),
                0,
            ],
        )
        _raw(
            "INSERT INTO projects_projectpartner (project_id, organisation_id, role, committed_amount, currency) "
            "VALUES (%s, %s, '3', %s, 'EUR')",
            [project.pk, org, Decimal("12345.67")],
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    assert _raw("SELECT rate FROM finance_exchangerate") == [(10853201,)]
    assert _raw("SELECT cash, in_kind, rate, cash_mad FROM finance_funder") == [
        (10000005, 0, 10853201, 108532064)
    ]
    assert _raw("SELECT committed_amount FROM projects_projectpartner WHERE role = '3'") == [(1234567,)]


def test_no_model_keeps_money_in_a_decimal_column():
    """A decimal column is a float on SQLite: every amount and rate uses MoneyField or RateField.
    Only coordinates are decimals (they are never summed nor shown to the centime)."""
    from django.apps import apps
    from django.db import models

    decimals = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.DecimalField | models.FloatField)
    }
    assert decimals == {
        "core.Locality.latitude",
        "core.Locality.longitude",
        "promotion.Opportunity.latitude",
        "promotion.Opportunity.longitude",
    }
