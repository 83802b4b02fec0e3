import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from sharaka.core import audit
from sharaka.core.models import AuditEntry
from sharaka.core.testing import make_organisation


@pytest.fixture
def three_entries(personas):
    org = make_organisation(acronym="WWF", iati_identifier="XM-WWF")
    with transaction.atomic():
        for i in range(3):
            audit.record(
                actor=personas.officer, action="test.change", obj=org, before={"n": i}, after={"n": i + 1}
            )
    return list(AuditEntry.objects.order_by("id"))


def test_it_chains_each_entry_to_the_previous_one(three_entries):
    assert three_entries[0].previous_hash == ""
    assert three_entries[1].previous_hash == three_entries[0].hash
    assert audit.verify_chain() == (True, None)


def test_it_detects_an_entry_edited_behind_its_back(three_entries):
    AuditEntry.objects.filter(pk=three_entries[1].pk).update(after={"n": 999})  # a raw SQL-level edit
    assert audit.verify_chain() == (False, three_entries[1].pk)


def test_it_detects_a_removed_entry(three_entries):
    AuditEntry.objects.filter(pk=three_entries[1].pk).delete()  # a queryset delete bypasses the model
    assert audit.verify_chain() == (False, three_entries[2].pk)


def test_it_refuses_to_change_or_delete_an_entry_through_the_model(three_entries):
    entry = three_entries[0]
    entry.reason = "rewritten"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_record_outside_a_transaction(personas):
    org = make_organisation(acronym="X", iati_identifier="XM-X")
    with pytest.raises(AssertionError):
        audit.record(actor=personas.officer, action="test", obj=org)


def test_a_file_is_recorded_by_its_name_never_by_its_content(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sharaka.partners.models import NegotiationRound

    org = make_organisation(acronym="F", iati_identifier="XM-F")
    round_ = NegotiationRound(
        organisation=org,
        topic="t",
        round_number=1,
        date="2026-11-01",
        our_position="x",
        recorded_by=personas.officer,
    )
    assert audit.snapshot(round_)["minutes"] == ""
    round_.minutes = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 secret content")
    round_.save()
    snap = audit.snapshot(round_)
    assert snap["minutes"].endswith(".pdf") and "secret" not in str(snap)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(personas):
    """Four writers at once, each holding its transaction open a moment after recording: every entry
    must still chain onto the one committed before it (on PostgreSQL, locking the last row was not
    enough: a writer arriving between two commits chained onto the same predecessor as another)."""
    import threading
    import time

    from django.db import connections

    org = make_organisation(acronym="C", iati_identifier="XM-C")
    errors = []

    def writer(n):
        try:
            for i in range(8):
                with transaction.atomic():
                    audit.record(actor=None, action="test.concurrent", obj=org, after={"w": n, "i": i})
                    time.sleep(0.002)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEntry.objects.filter(action="test.concurrent").count() == 32
    assert audit.verify_chain() == (True, None)
