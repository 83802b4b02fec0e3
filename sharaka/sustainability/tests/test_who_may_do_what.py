"""Who may write a plan, a cost, evidence, a risk, a check, the threshold, and record the president's
reason: written out here, role by role (STYLE 16), never read back from access.py or roles.py."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.core.models import AuditEntry
from sharaka.core.testing import ROLES
from sharaka.sustainability import services
from sharaka.sustainability.models import Check, Plan, Risk, SustainabilitySettings
from sharaka.sustainability.testing import make_plan

pytestmark = pytest.mark.django_db

# The unit (administrator, cooperation officer) and the project's own manager.
PROJECT_EDITORS = {"administrator", "cooperation_officer", "project_manager"}
WHO_MAY = {
    "plan_save": PROJECT_EDITORS,
    "cost_save": PROJECT_EDITORS,
    "cost_remove": PROJECT_EDITORS,
    "evidence_upload": PROJECT_EDITORS,
    "risk_save": PROJECT_EDITORS,
    "check_record": PROJECT_EDITORS,
    "settings_update": {"administrator", "cooperation_officer"},
    "plan_waive": {"president"},
}


def _do(action, actor, project):
    plan = Plan.objects.filter(project=project).first() or make_plan(
        project, costs=[("Électricité", "1000", "nobody", False)]
    )
    if action == "plan_save":
        return services.plan_save(
            actor=actor,
            project=project,
            data={"maintainer_name": "Association"},
            expected_version=plan.version,
        )
    if action == "cost_save":
        return services.cost_save(
            actor=actor,
            plan=plan,
            data={"what": "Gardien", "amount_per_year": Decimal("100"), "payer_kind": "nobody"},
        )
    if action == "cost_remove":
        return services.cost_remove(actor=actor, cost=plan.costs.first())
    if action == "evidence_upload":
        upload = SimpleUploadedFile("d.pdf", b"%PDF-1.4 x\n%%EOF\n", content_type="application/pdf")
        return services.evidence_upload(
            actor=actor, plan=plan, title="Décision", kind="council_decision", upload=upload
        )
    if action == "risk_save":
        data = {
            "description": "Sécheresse",
            "category": "environmental",
            "likelihood": 3,
            "impact": 4,
            "review_on": datetime.date(2027, 1, 1),
        }
        return services.risk_save(actor=actor, project=project, data=data)
    if action == "check_record":
        check = Check.objects.create(project=project, months=6, due_on=datetime.date(2026, 7, 31))
        data = {"checked_on": datetime.date(2026, 8, 2), "working": "yes", "used": "yes", "maintained": "no"}
        return services.check_record(actor=actor, check=check, data=data)
    if action == "settings_update":
        return services.settings_update(actor=actor, coverage_threshold=Decimal("70"), expected_version=1)
    if action == "plan_waive":
        return services.plan_waive(actor=actor, plan=plan, reason="Le budget 2027 couvrira")
    raise AssertionError(action)


CASES = [(action, role) for action in WHO_MAY for role in ROLES]


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_only_the_listed_roles_may_do_it(personas, ended, action, role):
    actor = personas.by_role()[role]
    make_plan(ended, costs=[("Électricité", "1000", "nobody", False)])
    before = AuditEntry.objects.count()

    if role in WHO_MAY[action]:
        _do(action, actor, ended)
        assert AuditEntry.objects.count() > before
    else:
        with pytest.raises(PermissionDenied):
            _do(action, actor, ended)
        assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    "action", ["plan_save", "cost_save", "cost_remove", "risk_save", "check_record", "evidence_upload"]
)
def test_a_manager_may_not_touch_the_projects_of_others(personas, ended, action):
    make_plan(ended, costs=[("Électricité", "1000", "nobody", False)])
    with pytest.raises(PermissionDenied):
        _do(action, personas.other_manager, ended)


def test_the_threshold_is_80_percent_until_the_unit_changes_it(personas):
    assert SustainabilitySettings.current().coverage_threshold == Decimal(80)
    services.settings_update(actor=personas.officer, coverage_threshold=Decimal("90"), expected_version=1)
    assert SustainabilitySettings.current().coverage_threshold == Decimal(90)
    entry = AuditEntry.objects.get(action="sustainability.settings")
    assert (entry.before, entry.after) == ({"coverage_threshold": "80.00"}, {"coverage_threshold": "90.00"})


# The risk register's pipeline: (from, to) -> who may move it.
RISK_MOVES = {("open", "closed"): PROJECT_EDITORS, ("closed", "open"): PROJECT_EDITORS}
RISK_CASES = [(frm, to, role) for (frm, to) in RISK_MOVES for role in ROLES]


@pytest.mark.parametrize(("frm", "to", "role"), RISK_CASES, ids=[f"{f}>{t}-{r}" for f, t, r in RISK_CASES])
def test_only_the_project_editors_close_or_reopen_a_risk(personas, ended, frm, to, role):
    risk = Risk.objects.create(
        project=ended,
        description="Sécheresse",
        category="environmental",
        likelihood=2,
        impact=3,
        score=6,
        review_on=datetime.date(2027, 1, 1),
        status=frm,
    )
    actor = personas.by_role()[role]
    if role in RISK_MOVES[(frm, to)]:
        services.risk_move(actor=actor, risk=risk, to=to, reason="Traité par la convention")
        risk.refresh_from_db()
        assert risk.status == to
        change = risk.status_changes.get()
        assert (change.old_status, change.new_status, change.changed_by) == (frm, to, actor)
        assert AuditEntry.objects.filter(action="risk.move", object_id=str(risk.pk)).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.risk_move(actor=actor, risk=risk, to=to, reason="x")
        risk.refresh_from_db()
        assert risk.status == frm


def test_closing_a_risk_needs_a_reason(personas, ended):
    from django.core.exceptions import ValidationError

    risk = services.risk_save(
        actor=personas.officer,
        project=ended,
        data={
            "description": "x",
            "category": "social",
            "likelihood": 5,
            "impact": 5,
            "review_on": datetime.date(2027, 1, 1),
        },
    )
    assert risk.score == 25
    with pytest.raises(ValidationError):
        services.risk_move(actor=personas.officer, risk=risk, to="closed", reason=" ")
