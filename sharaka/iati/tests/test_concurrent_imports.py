"""Two imports at once, and the commune's other writers during an import, on PostgreSQL.

Each test holds the first import inside its file (a pause after its first chunk is written) while
the other writer runs: the window a real race would hit. These need two connections and PostgreSQL's
locks: see the `postgres_only` marker in pyproject.toml (SQLite has one writer at a time).
"""

import io
import threading
import time

import pytest
from django.db import connection, connections, transaction

from sharaka.core import audit
from sharaka.core.models import AuditEntry
from sharaka.iati import importing
from sharaka.iati.models import ForeignActivity, ImportRun
from sharaka.iati.tests.samples import ACTIVITY_201
from sharaka.iati.tests.samples import activity_file as _file

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _activities(numbers, updated="2025-11-02T10:00:00Z") -> bytes:
    return _file(
        "".join(
            ACTIVITY_201.replace("CMA1234", f"CMA{n}").replace("2025-11-02T10:00:00Z", updated)
            for n in numbers
        )
    )


def _import(data: bytes, actor) -> ImportRun:
    run = ImportRun.objects.create(source=ImportRun.Source.COMMAND, name="t.xml", size=len(data))
    return importing.import_file(run, io.BytesIO(data), actor=actor)


def _thread(target, name, outcomes):
    def body():
        try:
            outcomes[name] = target()
        except Exception as exc:  # pragma: no cover - reported by the assertions
            outcomes[name] = exc
        finally:
            connections.close_all()

    return threading.Thread(target=body, name=name)


def _pause_after_first_chunk(monkeypatch, thread_name, inside, seconds=1.5):
    real_write = importing._Context.write

    def write(self, batch):
        real_write(self, batch)
        if threading.current_thread().name == thread_name and not inside.is_set():
            inside.set()
            time.sleep(seconds)

    monkeypatch.setattr(importing._Context, "write", write)


def test_two_files_naming_the_same_activities_imported_at_once_both_land(personas, monkeypatch):
    """The second waits for the first, then finds the shared activities unchanged: nothing fails on
    the identifier both would have created."""
    first_file = _activities(range(importing.CHUNK + 20))
    second_file = _activities(range(importing.CHUNK, importing.CHUNK + 60))  # 20 shared, 40 new
    inside = threading.Event()
    _pause_after_first_chunk(monkeypatch, "first", inside)
    outcomes = {}
    first = _thread(lambda: _import(first_file, personas.officer), "first", outcomes)
    second = _thread(lambda: _import(second_file, personas.officer), "second", outcomes)

    first.start()
    assert inside.wait(30)
    second.start()
    first.join(60)
    second.join(60)

    assert outcomes["first"].status == ImportRun.Status.DONE, outcomes["first"].counts
    assert outcomes["second"].status == ImportRun.Status.DONE, outcomes["second"].refusal_params
    assert outcomes["first"].counts["created"] == importing.CHUNK + 20
    assert (outcomes["second"].counts["created"], outcomes["second"].counts["unchanged"]) == (40, 20)
    assert ForeignActivity.objects.count() == importing.CHUNK + 60


def test_the_commune_writes_to_the_ledger_while_a_long_import_runs(personas, monkeypatch):
    """An import that updates activities and creates a prospect holds the ledger only in its last
    moments: a staff member's change recorded meanwhile is not kept waiting behind the file."""
    _import(_activities(range(importing.CHUNK + 5)), personas.officer)
    newer = (
        _activities(range(importing.CHUNK + 5), updated="2026-01-15T08:00:00Z")
        .replace(
            "<narrative>Agence française de développement</narrative>".encode(),
            b"<narrative>Fonds nouveau pour les oasis</narrative>",
        )
        .replace(b'<reporting-org ref="FR-6"', b'<reporting-org ref="GB-CHC-1234567"')
    )
    inside = threading.Event()
    _pause_after_first_chunk(monkeypatch, "importer", inside, seconds=4)
    outcomes = {}
    importer = _thread(lambda: _import(newer, personas.officer), "importer", outcomes)

    importer.start()
    assert inside.wait(30)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        audit.record(actor=personas.officer, action="test.during-import", obj=personas.officer)
    staff_entry = AuditEntry.objects.get(action="test.during-import")
    importer.join(60)

    run = outcomes["importer"]
    assert run.status == ImportRun.Status.DONE, run.refusal_params
    assert run.counts["updated"] == importing.CHUNK + 5
    updates = AuditEntry.objects.filter(action="iati.activity.update")
    assert updates.count() == importing.CHUNK + 5
    # The import's entries come after the staff member's, chained onto it, and the chain holds.
    assert updates.order_by("id").first().pk > staff_entry.pk
    assert AuditEntry.objects.filter(action="organisation.create", id__gt=staff_entry.pk).exists()
    assert audit.verify_chain() == (True, None)
