"""Two daily runs at once on PostgreSQL (the worker's task and someone running the command): the
second waits for the first and finds its work done, never an error, never a check or warning twice.

Each run is held inside its reading (`queries.project_end`, read before the checks are made) until
the other is there too, so that, without the lock, both would read "no checks yet" and both insert. See the
`postgres_only` marker in pyproject.toml.
"""

import datetime
import threading

import pytest
from django.db import connections

from sharaka.core.models import AuditEntry
from sharaka.sustainability import queries, tick
from sharaka.sustainability.models import Check, EarlyWarning

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


def test_two_ticks_at_once_schedule_each_check_once(ended, monkeypatch):
    original = queries.project_end
    both_inside = threading.Barrier(2, timeout=2)

    def slow(project):
        # Wait until the other run is here too: without a lock both now read "no checks yet". With
        # the lock the other run cannot come in, the wait times out and this run goes on alone.
        try:
            both_inside.wait()
        except threading.BrokenBarrierError:
            pass
        return original(project)

    monkeypatch.setattr(queries, "project_end", slow)
    today = datetime.date(2026, 9, 1)
    outcomes = {}
    first = _run(lambda: tick.run(today=today), "first", outcomes)
    second = _run(lambda: tick.run(today=today), "second", outcomes)
    first.start()
    second.start()
    first.join(30)
    second.join(30)

    assert not any(isinstance(o, Exception) for o in outcomes.values()), outcomes
    assert sorted(Check.objects.filter(project=ended).values_list("months", flat=True)) == [6, 12, 24]
    assert sum(o["checks scheduled"] for o in outcomes.values()) == 3
    assert AuditEntry.objects.filter(action="sustainability_check.schedule").count() == 1
    keys = list(EarlyWarning.objects.values_list("rule", "key"))
    assert len(keys) == len(set(keys))
