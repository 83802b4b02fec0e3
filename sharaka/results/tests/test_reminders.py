"""Reminders of due reports: a week before and once missed, to the responsible person, in their
language, marked sent with the e-mail sent after commit, so that no run sends one twice."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command

from sharaka.results import reminders, schedules
from sharaka.results.models import DueReport
from sharaka.results.tasks import results_tick

pytestmark = pytest.mark.django_db
D = datetime.date
DUE = D(2026, 4, 15)  # the first quarter of 2026, 15 days to report


def _schedule(world, person, language):
    person.email = f"{person.username}@aourir.invalid"
    person.language = language
    person.save()
    return schedules.schedule_save(
        actor=world.personas.officer,
        schedule=None,
        project=world.project,
        data={
            "frequency": "quarterly",
            "starts_on": D(2026, 1, 1),
            "days_to_report": 15,
            "responsible": person,
        },
        today=D(2026, 1, 5),
    )


def test_it_reminds_a_french_reader_in_french_a_week_before(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _schedule(world, world.personas.manager, "fr")

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=D(2026, 4, 7)) == 0  # 8 days before
        assert reminders.send_reminders(today=D(2026, 4, 8)) == 1
        assert reminders.send_reminders(today=D(2026, 4, 9)) == 0  # once

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["manager@aourir.invalid"]
    assert mail.subject == "Rapport attendu le 2026-04-15 : AOU-T-001 · Dessalement solaire"
    assert "pour la période du 2026-01-01 au 2026-03-31" in mail.body
    assert f"/results/schedules/projects/{world.project.pk}/" in mail.body


def test_it_tells_an_arabic_reader_in_arabic_once_the_report_is_missed(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _schedule(world, world.personas.finance, "ar")
    DueReport.objects.update(reminded_before_on=D(2026, 4, 8))

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=DUE) == 0  # due today: not missed yet
        assert reminders.send_reminders(today=DUE + datetime.timedelta(days=1)) == 1
        assert reminders.send_reminders(today=DUE + datetime.timedelta(days=2)) == 0

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert (
        mail.subject
        == "تقرير فات موعده: AOU-T-001 · تحلية مياه البحر بالطاقة الشمسية كان مستحقا في 2026-04-15"
    )
    assert "لم يُسجَّل إنجازه" in mail.body


def test_it_sends_nothing_for_a_report_made_or_a_schedule_stopped(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    schedule = _schedule(world, world.personas.manager, "fr")
    first, second = schedule.due_reports.order_by("period_start")
    schedules.due_report_done(actor=world.personas.manager, due=first)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=DUE + datetime.timedelta(days=1)) == 0
        schedules.schedule_set_active(actor=world.personas.officer, schedule=schedule, active=False)
        assert reminders.send_reminders(today=second.due_on + datetime.timedelta(days=1)) == 0
    assert mailoutbox == []


def test_a_mail_that_fails_to_commit_is_not_marked_sent(world, mailoutbox):
    """The mark and the e-mail share one transaction: rolled back, neither happens."""
    _schedule(world, world.personas.manager, "en")
    with mock.patch("sharaka.results.reminders._mail", side_effect=RuntimeError("boom")):
        with pytest.raises(RuntimeError):
            reminders.send_reminders(today=D(2026, 4, 8))

    assert DueReport.objects.filter(reminded_before_on__isnull=False).count() == 0
    assert mailoutbox == []


def test_the_background_task_makes_the_reports_then_reminds_with_a_frozen_clock(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _schedule(world, world.personas.manager, "en")

    with (
        mock.patch("django.utils.timezone.localdate", return_value=D(2026, 7, 10)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = results_tick.enqueue()

    # 10 July: Q3 and Q4 made; Q1 missed (reminded once), Q2 due on 15 July (within the week).
    assert result.return_value == {"due_reports": 2, "reminders": 2}
    assert sorted(m.subject for m in mailoutbox) == [
        "Report due on 2026-07-15: AOU-T-001 · Solar desalination",
        "Report missed: AOU-T-001 · Solar desalination was due on 2026-04-15",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("results_tick", today="2026-07-10", stdout=mock.MagicMock())
    assert len(mailoutbox) == 2
