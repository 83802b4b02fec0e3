"""The road of a period update, declared once: draft → submitted → approved, or returned with a comment.

Whoever reports (the project's manager, the cooperation unit) writes a draft and submits it; the unit
or the president approves it (never the person who submitted it: four eyes), or returns it with a comment saying what to fix; a returned update is
corrected and submitted again. An approved value is final: it feeds the period's actual
(`services.recompute_actual`), and a correction is a new update. Nothing moves in a locked period.
`results.services.update_move` is the only way to move, through `PIPELINE` (core/pipeline.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharaka.core.pipeline import Pipeline
from sharaka.core.roles import Role


class Status(models.TextChoices):
    # A context of their own: in French an update is feminine ("approuvée"), unlike a project.
    DRAFT = "draft", pgettext_lazy("update status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("update status", "Submitted")
    APPROVED = "approved", pgettext_lazy("update status", "Approved")
    RETURNED = "returned", pgettext_lazy("update status", "Returned")


S = Status
_UNIT = {Role.ADMINISTRATOR, Role.COOPERATION_OFFICER}
# Those who report: the unit, and the manager of the project (own projects only, see _own_project).
REPORTERS = _UNIT | {Role.PROJECT_MANAGER}
# Those who approve or return what was reported.
APPROVERS = _UNIT | {Role.PRESIDENT}

MOVES: dict[tuple[str, str], set[str]] = {
    (S.DRAFT, S.SUBMITTED): REPORTERS,
    (S.SUBMITTED, S.APPROVED): APPROVERS,
    (S.SUBMITTED, S.RETURNED): APPROVERS,
    (S.RETURNED, S.SUBMITTED): REPORTERS,
}
REASON_REQUIRED = {S.RETURNED}
# An update that may still be changed by whoever reports.
EDITABLE = {S.DRAFT, S.RETURNED}


def roles_for(current: str, target: str) -> set[str]:
    return MOVES.get((current, target), set())


def _project_of(update):
    return update.period.indicator.result.project


def _own_project(rule, four_eyes: bool = False):
    """A project manager reports only on the projects they manage; nobody moves anything in a locked
    period; with `four_eyes`, whoever submitted the update does not approve it themselves."""

    def allowed(user, update) -> bool:
        if update.period.locked_at is not None:
            return False
        if user.role not in rule:
            return False
        if four_eyes and update.submitted_by_id == user.pk:
            return False
        return user.role != Role.PROJECT_MANAGER or _project_of(update).manager_id == user.pk

    return allowed


def _explain(actor, update, to) -> str:
    if update.period.locked_at is not None:
        return _("This period is locked: unlock it first, with a reason.")
    if to == S.APPROVED and update.submitted_by_id == getattr(actor, "pk", None):
        return _("You submitted this value: someone else in the unit, or the president, approves it.")
    if getattr(actor, "role", None) in roles_for(update.status, to):
        return _("You may report only on the projects you manage.")
    return ""


PIPELINE = Pipeline(
    history="results.UpdateStatusChange",
    parent="update",
    field="status",
    states=Status,
    moves={move: _own_project(roles, four_eyes=move[1] == S.APPROVED) for move, roles in MOVES.items()},
    cannot=_("An update cannot go from “%(old)s” to “%(new)s”."),
    reason_required=frozenset(REASON_REQUIRED),
    explain=_explain,
)
