"""Two people, or two daily runs, at once on PostgreSQL.

- Two approvals in one period at the same moment: the period's actual is the value approved last,
  whatever the order the two transactions commit in (both take the period's row first).
- Two results ticks at once: each due report is made once, with one ledger entry per schedule.

See the `postgres_only` marker in pyproject.toml.
"""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connections

from sharaka.core.models import AuditEntry
from sharaka.results import schedules, services
from sharaka.results.models import DueReport, Period, Update
from sharaka.results.tests.helpers import make_chain, update_in

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _run(target, name, outcomes):
    def body():
        try:
            outcomes[name] = target()
        except Exception as exc:  # reported by the assertions
            outcomes[name] = exc
        finally:
            connections.close_all()

    return threading.Thread(target=body, name=name)


def test_two_approvals_at_once_leave_the_last_approved_value_as_actual(world, monkeypatch):
    officer, president = world.personas.officer, world.personas.president
    _r, _i, (period,) = make_chain(world.project, officer)
    first = update_in(period, officer, "submitted", Decimal("40"))
    second = update_in(period, officer, "submitted", Decimal("55"))
    original = services.recompute_actual

    def slow(p):
        if threading.current_thread().name == "first":
            time.sleep(0.5)  # the first approver is still computing when the second arrives
        return original(p)

    monkeypatch.setattr(services, "recompute_actual", slow)
    outcomes = {}
    a = _run(lambda: services.update_move(actor=officer, update=first, to="approved"), "first", outcomes)
    b = _run(lambda: services.update_move(actor=president, update=second, to="approved"), "second", outcomes)
    a.start()
    time.sleep(0.15)
    b.start()
    a.join(30)
    b.join(30)

    assert not any(isinstance(o, Exception) for o in outcomes.values()), outcomes
    period = Period.objects.get(pk=period.pk)
    last = Update.objects.filter(period=period, status="approved").order_by("-approved_at", "-id").first()
    assert Update.objects.filter(period=period, status="approved").count() == 2
    assert (period.actual, period.actual_update_id) == (last.value, last.pk) == (Decimal("55"), second.pk)


def test_two_results_ticks_at_once_make_each_due_report_once(world, monkeypatch):
    schedule = schedules.schedule_save(
        actor=world.personas.officer,
        schedule=None,
        project=world.project,
        data={
            "frequency": "monthly",
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": None,
            "days_to_report": 15,
            "responsible": world.personas.manager,
        },
        today=datetime.date(2026, 1, 10),
    )
    made_before = DueReport.objects.filter(schedule=schedule).count()
    original = schedules._rows

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(schedules, "_rows", slow)
    later = datetime.date(2026, 9, 10)
    outcomes = {}
    a = _run(lambda: schedules.generate(today=later), "first", outcomes)
    b = _run(lambda: schedules.generate(today=later), "second", outcomes)
    a.start()
    time.sleep(0.1)
    b.start()
    a.join(30)
    b.join(30)

    assert not any(isinstance(o, Exception) for o in outcomes.values()), outcomes
    made = DueReport.objects.filter(schedule=schedule).count() - made_before
    assert made > 0
    assert sum(outcomes.values()) == made
    assert AuditEntry.objects.filter(action="schedule.generate", object_id=str(schedule.pk)).count() == 1
    starts = list(DueReport.objects.filter(schedule=schedule).values_list("period_start", flat=True))
    assert len(starts) == len(set(starts))
