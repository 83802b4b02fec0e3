"""The schedule pages: a project's schedules with their due reports and states, the form, the link
from the agreement's obligations, the dashboard's reports, and the calendar feed."""

import datetime
from unittest import mock

import icalendar
import pytest
from django.urls import reverse

from sharaka.agreements.models import Agreement, CalendarToken, Obligation
from sharaka.results import schedules
from sharaka.results.models import DueReport, ReportingSchedule

pytestmark = pytest.mark.django_db
D = datetime.date


def _login(client, user, language="en"):
    user.language = language
    user.save()
    client.force_login(user)


def _schedule(world, responsible=None):
    return schedules.schedule_save(
        actor=world.personas.officer,
        schedule=None,
        project=world.project,
        data={
            "frequency": "quarterly",
            "starts_on": D(2026, 1, 1),
            "days_to_report": 15,
            "responsible": responsible or world.personas.manager,
        },
        today=D(2026, 7, 2),
    )


def test_the_project_page_shows_each_report_with_its_state(client, world, django_assert_max_num_queries):
    schedule = _schedule(world)  # Q1..Q4 of 2026
    schedules.due_report_done(
        actor=world.personas.manager, due=schedule.due_reports.get(period_start=D(2026, 4, 1))
    )
    _login(client, world.personas.manager)

    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 7, 10)):
        with django_assert_max_num_queries(12):
            response = client.get(reverse("schedule_project", kwargs={"pk": world.project.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("status-rejected") == 1  # Q1 overdue
    assert "86 days late" in html
    assert html.count("status-approved") == 1  # Q2 reported
    assert html.count("status-idea") == 2  # Q3, Q4 upcoming
    assert html.count(">Mark reported<") == 3


def test_the_project_page_reads_several_schedules_in_the_same_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for frequency in ("monthly", "half_yearly", "yearly", "quarterly"):
        schedules.schedule_save(
            actor=world.personas.officer,
            schedule=None,
            project=world.project,
            data={
                "frequency": frequency,
                "starts_on": D(2025, 1, 1),
                "days_to_report": 15,
                "responsible": world.personas.finance,
            },
            today=D(2026, 7, 2),
        )
    for due in DueReport.objects.all()[:10]:
        schedules.due_report_done(actor=world.personas.officer, due=due)
    _login(client, world.personas.officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("schedule_project", kwargs={"pk": world.project.pk}))

    assert response.status_code == 200
    assert (
        response.content.decode().count(">Mark reported<") == DueReport.objects.filter(done_at=None).count()
    )


def test_the_form_adds_a_schedule_and_its_reports(client, world):
    _login(client, world.personas.manager)
    url = reverse("schedule_project_add", kwargs={"pk": world.project.pk})
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "frequency": "monthly",
            "starts_on": "2026-01-31",
            "days_to_report": "10",
            "responsible": world.personas.manager.pk,
        },
    )

    assert response.status_code == 302
    schedule = ReportingSchedule.objects.get()
    assert schedule.project == world.project and schedule.due_reports.exists()


def test_the_form_keeps_what_was_typed_and_says_why_when_refused(client, world):
    _login(client, world.personas.officer)

    response = client.post(
        reverse("schedule_project_add", kwargs={"pk": world.project.pk}),
        {
            "frequency": "monthly",
            "starts_on": "2026-06-01",
            "ends_on": "2026-01-01",
            "days_to_report": "10",
            "responsible": world.personas.manager.pk,
        },
    )

    assert response.status_code == 200
    assert "The last period cannot end before the first starts." in response.content.decode()
    assert not ReportingSchedule.objects.exists()


def test_the_agreement_page_links_each_obligation_to_its_schedules(client, world):
    agreement = Agreement.objects.create(
        kind="twinning", title_fr="Jumelage", status="in_force", owner=world.personas.officer
    )
    obligation = Obligation.objects.create(
        agreement=agreement, kind="report", title="Rapport", due_on=D(2027, 1, 1)
    )
    _login(client, world.personas.officer)

    html = client.get(agreement.get_absolute_url()).content.decode()

    assert reverse("schedule_obligation", kwargs={"pk": obligation.pk}) in html


def test_the_dashboard_lists_my_reports_and_the_units_overdue_count(client, world):
    _schedule(world, responsible=world.personas.officer)
    _login(client, world.personas.officer)

    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 7, 10)):
        html = client.get(reverse("home")).content.decode()

    assert "My reports overdue or due within 30 days" in html
    assert (
        html.count(reverse("schedule_project", kwargs={"pk": world.project.pk})) == 2
    )  # Q1 overdue, Q2 due 15 July
    assert "Who has not reported: 1 report overdue" in html


def test_the_calendar_feed_carries_my_open_due_reports_in_my_language(client, world):
    world.personas.officer.language = "fr"
    world.personas.officer.save()
    _schedule(world, responsible=world.personas.officer)
    DueReport.objects.filter(period_start=D(2026, 1, 1)).update(
        done_at=datetime.datetime(2026, 4, 2, tzinfo=datetime.UTC)
    )
    token = CalendarToken.objects.create(user=world.personas.officer, token="k" * 43)

    response = client.get(reverse("calendar_feed", kwargs={"token": token.token}))

    calendar = icalendar.Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("due-report-")]
    assert sorted(e["DTSTART"].dt for e in events) == [D(2026, 7, 15), D(2026, 10, 15), D(2027, 1, 15)]
    assert str(events[0]["SUMMARY"]) == "Rapport attendu : AOU-T-001 · Dessalement solaire"
    assert str(events[0]["DESCRIPTION"]) == "Période du 2026-04-01 au 2026-06-30"


def test_an_obligations_schedule_is_kept_from_its_page_and_its_responsible_marks_reports(client, world):
    agreement = Agreement.objects.create(kind="twinning", title_fr="Jumelage", status="in_force")
    obligation = Obligation.objects.create(
        agreement=agreement, kind="report", title="Rapport", due_on=D(2027, 1, 1)
    )
    _login(client, world.personas.officer)
    response = client.post(
        reverse("schedule_obligation_add", kwargs={"pk": obligation.pk}),
        {
            "frequency": "yearly",
            "starts_on": "2025-01-01",
            "days_to_report": "30",
            "responsible": world.personas.finance.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("schedule_obligation", kwargs={"pk": obligation.pk})
    schedule = ReportingSchedule.objects.get(obligation=obligation)
    edit = reverse("schedule_edit", kwargs={"pk": schedule.pk})
    form = client.get(edit).context["form"]
    assert (
        client.post(
            edit,
            {
                "frequency": "yearly",
                "starts_on": "2025-01-01",
                "days_to_report": "45",
                "responsible": world.personas.finance.pk,
                "version": form["version"].value(),
            },
        ).status_code
        == 302
    )
    first = schedule.due_reports.order_by("period_start").first()
    assert first.due_on == D(2026, 2, 14)

    # The finance officer keeps no agreement, but is responsible for this report: they mark it made.
    _login(client, world.personas.finance)
    html = client.get(reverse("schedule_obligation", kwargs={"pk": obligation.pk})).content.decode()
    assert reverse("due_report_done", kwargs={"pk": first.pk}) in html
    assert reverse("schedule_edit", kwargs={"pk": schedule.pk}) not in html
    assert client.post(reverse("due_report_done", kwargs={"pk": first.pk})).status_code == 302
    first.refresh_from_db()
    assert first.done_by == world.personas.finance
    assert (
        client.post(reverse("schedule_active", kwargs={"pk": schedule.pk}), {"active": "0"}).status_code
        == 403
    )


def test_a_stale_form_is_refused_without_losing_what_was_typed(client, world):
    schedule = _schedule(world)
    _login(client, world.personas.officer)
    data = {
        "frequency": "quarterly",
        "starts_on": "2026-01-01",
        "days_to_report": "20",
        "responsible": world.personas.manager.pk,
        "version": "1",
    }
    assert client.post(reverse("schedule_edit", kwargs={"pk": schedule.pk}), data).status_code == 302

    response = client.post(
        reverse("schedule_edit", kwargs={"pk": schedule.pk}), {**data, "days_to_report": "30"}
    )

    assert response.status_code == 200 and "Someone else changed this record" in response.content.decode()
    schedule.refresh_from_db()
    assert schedule.days_to_report == 20
