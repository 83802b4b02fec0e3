"""The rules of money: amounts, currencies, rates, dates, rounding, who may write."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sharaka.core.models import AuditEntry
from sharaka.finance import services
from sharaka.finance.models import ExchangeRate, Transaction
from sharaka.finance.rates import to_mad
from sharaka.finance.tests.conftest import record
from sharaka.lib.money import quantize


def _code(excinfo):
    err = excinfo.value
    if hasattr(err, "error_dict"):
        return {e.code for errors in err.error_dict.values() for e in errors}
    return {e.code for e in err.error_list}


def test_it_rounds_half_up_to_the_centime_once():
    assert to_mad(Decimal("0.005"), Decimal("1")) == Decimal("0.01")
    assert to_mad(Decimal("100.00"), Decimal("10.85325")) == Decimal("1085.33")  # 1085.325 -> up
    assert to_mad(Decimal("33.33"), Decimal("10.8532")) == Decimal("361.74")  # 361.737156
    assert quantize("2.675") == Decimal("2.68")  # a float would give 2.67


def test_it_converts_at_the_rate_of_the_value_date_and_stores_it(money):
    tx = record(money, amount=Decimal("33.33"), value_date=datetime.date(2026, 3, 5))
    assert (tx.rate, tx.rate_date, tx.rate_source) == (
        Decimal("10.9"),
        datetime.date(2026, 3, 1),
        "Bank Al-Maghrib (test)",
    )
    assert tx.amount_mad == Decimal("363.30")  # 33.33 x 10.9 = 363.297


def test_it_sums_exactly_to_the_centime(money):
    from sharaka.finance.queries import project_finance

    for _ in range(3):
        record(money, amount=Decimal("0.10"), currency="MAD", value_date=datetime.date(2026, 3, 5))
    assert project_finance(money["project"]).road["received"] == Decimal("0.30")


def test_it_values_a_foreign_pledge_in_mad(money):
    assert money["undp"].cash_mad == Decimal("1085320.00")  # 100000 x 10.8532
    assert money["commune"].total_mad == Decimal("350000.00")


def test_it_never_changes_a_recorded_figure_when_a_rate_is_corrected(money):
    tx = record(money, amount=Decimal("1000.00"))
    services.rate_set(
        actor=money["actor"], currency="EUR", date=datetime.date(2026, 3, 1), rate="11.5", source="corrected"
    )
    tx.refresh_from_db()
    assert tx.amount_mad == Decimal("10900.00") and tx.rate == Decimal("10.9")
    assert ExchangeRate.objects.get(currency="EUR", date=datetime.date(2026, 3, 1)).rate == Decimal("11.5")
    assert AuditEntry.objects.filter(action="rate.update").exists()


@pytest.mark.parametrize("amount", ["0", "-5.00", "0.001", "abc"])
def test_it_refuses_zero_negative_or_odd_amounts(money, amount):
    with pytest.raises(ValidationError) as excinfo:
        record(money, amount=amount)
    assert "amount" in excinfo.value.message_dict


def test_it_refuses_an_unknown_currency(money):
    with pytest.raises(ValidationError) as excinfo:
        record(money, currency="XYZ")
    assert _code(excinfo) == {"unknown_currency"}


def test_it_says_clearly_when_the_rate_is_missing(money):
    with pytest.raises(ValidationError) as excinfo:
        record(money, currency="JPY")
    assert _code(excinfo) == {"missing_rate"}
    assert "JPY" in excinfo.value.message_dict["value_date"][0]


def test_it_does_not_use_a_rate_older_than_a_month(money):
    with pytest.raises(ValidationError) as excinfo:
        record(money, currency="USD", value_date=datetime.date(2026, 4, 15))
    assert _code(excinfo) == {"missing_rate"}


def test_it_refuses_spending_outside_the_projects_life(money):
    with pytest.raises(ValidationError) as excinfo:
        record(money, type="4", currency="MAD", value_date=datetime.date(2025, 12, 31))
    assert _code(excinfo) == {"outside_project"}
    with pytest.raises(ValidationError):
        record(money, type="4", currency="MAD", value_date=datetime.date(2028, 1, 1))


def test_it_accepts_a_pledge_before_the_start(money):
    tx = record(money, type="11", value_date=datetime.date(2026, 1, 12))
    assert tx.amount_mad == Decimal("10853.20")


@pytest.mark.parametrize(
    "role", ["cooperation_officer", "project_manager", "president", "auditor", "partner_viewer"]
)
def test_it_lets_only_the_finance_officer_write_money(money, world, role):
    actor = world.personas.by_role()[role]
    with pytest.raises(PermissionDenied):
        services.transaction_record(actor=actor, project=money["project"], data={})
    with pytest.raises(PermissionDenied):
        services.rate_set(actor=actor, currency="EUR", date=datetime.date(2026, 1, 1), rate="10", source="x")


def test_it_records_every_write_in_the_ledger(money):
    tx = record(money)
    entry = AuditEntry.objects.filter(action="transaction.record").latest("id")
    assert entry.object_id == str(tx.pk) and entry.actor == money["actor"]


def test_it_refuses_an_overdraft_of_a_special_account(money):
    account = services.account_open(
        actor=money["actor"],
        kind="earmarked",
        name="CAS coopération",
        reference="CAS-01",
        opened_on=datetime.date(2025, 1, 1),
    )
    record(money, type="1", currency="MAD", amount=Decimal("1000.00"), account=account)
    record(
        money,
        type="4",
        currency="MAD",
        amount=Decimal("600.00"),
        account=account,
        provider="Commune",
        receiver="SARL",
    )
    with pytest.raises(ValidationError) as excinfo:
        record(
            money,
            type="4",
            currency="MAD",
            amount=Decimal("400.01"),
            account=account,
            provider="Commune",
            receiver="SARL",
        )
    assert _code(excinfo) == {"overdraft"}
    record(
        money,
        type="3",
        currency="MAD",
        amount=Decimal("400.00"),
        account=account,
        provider="Commune",
        receiver="SARL",
    )
    assert Transaction.objects.filter(account=account).count() == 3
    receipt = Transaction.objects.get(account=account, type="1")
    with pytest.raises(ValidationError) as excinfo:  # the money was spent: its receipt cannot vanish
        services.transaction_reverse(
            actor=money["actor"], tx=receipt, reason="wrong account", value_date=datetime.date(2026, 3, 8)
        )
    assert _code(excinfo) == {"overdraft"}


def test_it_flags_a_special_account_without_spending_for_three_years(money):
    from sharaka.finance.queries import dormant_accounts

    old = services.account_open(
        actor=money["actor"],
        kind="earmarked",
        name="CAS ancien",
        reference="CAS-00",
        opened_on=datetime.date(2020, 1, 1),
    )
    services.account_open(
        actor=money["actor"],
        kind="aid_line",
        name="Ligne aides",
        reference="2.1.1",
        opened_on=datetime.date(2020, 1, 1),
    )
    assert list(dormant_accounts(today=datetime.date(2026, 12, 1))) == [old]


def test_it_locks_a_reported_period_and_corrects_by_reversal(money):
    tx = record(money, amount=Decimal("1000.00"))
    report = services.report_issue(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    tx.refresh_from_db()
    assert tx.locked_by == report
    with pytest.raises(ValidationError) as excinfo:
        record(money, value_date=datetime.date(2026, 3, 10))
    assert _code(excinfo) == {"locked"}
    with pytest.raises(ValidationError):
        services.transaction_reverse(
            actor=money["actor"], tx=tx, reason="wrong", value_date=datetime.date(2026, 3, 31)
        )
    with pytest.raises(ValidationError):
        services.transaction_reverse(
            actor=money["actor"], tx=tx, reason=" ", value_date=datetime.date(2026, 4, 2)
        )
    reversal = services.transaction_reverse(
        actor=money["actor"], tx=tx, reason="Virement en double", value_date=datetime.date(2026, 4, 2)
    )
    assert (reversal.amount, reversal.amount_mad, reversal.rate) == (
        Decimal("-1000.00"),
        Decimal("-10900.00"),
        tx.rate,
    )
    with pytest.raises(ValidationError):
        services.transaction_reverse(
            actor=money["actor"], tx=tx, reason="again", value_date=datetime.date(2026, 4, 3)
        )
    from sharaka.finance.queries import project_finance

    assert project_finance(money["project"]).road["received"] == Decimal("0.00")


@pytest.mark.parametrize(
    ("procedure", "nature", "amount", "extra", "code"),
    [
        ("purchase_order", "supplies", "500000.01", {}, "purchase_order_ceiling"),
        ("simplified", "works", "1000000.01", {}, "simplified_ceiling"),
        ("open_tender", "services", "1000000.01", {}, "national_ceiling"),
        ("open_tender", "works", "10000000.01", {}, "national_ceiling"),
    ],
)
def test_it_checks_the_procurement_thresholds(money, procedure, nature, amount, extra, code):
    data = {
        "type": "2",
        "currency": "MAD",
        "amount": Decimal(amount),
        "procedure": procedure,
        "nature": nature,
        "provider": "Commune",
        "receiver": "Entreprise",
        **extra,
    }
    with pytest.raises(ValidationError) as excinfo:
        record(money, **data)
    assert _code(excinfo) == {code}
    assert record(money, **data, donor_rules=True).donor_rules  # donor rules set the decree aside (art. 3)


def test_it_counts_purchase_orders_over_the_year(money):
    common = {
        "type": "2",
        "currency": "MAD",
        "procedure": "purchase_order",
        "nature": "supplies",
        "provider": "Commune",
        "receiver": "Fournisseur",
    }
    record(money, amount=Decimal("300000.00"), **common)
    record(money, amount=Decimal("200000.00"), **common)
    with pytest.raises(ValidationError):
        record(money, amount=Decimal("0.01"), **common)
    assert record(money, amount=Decimal("0.01"), **{**common, "nature": "works"})


def test_it_computes_shares_gap_and_absorption(money):
    from sharaka.finance.queries import project_finance

    record(
        money,
        type="4",
        currency="MAD",
        amount=Decimal("148532.00"),
        budget_line=money["works"],
        provider="Commune",
        receiver="Entreprise",
    )
    f = project_finance(money["project"])
    assert f.plan_total == Decimal("1435320.00")
    assert f.budget_total == Decimal("1485320.00")
    assert f.gap == Decimal("50000.00")
    assert {x.display_name: x.share for x in f.funders} == {
        "UNDP": Decimal("75.6"),
        "Commune d'Aourir": Decimal("24.4"),
    }
    assert f.absorption == Decimal("10.0")
    assert next(line.actual for line in f.lines if line.category == "works") == Decimal("148532.00")


def test_it_shows_a_tranche_late_by_more_than_30_days(money):
    from sharaka.finance.queries import late_tranches

    t = services.tranche_plan(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        expected_on=datetime.date(2026, 6, 1),
        amount="50000",
        currency="EUR",
    )
    assert list(late_tranches([money["project"]], today=datetime.date(2026, 7, 1))) == []
    assert list(late_tranches([money["project"]], today=datetime.date(2026, 7, 2))) == [t]
    record(money, tranche=t, value_date=datetime.date(2026, 3, 5))  # 1,000 of 50,000: still late
    assert list(late_tranches([money["project"]], today=datetime.date(2026, 7, 2))) == [t]
    record(money, tranche=t, value_date=datetime.date(2026, 3, 5), amount=Decimal("49000.00"))
    assert list(late_tranches([money["project"]], today=datetime.date(2026, 7, 2))) == []


def test_it_imports_rates_from_csv_all_or_nothing(personas):
    text = "currency,date,rate,source\nEUR,2026-05-01,10.95,BAM\nCHF,2026-05-01,11.40,BAM\n"
    assert services.rates_import_csv(actor=personas.finance, text=text) == 2
    with pytest.raises(ValidationError) as excinfo:
        services.rates_import_csv(
            actor=personas.finance, text="GBP,2026-05-02,12.5,BAM\nXYZ,2026-05-02,1,BAM\nEUR,soon,1,x\n"
        )
    assert len(excinfo.value.messages) == 2
    assert not ExchangeRate.objects.filter(currency="GBP").exists()
