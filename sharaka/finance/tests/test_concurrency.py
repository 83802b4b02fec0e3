"""Two people at once on PostgreSQL: a transaction never slips into a period being reported, and two
purchases never pass the yearly ceiling together.

Each test holds one writer inside its checks (a pause after it has read what it checks, before it
writes) while the other runs, which is the window a real race would hit. These need real row and
advisory locks between two connections: see the `postgres_only` marker in pyproject.toml.
"""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from sharaka.finance import services
from sharaka.finance.models import FinancialReport, Transaction
from sharaka.finance.tests.conftest import record

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def _run(target, name, outcomes):
    def body():
        try:
            outcomes[name] = target()
        except ValidationError as refused:
            outcomes[name] = refused
        except Exception as exc:  # pragma: no cover - reported by the assertions
            outcomes[name] = exc
        finally:
            connections.close_all()

    return threading.Thread(target=body, name=name)


def _pause_in(monkeypatch, function_name, thread_name, inside):
    """Make `services.<function_name>` signal `inside`, then wait, when called by `thread_name`."""
    original = getattr(services, function_name)

    def paused(*args, **kwargs):
        if threading.current_thread().name == thread_name:
            inside.set()
            time.sleep(0.6)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, function_name, paused)


def _codes(error):
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _report(money):
    return services.report_issue(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        period_start=MARCH[0],
        period_end=MARCH[1],
    )


def test_a_transaction_recorded_while_a_report_is_issued_is_refused_or_in_the_report(money, monkeypatch):
    record(money, value_date=datetime.date(2026, 3, 5))
    inside = threading.Event()
    _pause_in(monkeypatch, "check_procurement", "recorder", inside)  # after the period check, before the save
    outcomes = {}
    recorder = _run(lambda: record(money, value_date=datetime.date(2026, 3, 10)), "recorder", outcomes)
    reporter = _run(lambda: _report(money), "reporter", outcomes)

    recorder.start()
    assert inside.wait(10)
    reporter.start()
    recorder.join(20)
    reporter.join(20)

    report = outcomes["reporter"]
    assert isinstance(report, FinancialReport), report
    late = outcomes["recorder"]
    if isinstance(late, ValidationError):
        assert _codes(late) == {"locked"}
    else:
        assert isinstance(late, Transaction), late
        assert Transaction.objects.get(pk=late.pk).locked_by_id == report.pk
    in_march = Transaction.objects.filter(project=money["project"], value_date__range=MARCH)
    assert not in_march.filter(locked_by__isnull=True).exists(), (
        "a transaction of the reported period is not in it"
    )


def test_a_reversal_recorded_while_a_report_is_issued_is_refused_or_in_the_report(money, monkeypatch):
    original = record(money, value_date=datetime.date(2026, 2, 5))
    inside = threading.Event()
    _pause_in(monkeypatch, "_check_special_account", "reverser", inside)  # after the period check
    outcomes = {}
    reverser = _run(
        lambda: services.transaction_reverse(
            actor=money["actor"],
            tx=original,
            reason="Virement en double",
            value_date=datetime.date(2026, 3, 10),
        ),
        "reverser",
        outcomes,
    )
    reporter = _run(lambda: _report(money), "reporter", outcomes)

    reverser.start()
    assert inside.wait(10)
    reporter.start()
    reverser.join(20)
    reporter.join(20)

    report = outcomes["reporter"]
    assert isinstance(report, FinancialReport), report
    reversal = outcomes["reverser"]
    if isinstance(reversal, ValidationError):
        assert _codes(reversal) == {"locked"}
    else:
        assert Transaction.objects.get(pk=reversal.pk).locked_by_id == report.pk
    in_march = Transaction.objects.filter(project=money["project"], value_date__range=MARCH)
    assert not in_march.filter(locked_by__isnull=True).exists(), (
        "a transaction of the reported period is not in it"
    )


def test_two_purchase_orders_at_once_never_pass_the_yearly_ceiling_together(money, monkeypatch):
    """The ceiling is the commune's, per nature and year: two projects' purchases count together."""
    inside = threading.Event()
    _pause_in(monkeypatch, "_check_special_account", "first", inside)  # after the ceiling's sum

    def purchase(project):
        return services.transaction_record(
            actor=money["actor"],
            project=project,
            data={
                "type": "2",
                "currency": "MAD",
                "amount": Decimal("300000.00"),
                "value_date": datetime.date(2026, 3, 5),
                "procedure": "purchase_order",
                "nature": "supplies",
                "provider": "Commune",
                "receiver": "Fournisseur",
            },
        )

    outcomes = {}
    first = _run(lambda: purchase(money["project"]), "first", outcomes)
    second = _run(lambda: purchase(money["other_project"]), "second", outcomes)

    first.start()
    assert inside.wait(10)
    second.start()
    first.join(20)
    second.join(20)

    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    recorded = [o for o in outcomes.values() if isinstance(o, Transaction)]
    assert len(recorded) == 1 and len(refused) == 1, outcomes
    assert _codes(refused[0]) == {"purchase_order_ceiling"}
    assert Transaction.objects.filter(procedure="purchase_order").count() == 1


def test_a_receipt_settling_a_tranche_call_while_the_call_is_marked_done_never_deadlocks(
    world, money, monkeypatch
):
    """The receipt settles the agreement's call (its row, then the ledger); marking the call done from
    the agreement takes the call's row, then the ledger. Before, the receipt took the ledger first:
    each request waited on the other's lock and PostgreSQL killed one of them."""
    from sharaka.agreements import services as agreement_services
    from sharaka.agreements.models import Obligation
    from sharaka.finance import tally
    from sharaka.finance.tests.test_tranches_from_agreement import make_agreement

    agreement = make_agreement(world, [money["project"]], calls=("2026-04-01",))
    tranche = services.tranches_from_agreement(
        actor=money["actor"], project=money["project"], agreement=agreement
    ).created[0]
    call = Obligation.objects.get(pk=tranche.obligation_id)
    inside = threading.Event()
    original_add = tally.add

    def paused_add(tx):  # after the receipt's ledger entry, before it settles the call
        if threading.current_thread().name == "receipt":
            inside.set()
            time.sleep(0.6)
        return original_add(tx)

    monkeypatch.setattr(tally, "add", paused_add)
    outcomes = {}
    receipt = _run(
        lambda: record(money, value_date=datetime.date(2026, 3, 20), amount=tranche.amount, tranche=tranche),
        "receipt",
        outcomes,
    )
    marker = _run(
        lambda: agreement_services.obligation_set_state(
            actor=world.personas.officer, obligation=call, state=Obligation.State.DONE
        ),
        "marker",
        outcomes,
    )

    receipt.start()
    assert inside.wait(10), outcomes
    marker.start()
    receipt.join(20)
    marker.join(20)

    assert isinstance(outcomes["receipt"], Transaction), outcomes["receipt"]
    marked = outcomes["marker"]
    assert isinstance(marked, Obligation | ValidationError), marked  # done, or "already done": no deadlock
    assert Obligation.objects.get(pk=call.pk).state == Obligation.State.DONE
