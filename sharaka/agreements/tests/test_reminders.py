"""Reminders of obligations, a week before and once missed, sent after commit, with a frozen clock."""

import datetime
from unittest import mock

from django.core import mail

from sharaka.agreements import reminders, services
from sharaka.agreements.models import Obligation
from sharaka.agreements.tasks import agreements_tick
from sharaka.agreements.tests.conftest import make_agreement

DUE = datetime.date(2026, 9, 15)


def _obligation(personas, partner, **extra):
    personas.officer.email = "officer@aourir.invalid"
    personas.officer.language = "fr"
    personas.officer.save()
    agreement = make_agreement(personas.officer, partner)
    return services.obligation_add(
        actor=personas.officer,
        agreement=agreement,
        data={"kind": "report", "title": "Rapport annuel", "due_on": DUE, "owner": personas.officer, **extra},
    )


def test_it_reminds_the_owner_a_week_before(personas, foreign_commune, django_capture_on_commit_callbacks):
    _obligation(personas, foreign_commune)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=datetime.date(2026, 9, 7)) == 0  # 8 days before
        assert reminders.send_reminders(today=datetime.date(2026, 9, 8)) == 1
        assert reminders.send_reminders(today=datetime.date(2026, 9, 9)) == 0  # once

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@aourir.invalid"]
    assert mail.outbox[0].subject == "Échéance le 2026-09-15 : Rapport annuel"  # the owner reads French


def test_it_tells_the_owner_on_the_day_the_obligation_is_missed(
    personas, foreign_commune, django_capture_on_commit_callbacks
):
    obligation = _obligation(personas, foreign_commune)
    Obligation.objects.filter(pk=obligation.pk).update(reminded_before_on=datetime.date(2026, 9, 8))

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=DUE) == 0  # due today: not missed yet
        assert reminders.send_reminders(today=DUE + datetime.timedelta(days=1)) == 1
        assert reminders.send_reminders(today=DUE + datetime.timedelta(days=2)) == 0

    assert len(mail.outbox) == 1


def test_it_sends_nothing_for_an_obligation_done(
    personas, foreign_commune, django_capture_on_commit_callbacks
):
    obligation = _obligation(personas, foreign_commune)
    services.obligation_set_state(actor=personas.officer, obligation=obligation, state="done")

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=DUE + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_it_sends_from_the_background_task_with_a_frozen_clock(
    personas, foreign_commune, django_capture_on_commit_callbacks
):
    _obligation(personas, foreign_commune)

    with (
        mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 9, 10)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = agreements_tick.enqueue()

    assert result.return_value["reminders"] == 1
    assert len(mail.outbox) == 1
