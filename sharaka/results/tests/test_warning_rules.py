"""The two rules the daily early-warnings engine reads from the results: reports overdue, indicators
off track. Frozen clock (`today` given), funded projects that are not archived only, one item per
project, and a bounded number of queries whatever the number of projects."""

import datetime
from decimal import Decimal

import pytest

from sharaka.core.testing import make_project
from sharaka.results import schedules, services, warning_rules
from sharaka.results.models import Indicator, Period, Result

pytestmark = pytest.mark.django_db
D = datetime.date


def _funded(code, status="in_implementation", **extra):
    return make_project(code=code, status=status, **extra)


def _schedule(world, project, today=None):
    return schedules.schedule_save(
        actor=world.personas.officer,
        schedule=None,
        project=project,
        data={
            "frequency": "quarterly",
            "starts_on": D(2026, 1, 1),
            "days_to_report": 15,
            "responsible": world.personas.manager,
        },
        today=today or D(2026, 4, 2),
    )


def test_overdue_reports_one_item_per_funded_project(world, django_assert_num_queries):
    late = _funded("AOU-W-001")
    _schedule(world, late, today=D(2026, 7, 2))  # Q1 due 15 April, Q2 due 15 July, Q3, Q4
    made = _funded("AOU-W-002", status="closed")
    done = _schedule(world, made)
    for due in done.due_reports.all():
        schedules.due_report_done(actor=world.personas.officer, due=due)
    _schedule(world, _funded("AOU-W-003", status="idea"))  # not funded
    archived = _funded("AOU-W-004")
    _schedule(world, archived)
    archived.archived_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    archived.save()
    stopped = _schedule(world, _funded("AOU-W-005"))
    schedules.schedule_set_active(actor=world.personas.officer, schedule=stopped, active=False)

    with django_assert_num_queries(1):
        items = warning_rules.overdue_reports(D(2026, 8, 1))

    assert items == [
        {
            "project_id": late.pk,
            "key": "reports_overdue",
            "details": {"count": 2, "oldest_due": "2026-04-15", "days_late": 108},
        }
    ]
    assert warning_rules.overdue_reports(D(2026, 4, 15)) == []  # due today is not late yet


def _indicator(
    project, *, baseline="0", target="100", ascending=True, measure="1", title="Ménages raccordés"
):
    result = Result.objects.create(project=project, type=Result.Type.OUTPUT, title_fr="Réseau")
    indicator = Indicator.objects.create(
        result=result,
        title_fr=title,
        measure=measure,
        ascending=ascending,
        baseline_value=Decimal(baseline) if baseline is not None else None,
        baseline_year=2025 if baseline is not None else None,
    )
    # Two half-years, target at the end of the second: the line reaches 50 at the end of June.
    first = Period.objects.create(indicator=indicator, start=D(2026, 1, 1), end=D(2026, 6, 30), target=None)
    second = Period.objects.create(
        indicator=indicator, start=D(2026, 7, 1), end=D(2026, 12, 31), target=Decimal(target)
    )
    return indicator, first, second


def _approve(world, period, value):
    p = world.personas
    update = services.update_save(actor=p.officer, period=period, update=None, data={"value": Decimal(value)})
    services.update_move(actor=p.officer, update=update, to="submitted")
    services.update_move(actor=p.president, update=update, to="approved")


def test_off_track_indicators_from_approved_values_with_a_frozen_clock(world):
    project = _funded("AOU-W-010")
    behind, first, _second = _indicator(project, title="Ménages raccordés")
    # The line runs from 0 (1 January) to 100 (31 December): 49.45 on 30 June; 30 is 61 % of the way.
    _approve(world, first, "30")
    on_line, first_ok, _ = _indicator(project, title="Bornes installées")
    _approve(world, first_ok, "48")  # 97 %: within the 10 % tolerance
    unapproved, first_draft, _ = _indicator(project, title="Compteurs posés")
    services.update_save(
        actor=world.personas.officer, period=first_draft, update=None, data={"value": Decimal("1")}
    )

    items = warning_rules.off_track_indicators(D(2026, 7, 5))

    assert items == [
        {
            "project_id": project.pk,
            "key": "indicators_off_track",
            "details": {"indicators": [{"id": behind.pk, "title": "Ménages raccordés", "ratio": "0.61"}]},
        }
    ]
    # A looser threshold lets 60 % pass; a period that had not started by `today` is not read.
    assert warning_rules.off_track_indicators(D(2026, 7, 5), threshold=Decimal("0.5")) == []
    assert warning_rules.off_track_indicators(D(2025, 12, 31)) == []


def test_a_descending_indicator_that_went_the_wrong_way_is_off_track_and_unfunded_projects_are_not_read(
    world,
):
    project = _funded("AOU-W-020")
    losses, first, _ = _indicator(
        project, baseline="40", target="20", ascending=False, title="Pertes d'eau (%)", measure="2"
    )
    Period.objects.filter(pk=first.pk).update(
        actual=Decimal("38")
    )  # 20 % of the way to 30.11, where the line stands on 30 June
    idea = _funded("AOU-W-021", status="idea")
    _other, other_first, _ = _indicator(idea)
    Period.objects.filter(pk=other_first.pk).update(actual=Decimal("0"))

    items = warning_rules.off_track_indicators(D(2026, 7, 5))

    assert [(i["project_id"], [x["ratio"] for x in i["details"]["indicators"]]) for i in items] == [
        (project.pk, ["0.20"])
    ]
    assert losses.pk == items[0]["details"]["indicators"][0]["id"]


def test_the_rules_read_many_projects_in_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for n in range(8):
        project = _funded(f"AOU-B-{n:03d}")
        for _ in range(3):
            _indicator_, first, _ = _indicator(project)
            Period.objects.filter(pk=first.pk).update(actual=Decimal("10"))
        _schedule(world, project)

    with django_assert_max_num_queries(2):
        off = warning_rules.off_track_indicators(D(2026, 7, 5))
    with django_assert_max_num_queries(1):
        late = warning_rules.overdue_reports(D(2026, 7, 5))

    assert len(off) == 8 and all(len(i["details"]["indicators"]) == 3 for i in off)
    assert len(late) == 8
