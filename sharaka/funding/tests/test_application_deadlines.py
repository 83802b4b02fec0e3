"""The deadlines of applications in play: the reminders (once per stage and threshold), the dashboard,
the iCalendar feed; and the search of the funder's feedback and the lessons learnt."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sharaka.agreements import ics
from sharaka.core.testing import make_project
from sharaka.funding import applications, reminders
from sharaka.funding.models import Application, ApplicationReminder, CallStage
from sharaka.funding.testing import TODAY, world_funding


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def f(world):
    found = world_funding(world)
    world.personas.officer.email = "officer@aourir.ma"
    world.personas.officer.language = "fr"
    world.personas.officer.save()
    return found


def _deadline_in(f, days: int) -> CallStage:
    stage = CallStage.objects.get(call=f["lead_call"])
    stage.deadline = TODAY + datetime.timedelta(days=days)
    stage.save()
    return stage


def test_the_owner_is_reminded_once_per_stage_and_threshold(world, f, django_capture_on_commit_callbacks):
    _deadline_in(f, 14)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=TODAY) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@aourir.ma"]
    assert "Note conceptuelle" in message.subject and "AOU-T-001" in message.body
    assert reverse("funding_application", kwargs={"pk": f["application"].pk}) in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=TODAY) == 0
        assert reminders.send_reminders(today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    # Three days before: the nearer threshold, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=TODAY + datetime.timedelta(days=11)) == 1
        assert reminders.send_reminders(today=TODAY + datetime.timedelta(days=12)) == 0
    assert len(mail.outbox) == 2
    assert sorted(ApplicationReminder.objects.values_list("days_before", flat=True)) == [3, 14]


def test_no_reminder_far_from_the_deadline_nor_for_a_closed_application(world, f):
    _deadline_in(f, 15)
    assert reminders.send_reminders(today=TODAY) == 0
    _deadline_in(f, 2)
    Application.objects.filter(pk=f["application"].pk).update(status="withdrawn")
    assert reminders.send_reminders(today=TODAY) == 0
    assert not mail.outbox


def test_the_tick_command_sends_the_reminders(world, f, django_capture_on_commit_callbacks):
    _deadline_in(f, 3)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("funding_tick", "--today", TODAY.isoformat(), stdout=open("/dev/null", "w"))
        call_command("funding_tick", "--today", TODAY.isoformat(), stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1


def test_the_dashboard_shows_the_next_deadline_of_an_application(client, world, f):
    _deadline_in(f, 12)
    world.personas.president.language = "en"
    world.personas.president.save()
    client.force_login(world.personas.president)
    body = client.get(reverse("home")).content.decode()
    assert "Funding applications: deadlines within 30 days" in body
    assert reverse("funding_application", kwargs={"pk": f["application"].pk}) in body
    assert "12 days left" in body


def test_a_considered_application_counts_on_the_dashboard_and_a_far_one_does_not(client, world, f):
    _deadline_in(f, 45)
    other = applications.application_open(
        actor=world.personas.officer, project=make_project(code="AOU-T-030"), call=f["co_call"]
    )
    CallStage.objects.filter(call=f["co_call"]).update(deadline=TODAY + datetime.timedelta(days=5))
    rows, count = reminders.dashboard_rows(TODAY)
    assert [(a.pk, a.days_left) for a in rows] == [(other.pk, 5)] and count == 1


def test_the_partner_viewer_sees_no_application_on_their_home(client, world, f):
    _deadline_in(f, 12)
    client.force_login(world.personas.partner_viewer)
    body = client.get(reverse("home")).content.decode()
    assert reverse("funding_application", kwargs={"pk": f["application"].pk}) not in body


def test_the_calendar_feed_holds_the_deadline_of_the_applications_the_user_follows(world, f):
    stage = _deadline_in(f, 20)
    feed = ics.calendar_for(world.personas.officer)
    uid = f"UID:application-{f['application'].pk}-stage-{stage.pk}@sharaka.aourir"
    assert uid in feed
    assert f"DTSTART;VALUE=DATE:{stage.deadline:%Y%m%d}" in feed
    assert uid not in ics.calendar_for(world.personas.admin)  # not theirs to follow


def test_the_search_finds_a_lesson_in_arabic_with_or_without_diacritics(client, world, f):
    applications.application_save(
        actor=world.personas.officer,
        application=f["application"],
        data={"lessons": "إرفاق مُداولة المجلس الجماعي منذ المذكرة المفاهيمية"},
        expected_version=f["application"].version,
    )
    client.force_login(world.personas.auditor)
    link = reverse("funding_application", kwargs={"pk": f["application"].pk})
    for query in ("مُداولة", "مداولة", "مداولة المجلس"):
        body = client.get(reverse("search"), {"q": query}).content.decode()
        assert link in body, query
    assert link not in client.get(reverse("search"), {"q": "ميزانية"}).content.decode()


def test_the_search_finds_the_funders_feedback_in_french_without_accents(client, world, f):
    applications.application_save(
        actor=world.personas.officer,
        application=f["application"],
        data={"feedback": "Le comité a apprécié l'étude de faisabilité"},
        expected_version=f["application"].version,
    )
    client.force_login(world.personas.officer)
    body = client.get(reverse("search"), {"q": "etude faisabilite"}).content.decode()
    assert reverse("funding_application", kwargs={"pk": f["application"].pk}) in body
