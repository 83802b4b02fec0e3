"""Who keeps a schedule and who marks a report made; what a change does to the reports already due."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sharaka.agreements.models import Agreement, Obligation
from sharaka.core.models import AuditEntry
from sharaka.results import schedules
from sharaka.results.models import DueReport

pytestmark = pytest.mark.django_db
D = datetime.date

# Who may add a schedule to the world's project (managed by personas.manager), and to an obligation.
# Written out here, never read from the code under test.
PROJECT_KEEPERS = {"administrator", "cooperation_officer", "project_manager"}
OBLIGATION_KEEPERS = {"administrator", "cooperation_officer"}


def _data(world, **extra):
    return {
        "frequency": "quarterly",
        "starts_on": D(2026, 1, 1),
        "ends_on": None,
        "days_to_report": 15,
        "responsible": world.personas.manager,
        **extra,
    }


def _obligation():
    agreement = Agreement.objects.create(kind="twinning", title_fr="Jumelage", status="in_force")
    return Obligation.objects.create(
        agreement=agreement, kind="report", title="Rapport", due_on=D(2027, 1, 1)
    )


@pytest.mark.parametrize(
    "role",
    sorted(
        [
            "administrator",
            "cooperation_officer",
            "finance_officer",
            "project_manager",
            "president",
            "council_member",
            "prefecture",
            "auditor",
            "partner_viewer",
        ]
    ),
)
def test_who_may_add_a_schedule_to_a_project_and_to_an_obligation(world, role):
    user = world.personas.by_role()[role]
    obligation = _obligation()
    for target, keepers in (
        ({"project": world.project}, PROJECT_KEEPERS),
        ({"obligation": obligation}, OBLIGATION_KEEPERS),
    ):
        if role in keepers:
            assert schedules.schedule_save(
                actor=user, schedule=None, data=_data(world), today=D(2026, 2, 1), **target
            ).pk
        else:
            with pytest.raises(PermissionDenied):
                schedules.schedule_save(actor=user, schedule=None, data=_data(world), **target)


def test_another_projects_manager_may_not_keep_its_schedules(world):
    with pytest.raises(PermissionDenied):
        schedules.schedule_save(
            actor=world.personas.other_manager, schedule=None, project=world.project, data=_data(world)
        )


def test_a_schedule_is_refused_with_dates_out_of_order_or_too_long_a_delay(world):
    officer = world.personas.officer
    with pytest.raises(ValidationError) as error:
        schedules.schedule_save(
            actor=officer, schedule=None, project=world.project, data=_data(world, ends_on=D(2025, 12, 31))
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        schedules.schedule_save(
            actor=officer, schedule=None, project=world.project, data=_data(world, days_to_report=366)
        )
    assert "days_to_report" in error.value.message_dict
    for outsider in (world.personas.partner_viewer, world.personas.prefecture):
        with pytest.raises(ValidationError) as error:
            schedules.schedule_save(
                actor=officer, schedule=None, project=world.project, data=_data(world, responsible=outsider)
            )
        assert "responsible" in error.value.message_dict
    assert not DueReport.objects.exists()


def test_a_change_moves_open_reports_and_keeps_reported_ones(world):
    officer = world.personas.officer
    schedule = schedules.schedule_save(
        actor=officer, schedule=None, project=world.project, data=_data(world), today=D(2026, 4, 2)
    )
    first = schedule.due_reports.get(period_start=D(2026, 1, 1))
    schedules.due_report_done(actor=world.personas.manager, due=first)

    schedules.schedule_save(
        actor=officer,
        schedule=schedule,
        data=_data(world, frequency="half_yearly", days_to_report=30),
        expected_version=schedule.version,
        today=D(2026, 4, 2),
    )

    rows = list(
        schedule.due_reports.order_by("period_start").values_list(
            "period_start", "period_end", "due_on", "done_at"
        )
    )
    # The reported first quarter stays; the open second quarter (no longer a period) goes; the
    # half-years take its place where they do not clash with a report already made.
    assert rows[0][:3] == (D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 15)) and rows[0][3] is not None
    assert [r[:3] for r in rows[1:]] == [(D(2026, 7, 1), D(2026, 12, 31), D(2027, 1, 30))]
    assert AuditEntry.objects.filter(action="schedule.update").count() == 1


def test_a_change_of_delay_moves_the_due_date_and_forgets_the_reminders(world):
    officer = world.personas.officer
    schedule = schedules.schedule_save(
        actor=officer, schedule=None, project=world.project, data=_data(world), today=D(2026, 2, 1)
    )
    DueReport.objects.filter(schedule=schedule).update(reminded_before_on=D(2026, 4, 8))

    schedules.schedule_save(
        actor=officer,
        schedule=schedule,
        data=_data(world, days_to_report=20),
        expected_version=1,
        today=D(2026, 2, 1),
    )

    first = schedule.due_reports.get(period_start=D(2026, 1, 1))
    assert first.due_on == D(2026, 4, 20) and first.reminded_before_on is None


def test_the_responsible_person_or_a_keeper_marks_a_report_made_into_the_ledger(world):
    p = world.personas
    schedule = schedules.schedule_save(
        actor=p.officer,
        schedule=None,
        project=world.project,
        data=_data(world, responsible=p.finance),
        today=D(2026, 2, 1),
    )
    first, second = schedule.due_reports.order_by("period_start")

    with pytest.raises(PermissionDenied):
        schedules.due_report_done(actor=p.president, due=first)
    schedules.due_report_done(actor=p.finance, due=first)  # the responsible person, though not a keeper
    schedules.due_report_done(actor=p.manager, due=second)  # the project's manager keeps the schedule

    assert DueReport.objects.filter(done_at__isnull=False).count() == 2
    entry = AuditEntry.objects.filter(action="due_report.done").order_by("id").first()
    assert entry.actor == p.finance
    with pytest.raises(PermissionDenied):
        schedules.due_report_reopen(actor=p.finance, due=first, reason="Erreur")
    with pytest.raises(ValidationError):
        schedules.due_report_reopen(actor=p.officer, due=first, reason="  ")
    schedules.due_report_reopen(actor=p.officer, due=first, reason="Rapport incomplet")
    first.refresh_from_db()
    assert first.done_at is None
    assert AuditEntry.objects.get(action="due_report.reopen").reason == "Rapport incomplet"


def test_an_archived_projects_reports_are_owed_no_more(world):
    schedule = schedules.schedule_save(
        actor=world.personas.officer,
        schedule=None,
        project=world.project,
        data=_data(world),
        today=D(2026, 2, 1),
    )
    assert schedules.overdue(D(2026, 5, 1)).count() == 1
    world.project.archived_at = datetime.datetime(2026, 4, 20, tzinfo=datetime.UTC)
    world.project.save()

    assert schedules.overdue(D(2026, 5, 1)).count() == 0
    with pytest.raises(PermissionDenied):
        schedules.due_report_done(actor=world.personas.officer, due=schedule.due_reports.first())
