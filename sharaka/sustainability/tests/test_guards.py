"""The project pipeline's sustainability guards (sustainability/guards.py through projects/hooks.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sharaka.core.models import AuditEntry
from sharaka.core.testing import make_project
from sharaka.projects.services import project_advance
from sharaka.sustainability import services
from sharaka.sustainability.models import Check
from sharaka.sustainability.testing import make_plan

pytestmark = pytest.mark.django_db


def _running(personas):
    return make_project(code="AOU-G-1", manager=personas.manager, status="in_implementation")


def test_a_project_cannot_be_completed_without_a_plan(personas):
    project = _running(personas)

    with pytest.raises(ValidationError) as refused:
        project_advance(actor=personas.officer, project=project, to="completed")

    assert refused.value.code == "no_sustainability_plan"
    assert "خطة الاستدامة" in refused.value.messages[0]  # in the reader's language (Arabic here)
    project.refresh_from_db()
    assert project.status == "in_implementation"
    assert not AuditEntry.objects.filter(action="project.advance").exists()


def test_the_refusal_speaks_french_to_a_french_reader(personas):
    project = _running(personas)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        project_advance(actor=personas.officer, project=project, to="completed")
    assert "plan de durabilité" in refused.value.messages[0]


def test_with_a_plan_it_completes_and_schedules_the_three_checks(personas):
    project = _running(personas)
    make_plan(project)

    project = project_advance(actor=personas.manager, project=project, to="completed")

    end = project.actual_end
    checks = list(Check.objects.filter(project=project).order_by("months").values_list("months", "due_on"))
    assert [m for m, _d in checks] == [6, 12, 24]
    assert checks[0][1].month == (end.month + 6 - 1) % 12 + 1
    assert AuditEntry.objects.filter(action="sustainability_check.schedule").count() == 1
    # Scheduling again (the daily task) creates nothing.
    assert services.checks_schedule(project=project) == []


def test_a_project_cannot_close_below_the_threshold(personas, ended):
    make_plan(
        ended, costs=[("Électricité", "7000", "commune_budget", True), ("Gardien", "3000", "nobody", False)]
    )

    with pytest.raises(ValidationError) as refused:
        project_advance(actor=personas.officer, project=ended, to="closed")

    assert refused.value.code == "coverage_below_threshold"
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            project_advance(actor=personas.officer, project=ended, to="closed")
        assert "only 70% of its yearly recurrent costs" in refused.value.messages[0]
        assert "threshold of 80%" in refused.value.messages[0]
    ended.refresh_from_db()
    assert ended.status == "completed"


def test_it_closes_at_or_above_the_threshold(personas, ended):
    make_plan(
        ended, costs=[("Électricité", "8000", "commune_budget", True), ("Gardien", "2000", "nobody", False)]
    )
    assert project_advance(actor=personas.officer, project=ended, to="closed").status == "closed"


def test_the_unit_sets_the_threshold(personas, ended):
    make_plan(
        ended, costs=[("Électricité", "8000", "commune_budget", True), ("Gardien", "2000", "nobody", False)]
    )
    services.settings_update(actor=personas.admin, coverage_threshold=Decimal("100"), expected_version=1)

    with pytest.raises(ValidationError):
        project_advance(actor=personas.officer, project=ended, to="closed")


def test_it_closes_below_the_threshold_once_the_president_recorded_why(personas, ended):
    plan = make_plan(
        ended, costs=[("Électricité", "5000", "commune_budget", True), ("Gardien", "5000", "nobody", False)]
    )

    services.plan_waive(actor=personas.president, plan=plan, reason="La ligne sera votée en octobre")
    closed = project_advance(actor=personas.officer, project=ended, to="closed")

    assert closed.status == "closed"
    waiver = AuditEntry.objects.get(action="sustainability_plan.waive")
    assert waiver.actor == personas.president
    assert waiver.reason == "La ligne sera votée en octobre"
    assert waiver.after == {"coverage": "50.00", "threshold": "80.00"}
    assert AuditEntry.objects.filter(action="project.advance", after={"status": "closed"}).exists()


def test_the_presidents_reason_no_longer_holds_when_the_coverage_falls_further(personas, ended):
    plan = make_plan(
        ended, costs=[("Électricité", "5000", "commune_budget", True), ("Gardien", "5000", "nobody", False)]
    )
    services.plan_waive(actor=personas.president, plan=plan, reason="Vote en octobre")
    services.cost_save(
        actor=personas.officer,
        plan=plan,
        data={"what": "Pompe", "amount_per_year": Decimal("10000"), "payer_kind": "nobody"},
    )

    with pytest.raises(ValidationError):
        project_advance(actor=personas.officer, project=ended, to="closed")


def test_a_reason_is_required_and_only_below_the_threshold(personas, ended):
    plan = make_plan(
        ended, costs=[("Électricité", "5000", "commune_budget", True), ("Gardien", "5000", "nobody", False)]
    )
    with pytest.raises(ValidationError):
        services.plan_waive(actor=personas.president, plan=plan, reason="  ")
    services.cost_save(
        actor=personas.officer,
        plan=plan,
        data={
            "what": "Électricité",
            "amount_per_year": Decimal("50000"),
            "payer_kind": "commune_budget",
            "payer_detail": "10.20",
            "confirmed": True,
            "evidence": plan.evidence.get(),
        },
    )
    with pytest.raises(ValidationError):
        services.plan_waive(actor=personas.president, plan=plan, reason="Inutile")


def test_a_refused_move_shows_its_reason_on_the_project_page(client, personas):
    project = _running(personas)
    client.force_login(personas.officer)

    response = client.post(
        f"/projects/{project.pk}/advance/", {"to": "completed", "version": project.version}
    )

    assert response.status_code == 200
    assert "خطة الاستدامة" in response.content.decode()
    project.refresh_from_db()
    assert project.status == "in_implementation"
