"""E-mails to the owner of a late tranche: once per stage, after commit, in the owner's language."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from sharaka.finance import reminders, services
from sharaka.finance.models import Funder
from sharaka.finance.tasks import finance_tick
from sharaka.finance.tests.conftest import record

EXPECTED = datetime.date(2026, 3, 2)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def tranche(world, money):
    manager = world.personas.manager
    manager.email, manager.language = "manager@aourir.invalid", "fr"
    manager.save()
    return services.tranche_plan(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        expected_on=EXPECTED,
        amount="25000.00",
        currency="EUR",
    )


def test_the_owner_is_told_once_when_the_dashboard_calls_it_late_and_once_more_later(
    tranche, django_capture_on_commit_callbacks
):
    assert tranche.owner.email == "manager@aourir.invalid"  # the project's manager by default
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 30 * DAY) == 0  # not late yet
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 31 * DAY) == 1
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 31 * DAY) == 0  # once
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 90 * DAY) == 0
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 91 * DAY) == 1  # still late
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 400 * DAY) == 0  # no third

    assert [m.to for m in mail.outbox] == [["manager@aourir.invalid"]] * 2
    first, second = mail.outbox
    assert first.subject == "Tranche en retard : UNDP pour AOU-T-001"  # the owner reads French
    assert "25\u202f000,00\u00a0EUR" in first.body and "2026-03-02" in first.body and "31 jours" in first.body
    assert "/finance/projects/" in first.body
    assert second.subject == "Toujours pas reçue : tranche de UNDP pour AOU-T-001"


def test_a_tranche_caught_very_late_sends_one_e_mail_not_two(tranche, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 200 * DAY) == 1
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 201 * DAY) == 0
    assert len(mail.outbox) == 1


def test_nothing_is_sent_for_a_received_tranche_or_one_without_an_owner(
    world, money, tranche, django_capture_on_commit_callbacks
):
    record(money, tranche=tranche, value_date=datetime.date(2026, 3, 5), amount=tranche.amount)
    services.tranche_plan(
        actor=money["actor"],
        project=money["other_project"],  # no manager: no owner
        funder=Funder.objects.create(
            project=money["other_project"], kind="commune", name="Commune", cash=Decimal("10")
        ),
        expected_on=EXPECTED,
        amount="10",
        currency="MAD",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 60 * DAY) == 0
    assert mail.outbox == []


def test_a_new_expected_date_starts_the_stages_again(money, tranche, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_late_tranche_reminders(today=EXPECTED + 40 * DAY)
        tranche = services.tranche_set(
            actor=money["actor"],
            tranche=tranche,
            funder=money["undp"],
            expected_on=EXPECTED + 20 * DAY,
            amount="25000.00",
            currency="EUR",
            owner=tranche.owner,
            expected_version=tranche.version,
        )
        assert tranche.late_stage_sent == 0
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 40 * DAY) == 0
        assert reminders.send_late_tranche_reminders(today=EXPECTED + 51 * DAY) == 1
    assert len(mail.outbox) == 2


def test_it_sends_from_the_background_task_with_a_frozen_clock(tranche, django_capture_on_commit_callbacks):
    with (
        mock.patch("django.utils.timezone.localdate", return_value=EXPECTED + 45 * DAY),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = finance_tick.enqueue()
    assert result.return_value == {"late_tranche_reminders": 1}
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        call_command("finance_tick", "--today", (EXPECTED + 46 * DAY).isoformat(), stdout=mock.Mock())
    assert len(mail.outbox) == 1
