"""Early warnings, each rule with a frozen clock: what opens them, what resolves them, and a second
run the same day changes nothing (sustainability/warnings.py)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from sharaka.core.testing import make_project
from sharaka.sustainability import services, tick, warnings
from sharaka.sustainability.models import Check, EarlyWarning, Risk
from sharaka.sustainability.testing import make_plan

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def clock(monkeypatch):
    """The day the services see (they refresh a project's warnings at once, as of today)."""

    class Clock:
        today = TODAY

    frozen = Clock()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: frozen.today)
    return frozen


def _open(rule=None):
    qs = EarlyWarning.objects.filter(resolved_at__isnull=True)
    return qs.filter(rule=rule) if rule else qs


def _state():
    return list(
        EarlyWarning.objects.order_by("id").values_list("rule", "key", "since", "resolved_at", "details")
    )


def _running(code="AOU-W-1", end=datetime.date(2027, 3, 31), **extra):
    return make_project(
        code=code,
        status="in_implementation",
        planned_start=datetime.date(2025, 1, 1),
        planned_end=end,
        actual_start=datetime.date(2025, 1, 6),
        **extra,
    )


# --- (a) ends within six months without covered costs --------------------------------------------


def test_a_project_ending_within_six_months_without_a_plan_is_warned():
    project = _running()

    assert warnings.refresh(today=TODAY) == {"opened": 1, "updated": 0, "resolved": 0}

    warning = _open("ending_uncovered").get()
    assert (warning.project, warning.since, warning.details) == (
        project,
        TODAY,
        {"end": "2027-03-31", "plan": False},
    )
    assert warning.fix_url == f"/sustainability/projects/{project.pk}/"
    with translation.override("en"):
        assert warning.message == "The project ends on 2027-03-31 and has no sustainability plan yet."
    with translation.override("fr"):
        assert "n'a pas encore de plan de durabilité" in warning.message


def test_a_second_run_the_same_day_changes_nothing():
    _running()
    warnings.refresh(today=TODAY)
    before = _state()

    assert warnings.refresh(today=TODAY) == {"opened": 0, "updated": 0, "resolved": 0}
    assert _state() == before


def test_it_follows_the_coverage_then_resolves_once_all_is_covered(personas, clock):
    project = _running()
    warnings.refresh(today=TODAY)
    plan = make_plan(
        project, costs=[("Électricité", "3000", "commune_budget", True), ("Gardien", "1000", "nobody", False)]
    )

    assert warnings.refresh(today=TODAY + datetime.timedelta(days=1))["updated"] == 1
    warning = _open("ending_uncovered").get()
    assert warning.details == {"end": "2027-03-31", "plan": True, "coverage": "75.00", "uncovered": "1000.00"}
    assert warning.since == TODAY  # the same warning, still holding
    with translation.override("en"):
        assert "only 75% of its recurrent costs" in warning.message
        assert "1,000.00" in warning.message

    gardien = plan.costs.get(what="Gardien")
    clock.today = TODAY + datetime.timedelta(days=2)
    services.cost_save(
        actor=personas.officer,
        plan=plan,
        cost=gardien,
        data={
            "payer_kind": "user_fees",
            "payer_detail": "Association",
            "confirmed": True,
            "evidence": plan.evidence.get(),
        },
    )
    # Resolved at once by the change of the plan (refresh_projects), not the next morning: the
    # dashboard never contradicts the plan beside it. Then the daily run has nothing left to do.
    resolved = EarlyWarning.objects.get()  # resolved, not deleted
    assert resolved.resolved_at == TODAY + datetime.timedelta(days=2)
    assert warnings.refresh(today=TODAY + datetime.timedelta(days=2)) == {
        "opened": 0,
        "updated": 0,
        "resolved": 0,
    }


def test_a_change_to_the_plan_updates_its_warning_at_once(personas, clock):
    project = _running()
    plan = make_plan(
        project,
        costs=[
            ("Gardien", "1000", "user_fees", True),
            ("Électricité", "3000", "commune_budget", False),
            ("Nettoyage", "1000", "nobody", False),
        ],
    )
    warnings.refresh(today=TODAY)
    assert _open("ending_uncovered").get().details["coverage"] == "20.00"

    services.cost_save(
        actor=personas.officer,
        plan=plan,
        cost=plan.costs.get(what="Électricité"),
        data={
            "payer_kind": "commune_budget",
            "payer_detail": "Ligne 32",
            "confirmed": True,
            "evidence": plan.evidence.get(),
        },
    )

    assert _open("ending_uncovered").get().details["coverage"] == "80.00"


@pytest.mark.parametrize(
    ("end", "status", "warned"),
    [
        (datetime.date(2027, 6, 1), "in_implementation", True),  # exactly six months ahead
        (datetime.date(2027, 6, 2), "in_implementation", False),
        (datetime.date(2026, 11, 1), "in_implementation", True),  # its end passed, still running
        (datetime.date(2027, 3, 31), "approved", True),
        (datetime.date(2027, 3, 31), "completed", False),  # ended: the checks take over
        (datetime.date(2027, 3, 31), "idea", False),
    ],
)
def test_only_funded_projects_still_running_and_ending_soon_are_warned(end, status, warned):
    project = _running(end=end)
    project.status = status
    project.save()
    warnings.refresh(today=TODAY)
    assert _open("ending_uncovered").exists() is warned


def test_an_archived_project_is_not_warned():
    from django.utils import timezone

    _running(archived_at=timezone.now())
    warnings.refresh(today=TODAY)
    assert not _open().exists()


# --- (b) post-support checks ---------------------------------------------------------------------


def test_an_overdue_check_is_warned_until_it_is_recorded(personas, ended, clock):
    check = Check.objects.create(project=ended, months=6, due_on=TODAY)
    warnings.refresh(today=TODAY)
    assert not _open("check_overdue").exists()  # due today: not yet overdue

    warnings.refresh(today=TODAY + datetime.timedelta(days=1))
    warning = _open("check_overdue").get()
    assert warning.key == f"check:{check.pk}"
    assert warning.fix_url == f"/sustainability/projects/{ended.pk}/checks/{check.pk}/"

    clock.today = TODAY + datetime.timedelta(days=2)
    services.check_record(
        actor=personas.manager,
        check=check,
        data={
            "checked_on": datetime.date(2026, 11, 30),
            "working": "yes",
            "used": "yes",
            "maintained": "yes",
        },
    )
    assert not _open("check_overdue").exists()  # resolved at once by recording the check
    assert warnings.refresh(today=TODAY + datetime.timedelta(days=2))["resolved"] == 0


def test_the_last_check_finding_the_asset_not_working_is_warned(personas, ended):
    six = Check.objects.create(project=ended, months=6, due_on=datetime.date(2026, 7, 31))
    twelve = Check.objects.create(project=ended, months=12, due_on=datetime.date(2027, 1, 31))
    services.check_record(
        actor=personas.manager,
        check=six,
        data={"checked_on": datetime.date(2026, 8, 3), "working": "no", "used": "partly", "maintained": "no"},
    )
    warnings.refresh(today=TODAY)
    warning = _open("asset_not_working").get()
    assert warning.details == {"check": six.pk, "months": 6, "checked": "2026-08-03"}
    with translation.override("en"):
        assert (
            warning.message == "The check of 2026-08-03 (6 months after the end) found the asset not working."
        )

    twelve.checked_on, twelve.working, twelve.used, twelve.maintained = TODAY, "yes", "yes", "yes"
    twelve.save()
    assert warnings.refresh(today=TODAY)["resolved"] == 1


# --- (c) a risk past its review date ---------------------------------------------------------------


def test_a_risk_past_its_review_is_warned_until_reviewed_or_closed(personas, ended, clock):
    risk = services.risk_save(
        actor=personas.officer,
        project=ended,
        data={
            "description": "Sécheresse",
            "category": "environmental",
            "likelihood": 4,
            "impact": 5,
            "review_on": TODAY,
        },
    )
    warnings.refresh(today=TODAY)
    assert not _open("risk_review_overdue").exists()

    warnings.refresh(today=TODAY + datetime.timedelta(days=1))
    warning = _open("risk_review_overdue").get()
    assert warning.details["score"] == 20
    assert warning.fix_url == f"/sustainability/projects/{ended.pk}/risks/{risk.pk}/"

    clock.today = TODAY + datetime.timedelta(days=1)
    services.risk_save(
        actor=personas.officer,
        project=ended,
        risk=risk,
        data={"review_on": datetime.date(2027, 3, 1)},
        expected_version=risk.version,
    )
    assert not _open("risk_review_overdue").exists()  # resolved at once by the new review date

    # Overdue again, then closed: resolved again, and a new warning row each time it holds anew.
    warnings.refresh(today=datetime.date(2027, 3, 2))
    clock.today = datetime.date(2027, 3, 3)
    services.risk_move(actor=personas.officer, risk=Risk.objects.get(), to="closed", reason="Traité")
    warnings.refresh(today=datetime.date(2027, 3, 3))
    rows = EarlyWarning.objects.filter(rule="risk_review_overdue").order_by("id")
    assert [(w.since, w.resolved_at) for w in rows] == [
        (TODAY + datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)),
        (datetime.date(2027, 3, 2), datetime.date(2027, 3, 3)),
    ]


# --- the registry: another app adds its rules ------------------------------------------------------


def test_another_app_registers_a_rule_and_it_runs_with_the_others(ended):
    rule = warnings.Rule(
        code="indicator_off_track",
        title="Indicators off track",
        find=lambda today: [(ended.pk, "indicator:1", {"gap": "30"})],
        message=lambda d: f"off by {d['gap']}%",
        fix=lambda w: "/results/",
    )
    warnings.register(rule)
    try:
        warnings.refresh(today=TODAY)
        warning = _open("indicator_off_track").get()
        assert (warning.message, warning.fix_url) == ("off by 30%", "/results/")
    finally:
        del warnings.RULES["indicator_off_track"]
    # A rule no longer registered is left alone, not resolved by the others' run.
    warnings.refresh(today=TODAY)
    assert _open("indicator_off_track").exists()


# --- the daily run ---------------------------------------------------------------------------------


def test_the_daily_run_schedules_missing_checks_then_changes_nothing(ended):
    first = tick.run(today=TODAY)
    assert first["checks scheduled"] == 3
    assert sorted(Check.objects.values_list("months", "due_on")) == [
        (6, datetime.date(2026, 7, 31)),
        (12, datetime.date(2027, 1, 31)),
        (24, datetime.date(2028, 1, 31)),
    ]
    assert first["opened"] == 1  # the 6-month check is overdue on 2026-12-01
    before = _state()

    assert tick.run(today=TODAY) == {"checks scheduled": 0, "opened": 0, "updated": 0, "resolved": 0}
    assert _state() == before


def test_the_command_runs_the_task_for_a_given_day(ended, capsys):
    call_command("sustainability_tick", "--today", "2026-12-01")
    assert "SUCCESSFUL" in capsys.readouterr().out
    assert _open("check_overdue").count() == 1


# --- the daily run's cost ------------------------------------------------------------------------


def _world_of(n: int):
    """n ended projects with a plan, checks (one overdue, one finding the asset not working) and an
    overdue risk, n running projects ending soon: every rule holds for each of them."""
    for i in range(n):
        ended = make_project(
            code=f"AOU-Q-E{n}-{i}",
            status="completed",
            planned_start=datetime.date(2024, 1, 1),
            planned_end=datetime.date(2025, 3, 31),
            actual_start=datetime.date(2024, 1, 6),
            actual_end=datetime.date(2025, 3, 31),
        )
        make_plan(ended, costs=[("Entretien", "1000", "nobody", False)])
        Check.objects.create(project=ended, months=6, due_on=datetime.date(2025, 9, 30))
        Check.objects.create(
            project=ended,
            months=12,
            due_on=datetime.date(2026, 3, 31),
            checked_on=datetime.date(2026, 4, 2),
            working="no",
        )
        Check.objects.create(project=ended, months=24, due_on=datetime.date(2027, 3, 31))
        Risk.objects.create(
            project=ended,
            description="Coupure",
            category="technical",
            likelihood=2,
            impact=3,
            score=6,
            review_on=datetime.date(2026, 10, 1),
        )
        _running(code=f"AOU-Q-R{n}-{i}")


@pytest.mark.parametrize("n", [2, 6])
def test_the_daily_run_takes_the_same_queries_for_2_or_6_projects_of_each_kind(n):
    """What the bench measures at scale: the steady daily run (every check scheduled, the warnings up
    to date) reads each rule in a fixed number of queries, never one per project."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    _world_of(n)
    with transaction.atomic():
        first = tick.run(today=TODAY)
    # the running one ending uncovered, the overdue check, the asset not working, the risk's review
    assert first["opened"] == 4 * n
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        again = tick.run(today=TODAY)
    assert again == {"checks scheduled": 0, "opened": 0, "updated": 0, "resolved": 0}
    # PostgreSQL takes the advisory lock that serialises two runs (core/locks.py): one query more.
    expected = QUERIES_OF_A_STEADY_RUN + (connection.vendor == "postgresql")
    assert len(captured.captured_queries) == expected, [q["sql"][:90] for q in captured.captured_queries]


# The ended projects' check counts, then each rule's reads (plans, costs, checks, risks, the results
# rules), the open warnings, inside one savepoint: the same for 2 or 6 projects of each kind. One
# exception at scale: the results rule `off_track_indicators` reads periods per chunk of 1,000
# indicators (a memory bound), one query more per 1,000 funded indicators (bench/README.md).
QUERIES_OF_A_STEADY_RUN = 14
