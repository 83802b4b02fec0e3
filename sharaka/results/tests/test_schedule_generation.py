"""Due reports follow the schedule's frequency from its start, by whole months anchored on the start
(31 January, 28/29 February, 31 March...), due `days_to_report` after each period ends, generated up
to one period ahead, never twice, and never due past 31 December 2100."""

import datetime

import pytest

from sharaka.core.models import AuditEntry
from sharaka.results import schedules
from sharaka.results.models import DueReport, ReportingSchedule

pytestmark = pytest.mark.django_db
D = datetime.date


def _schedule(world, **extra):
    data = {
        "frequency": "quarterly",
        "starts_on": D(2026, 1, 1),
        "ends_on": None,
        "days_to_report": 15,
        "responsible": world.personas.manager,
        **extra,
    }
    return schedules.schedule_save(
        actor=world.personas.officer, schedule=None, project=world.project, data=data, today=D(2026, 1, 10)
    )


def _rows(schedule):
    return list(
        DueReport.objects.filter(schedule=schedule)
        .order_by("period_start")
        .values_list("period_start", "period_end", "due_on")
    )


def test_months_are_anchored_on_the_start_and_clamped_at_month_ends():
    assert schedules.shift_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert schedules.shift_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert schedules.shift_months(D(2026, 1, 31), 2) == D(2026, 3, 31)
    assert schedules.shift_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert schedules.shift_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert schedules.shift_months(D(2100, 12, 1), 1) is None


def test_a_monthly_schedule_from_the_31st_keeps_its_day(world):
    schedule = ReportingSchedule(frequency="monthly", starts_on=D(2026, 1, 31), days_to_report=10)

    got = list(schedules.periods(schedule, until=D(2026, 4, 30)))

    assert got == [
        (D(2026, 1, 31), D(2026, 2, 27), D(2026, 3, 9)),
        (D(2026, 2, 28), D(2026, 3, 30), D(2026, 4, 9)),
        (D(2026, 3, 31), D(2026, 4, 29), D(2026, 5, 9)),
        (D(2026, 4, 30), D(2026, 5, 30), D(2026, 6, 9)),
    ]


def test_creating_a_schedule_makes_the_current_and_next_periods_due(world):
    schedule = _schedule(world)

    # On 10 January 2026: the first quarter (under way) and the second (one period ahead).
    assert _rows(schedule) == [
        (D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 15)),
        (D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 15)),
    ]
    assert AuditEntry.objects.filter(action="schedule.create").count() == 1


def test_the_tick_extends_the_reports_and_a_second_run_makes_nothing(world):
    schedule = _schedule(world)

    assert schedules.generate(today=D(2026, 7, 2)) == 2  # Q3 started, Q4 one period ahead
    assert schedules.generate(today=D(2026, 7, 2)) == 0
    assert schedules.generate(today=D(2026, 7, 3)) == 0
    assert [row[0] for row in _rows(schedule)] == [
        D(2026, 1, 1),
        D(2026, 4, 1),
        D(2026, 7, 1),
        D(2026, 10, 1),
    ]
    assert AuditEntry.objects.filter(action="schedule.generate").count() == 1


def test_the_last_period_stops_at_the_end_of_the_schedule(world):
    schedule = _schedule(world, frequency="half_yearly", ends_on=D(2026, 9, 30))

    schedules.generate(today=D(2027, 6, 1))

    assert _rows(schedule) == [
        (D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 15)),
        (D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 15)),
    ]


def test_nothing_is_due_past_the_end_of_2100(world):
    schedule = _schedule(world, frequency="yearly", starts_on=D(2099, 1, 1), days_to_report=30)

    schedules.generate(today=D(2100, 6, 1))

    # 2099 is due on 30 January 2100; 2100 would be due in 2101: not made.
    assert _rows(schedule) == [(D(2099, 1, 1), D(2099, 12, 31), D(2100, 1, 30))]
    assert schedules.generate(today=D(2100, 12, 31)) == 0


def test_a_stopped_schedule_makes_nothing_and_owes_nothing(world):
    schedule = _schedule(world)
    schedules.schedule_set_active(actor=world.personas.manager, schedule=schedule, active=False)

    assert schedules.generate(today=D(2027, 1, 1)) == 0
    assert not schedules.overdue(D(2027, 1, 1)).exists()

    schedules.schedule_set_active(
        actor=world.personas.manager, schedule=schedule, active=True, today=D(2026, 7, 2)
    )
    assert schedules.overdue(D(2026, 7, 2)).count() == 1  # Q1, due 15 April
    assert len(_rows(schedule)) == 4


def test_a_day_with_nothing_to_make_reads_all_schedules_in_one_query(world, django_assert_num_queries):
    for frequency in ("monthly", "quarterly", "half_yearly", "yearly"):
        _schedule(world, frequency=frequency)
    schedules.generate(today=D(2026, 3, 1))

    with django_assert_num_queries(1):
        assert schedules.generate(today=D(2026, 3, 1)) == 0
