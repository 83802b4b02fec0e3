"""The declared pipeline and `project_advance`: every move, allowed or refused, for every role.

Who may make each move is written out here, literally (STYLE 16): it is never read back from
`projects/pipeline.py`, so giving a move to another role in the code fails these tests.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sharaka.core.models import AuditEntry
from sharaka.core.services import ConcurrentEdit
from sharaka.core.testing import ROLES, make_project
from sharaka.projects import pipeline
from sharaka.projects.pipeline import Status
from sharaka.projects.services import project_advance
from sharaka.sustainability.testing import make_plan

STATUSES = [
    "idea",
    "concept_note",
    "proposal_submitted",
    "approved",
    "in_implementation",
    "completed",
    "closed",
    "rejected",
    "abandoned",
]
# (from, to): the roles that may make the move. A project manager only on the projects they manage.
WHO_MOVES = {
    ("idea", "concept_note"): {"administrator", "cooperation_officer", "project_manager"},
    ("idea", "abandoned"): {"administrator", "cooperation_officer"},
    ("concept_note", "proposal_submitted"): {"administrator", "cooperation_officer"},
    ("concept_note", "idea"): {"administrator", "cooperation_officer", "project_manager"},
    ("concept_note", "abandoned"): {"administrator", "cooperation_officer"},
    ("proposal_submitted", "approved"): {"administrator", "cooperation_officer", "president"},
    ("proposal_submitted", "rejected"): {"administrator", "cooperation_officer"},
    ("proposal_submitted", "abandoned"): {"administrator", "cooperation_officer"},
    ("approved", "in_implementation"): {"administrator", "cooperation_officer", "president"},
    ("approved", "abandoned"): {"administrator", "president"},
    ("in_implementation", "completed"): {"administrator", "cooperation_officer", "project_manager"},
    ("in_implementation", "abandoned"): {"administrator", "president"},
    ("completed", "closed"): {"administrator", "cooperation_officer"},
    ("rejected", "idea"): {"administrator", "cooperation_officer"},
}
REASON_REQUIRED = {"rejected", "abandoned"}

CASES = [(frm, to, role) for (frm, to) in WHO_MOVES for role in ROLES]
UNDECLARED = [(frm, to) for frm in STATUSES for to in STATUSES if (frm, to) not in WHO_MOVES]


def test_the_pipeline_has_exactly_these_statuses():
    assert sorted(Status.values) == sorted(STATUSES)


def _audit(project):
    return AuditEntry.objects.filter(action="project.advance", object_id=str(project.pk))


@pytest.mark.parametrize(("frm", "to", "role"), CASES, ids=[f"{f}>{t}-{r}" for f, t, r in CASES])
def test_it_lets_only_the_declared_roles_make_each_move(personas, frm, to, role):
    actor = personas.by_role()[role]
    project = make_project(manager=personas.manager, status=frm)
    if to in ("completed", "closed"):  # the sustainability guards (sustainability/guards.py) pass
        make_plan(project)

    if role in WHO_MOVES[(frm, to)]:
        moved = project_advance(actor=actor, project=project, to=to, reason="Décision du comité")
        assert moved.status == to
        assert moved.version == project.version + 1
        change = project.status_changes.get()
        assert (change.old_status, change.new_status, change.changed_by, change.reason) == (
            frm,
            to,
            actor,
            "Décision du comité",
        )
        entry = _audit(project).get()
        assert entry.actor == actor
        assert (entry.before, entry.after, entry.reason) == (
            {"status": frm},
            {"status": to},
            "Décision du comité",
        )
    else:
        with pytest.raises(PermissionDenied):
            project_advance(actor=actor, project=project, to=to, reason="Décision du comité")
        project.refresh_from_db()
        assert project.status == frm
        assert not project.status_changes.exists()
        assert not _audit(project).exists()


MANAGER_MOVES = [move for move, roles in WHO_MOVES.items() if "project_manager" in roles]


@pytest.mark.parametrize(("frm", "to"), MANAGER_MOVES)
def test_it_refuses_a_project_manager_the_projects_of_others(personas, frm, to):
    project = make_project(manager=personas.manager, status=frm)

    with pytest.raises(PermissionDenied):
        project_advance(actor=personas.other_manager, project=project, to=to, reason="x")

    project.refresh_from_db()
    assert project.status == frm
    assert not _audit(project).exists()


@pytest.mark.parametrize(("frm", "to"), UNDECLARED)
def test_it_refuses_a_move_the_pipeline_does_not_declare(personas, frm, to):
    project = make_project(status=frm)

    with pytest.raises(ValidationError) as refused:
        project_advance(actor=personas.admin, project=project, to=to, reason="x")

    assert "cannot go from" in refused.value.messages[0] or "لا يمكن" in refused.value.messages[0]
    project.refresh_from_db()
    assert project.status == frm
    assert not project.status_changes.exists()


def test_it_refuses_a_status_that_does_not_exist(personas):
    project = make_project()

    with pytest.raises(ValidationError):
        project_advance(actor=personas.admin, project=project, to="cancelled", reason="x")


REASONED = [move for move in WHO_MOVES if move[1] in REASON_REQUIRED]


@pytest.mark.parametrize(("frm", "to"), REASONED)
@pytest.mark.parametrize("reason", ["", "   "])
def test_it_requires_a_reason_to_reject_or_abandon(personas, frm, to, reason):
    project = make_project(status=frm)
    actor = next(personas.by_role()[r] for r in ROLES if r in WHO_MOVES[(frm, to)])

    with pytest.raises(ValidationError) as refused:
        project_advance(actor=actor, project=project, to=to, reason=reason)

    assert "reason" in refused.value.message_dict
    project.refresh_from_db()
    assert project.status == frm
    assert not _audit(project).exists()


def test_it_refuses_a_move_made_on_a_stale_page(personas):
    project = make_project(status=Status.IDEA)
    opened_on = project.version
    project_advance(actor=personas.officer, project=project, to=Status.CONCEPT_NOTE)

    with pytest.raises(ConcurrentEdit):
        project_advance(
            actor=personas.officer, project=project, to=Status.IDEA, reason="x", expected_version=opened_on
        )

    project.refresh_from_db()
    assert project.status == Status.CONCEPT_NOTE


def test_it_refuses_to_move_an_archived_project(personas):
    project = make_project(archived_at=timezone.now())

    with pytest.raises(ValidationError):
        project_advance(actor=personas.admin, project=project, to=Status.CONCEPT_NOTE)

    project.refresh_from_db()
    assert project.status == Status.IDEA


def test_it_records_the_actual_start_and_end_as_the_project_runs(personas, today):
    project = make_project(status=Status.APPROVED, actual_start=None)
    make_plan(project)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "localdate", lambda *a: today)
        project = project_advance(actor=personas.officer, project=project, to=Status.IN_IMPLEMENTATION)
        project = project_advance(actor=personas.officer, project=project, to=Status.COMPLETED)

    assert (project.actual_start, project.actual_end) == (today, today)


def test_it_draws_the_road_of_a_running_project():
    assert pipeline.steps(Status.APPROVED)[:5] == [
        (Status.IDEA, "done"),
        (Status.CONCEPT_NOTE, "done"),
        (Status.PROPOSAL_SUBMITTED, "done"),
        (Status.APPROVED, "current"),
        (Status.IN_IMPLEMENTATION, "next"),
    ]


def test_it_draws_the_road_of_a_rejected_project_up_to_where_it_stopped():
    assert pipeline.steps(Status.REJECTED, previous=Status.PROPOSAL_SUBMITTED) == [
        (Status.IDEA, "done"),
        (Status.CONCEPT_NOTE, "done"),
        (Status.PROPOSAL_SUBMITTED, "done"),
        (Status.REJECTED, "current"),
    ]
