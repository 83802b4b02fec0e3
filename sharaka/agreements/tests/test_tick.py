"""The law's clock: the objection window closes by itself, silence becomes a tacit visa, recorded as such."""

import datetime
import io

from django.core.management import call_command

from sharaka.agreements import services
from sharaka.agreements.models import Agreement
from sharaka.agreements.tasks import agreements_tick
from sharaka.agreements.tests.conftest import make_agreement, put_at
from sharaka.core.models import AuditEntry

RECEIVED = datetime.date(2026, 6, 1)  # Monday


def test_it_records_a_tacit_visa_after_20_days_of_silence(personas, foreign_commune):
    agreement = put_at(
        make_agreement(personas.officer, foreign_commune), "visa_pending", received_on=RECEIVED
    )

    assert services.tick(today=datetime.date(2026, 6, 21))["tacit_visa"] == 0  # day 20: still the Governor's
    done = services.tick(today=datetime.date(2026, 6, 22))

    agreement.refresh_from_db()
    assert done["tacit_visa"] == 1 and agreement.status == "visa_tacit"
    change = agreement.status_changes.last()
    assert change.automatic and change.changed_by is None and "art. 118" in change.reason
    record = agreement.documents.get(kind="tacit_visa")
    assert len(record.sha256) == 64 and b"2026-06-21" in record.file.read()
    assert AuditEntry.objects.filter(action="agreement.tacit_visa", actor__isnull=True).count() == 1


def test_it_is_idempotent(personas, foreign_commune):
    put_at(make_agreement(personas.officer, foreign_commune), "visa_pending", received_on=RECEIVED)
    services.tick(today=datetime.date(2026, 7, 1))
    entries = AuditEntry.objects.count()

    assert services.tick(today=datetime.date(2026, 7, 1)) == {"objection_closed": 0, "tacit_visa": 0}
    assert AuditEntry.objects.count() == entries


def test_it_lets_the_tacit_visa_lead_on_to_the_next_step(personas, foreign_commune):
    agreement = put_at(
        make_agreement(personas.officer, foreign_commune), "visa_pending", received_on=RECEIVED
    )
    services.tick(today=datetime.date(2026, 7, 1))
    agreement.refresh_from_db()

    assert services.allowed_moves(personas.officer, agreement) == ["approved_86"]


def test_it_closes_a_silent_objection_window_after_3_working_days(personas, foreign_commune):
    agreement = put_at(
        make_agreement(personas.officer, foreign_commune), "objection_window", received_on=RECEIVED
    )

    services.tick(today=datetime.date(2026, 6, 4))  # Thursday: last day of the window
    assert Agreement.objects.get(pk=agreement.pk).status == "objection_window"
    services.tick(today=datetime.date(2026, 6, 5))
    assert Agreement.objects.get(pk=agreement.pk).status == "visa_pending"


def test_it_runs_as_a_task_and_as_a_command(personas, foreign_commune):
    agreement = put_at(
        make_agreement(personas.officer, foreign_commune), "visa_pending", received_on=RECEIVED
    )

    result = agreements_tick.enqueue("2026-07-01")
    assert result.return_value["tacit_visa"] == 1
    out = io.StringIO()
    call_command("agreements_tick", "--today", "2026-07-01", stdout=out)
    assert "'tacit_visa': 0" in out.getvalue()
    assert Agreement.objects.get(pk=agreement.pk).status == "visa_tacit"


def test_it_dates_the_tacit_visa_on_the_day_the_clock_ran(personas, foreign_commune):
    agreement = put_at(
        make_agreement(personas.officer, foreign_commune), "visa_pending", received_on=RECEIVED
    )

    services.tick(today=datetime.date(2026, 6, 22))

    assert agreement.status_changes.last().effective_on == datetime.date(2026, 6, 22)
