"""The project pipeline, declared once: the states, the allowed moves, and who may make each.

idea → concept note → proposal submitted → approved → in implementation → completed → closed,
with rejected and abandoned as ends. `projects.services.project_advance` is the only way to move,
through `PIPELINE` (core/pipeline.py), which writes the history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sharaka.core.pipeline import Pipeline
from sharaka.core.roles import Role


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("Proposal submitted")
    APPROVED = "approved", _("Approved")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    ABANDONED = "abandoned", _("Abandoned")


S = Status
_UNIT = {Role.ADMINISTRATOR, Role.COOPERATION_OFFICER}
_UNIT_AND_MANAGER = _UNIT | {Role.PROJECT_MANAGER}
_DECIDERS = {Role.ADMINISTRATOR, Role.PRESIDENT}

# (from, to): roles that may make the move. A project manager moves only the projects they manage.
MOVES: dict[tuple[str, str], set[str]] = {
    (S.IDEA, S.CONCEPT_NOTE): _UNIT_AND_MANAGER,
    (S.IDEA, S.ABANDONED): _UNIT,
    (S.CONCEPT_NOTE, S.PROPOSAL_SUBMITTED): _UNIT,
    (S.CONCEPT_NOTE, S.IDEA): _UNIT_AND_MANAGER,
    (S.CONCEPT_NOTE, S.ABANDONED): _UNIT,
    (S.PROPOSAL_SUBMITTED, S.APPROVED): _DECIDERS | {Role.COOPERATION_OFFICER},
    (S.PROPOSAL_SUBMITTED, S.REJECTED): _UNIT,
    (S.PROPOSAL_SUBMITTED, S.ABANDONED): _UNIT,
    (S.APPROVED, S.IN_IMPLEMENTATION): _DECIDERS | _UNIT,
    (S.APPROVED, S.ABANDONED): _DECIDERS,
    (S.IN_IMPLEMENTATION, S.COMPLETED): _UNIT_AND_MANAGER,
    (S.IN_IMPLEMENTATION, S.ABANDONED): _DECIDERS,
    (S.COMPLETED, S.CLOSED): _UNIT,
    (S.REJECTED, S.IDEA): _UNIT,
}

# States from which money has been promised: such a project is never deleted, only archived.
FUNDED = {S.APPROVED, S.IN_IMPLEMENTATION, S.COMPLETED, S.CLOSED}
# A reason must be given for these moves.
REASON_REQUIRED = {S.REJECTED, S.ABANDONED}
ORDER = [S.IDEA, S.CONCEPT_NOTE, S.PROPOSAL_SUBMITTED, S.APPROVED, S.IN_IMPLEMENTATION, S.COMPLETED, S.CLOSED]


def roles_for(current: str, target: str) -> set[str]:
    return MOVES.get((current, target), set())


def _own_project(rule):
    """A project manager makes a move only on the projects they manage."""
    return lambda user, project: (
        user.role in rule and (user.role != Role.PROJECT_MANAGER or project.manager_id == user.pk)
    )


def _explain(actor, project, to) -> str:
    if getattr(actor, "role", None) in roles_for(project.status, to):
        return _("You may move only the projects you manage.")
    return ""


PIPELINE = Pipeline(
    history="projects.StatusChange",
    parent="project",
    field="status",
    states=Status,
    moves={move: _own_project(roles) for move, roles in MOVES.items()},
    cannot=_("A project cannot go from “%(old)s” to “%(new)s”."),
    reason_required=frozenset(REASON_REQUIRED),
    explain=_explain,
)


def steps(current: str, previous: str = "") -> list[tuple[str, str]]:
    """The pipeline as a reader sees it: [(status, "done" | "current" | "next"), ...].

    A rejected or abandoned project shows the road up to where it stopped (`previous`, the status
    it left), then its end.
    """
    if current in ORDER:
        here = ORDER.index(current)
        return [(s, "done" if i < here else "current" if i == here else "next") for i, s in enumerate(ORDER)]
    reached = ORDER.index(previous) + 1 if previous in ORDER else 0
    return [(s, "done") for s in ORDER[:reached]] + [(current, "current")]
