"""The running totals the dashboard and the portal read agree, to the centime, with the transactions
they stand for: after recording, after reversing, and after a rebuild from scratch."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from sharaka.finance import queries, services, tally
from sharaka.finance.models import Tally, Transaction
from sharaka.finance.tests.conftest import record
from sharaka.projects.models import Project

pytestmark = pytest.mark.django_db


def _some_money(money):
    record(money, amount=Decimal("1000.00"))
    record(money, amount=Decimal("333.33"), value_date=datetime.date(2026, 3, 1))
    record(
        money,
        type="4",
        currency="MAD",
        amount=Decimal("12000.50"),
        funder=money["commune"],
        budget_line=money["staff"],
        provider="Commune",
        receiver="Entreprise",
    )
    wrong = record(
        money,
        type="4",
        currency="MAD",
        amount=Decimal("99.99"),
        funder=None,
        budget_line=money["works"],
        provider="Commune",
        receiver="Entreprise",
    )
    services.transaction_reverse(
        actor=money["actor"], tx=wrong, reason="Saisie en double", value_date=datetime.date(2026, 3, 10)
    )


def test_each_new_transaction_and_each_reversal_is_counted_once(money):
    _some_money(money)
    assert tally.differences() == []
    assert Tally.objects.aggregate(n=Sum("count"))["n"] == Transaction.objects.count() == 5
    unattributed = Tally.objects.get(funder=None, type="4")
    assert (
        unattributed.amount_mad == Decimal("0.00") and unattributed.count == 2
    )  # the payment and its reversal


def _rows():
    return sorted(
        Tally.objects.values_list("project", "funder", "year", "type", "amount_mad", "count"), key=str
    )


def test_a_rebuild_gives_the_same_totals_as_the_running_ones(money):
    _some_money(money)
    kept = _rows()
    assert tally.rebuild() == len(kept)
    assert _rows() == kept


def test_a_tally_gone_wrong_is_found(money):
    _some_money(money)
    Tally.objects.filter(type="1").update(amount_mad=Decimal("1.00"))
    assert tally.differences() != []


def test_the_dashboard_sums_match_the_transactions_to_the_centime(money):
    _some_money(money)
    figures = queries.dashboard(Project.objects.all())
    direct = queries.road_sums(Transaction.objects.all())
    assert figures["road"] == direct
    assert direct["received"] == Transaction.objects.filter(type="1").aggregate(s=Sum("amount_mad"))["s"]
    assert sum(r["paid"] for r in figures["by_year_rows"]) == direct["paid"] == Decimal("12000.50")


def test_the_command_checks_then_rebuilds(money):
    from django.core.management import CommandError, call_command

    _some_money(money)
    call_command("finance_tally")
    Tally.objects.filter(type="1").delete()
    with pytest.raises(CommandError, match="disagree"):
        call_command("finance_tally")
    call_command("finance_tally", "--rebuild")
    assert tally.differences() == []


def test_the_kept_command_names_the_running_totals_when_they_disagree_and_rebuild_repairs_them(money):
    import io

    from django.core.management import CommandError, call_command

    from sharaka.projects import figures

    _some_money(money)
    figures.rebuild()  # the fixture writes its projects without the services that keep the home's figures
    call_command("kept", stdout=io.StringIO())
    Tally.objects.filter(type="1").delete()
    err = io.StringIO()
    with pytest.raises(CommandError, match="disagree"):
        call_command("kept", stderr=err)
    assert "finance running totals" in err.getvalue()
    call_command("kept", "--rebuild", stdout=io.StringIO())
    assert tally.differences() == []
