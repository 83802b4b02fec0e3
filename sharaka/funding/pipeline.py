"""The road of an application, declared once.

    considered ──go──▶ drafting ──▶ submitted ──▶ shortlisted ──▶ awarded
        │                 │             │              │
        └──no-go          └─────────────┴──────────────┴──▶ withdrawn;  submitted / shortlisted ──▶ rejected

An application starts "considered": the unit has matched the project to a call. The go / no-go is
decided by the president or the unit, with its reasons (required either way). The unit then drafts,
submits, and records what the funder answered (shortlisted, awarded, rejected); the unit or the
president may withdraw an application still in play, saying why. `funding.services.application_move`
is the only way to move, through `PIPELINE` (core/pipeline.py); awarding also adds the funder to the
project and starts an agreement draft (services).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharaka.core.pipeline import Pipeline
from sharaka.core.roles import Role


class Status(models.TextChoices):
    # A context of their own: in French an application is feminine ("soumise", "retenue").
    CONSIDERED = "considered", pgettext_lazy("application status", "Considered (go / no-go to decide)")
    NO_GO = "no_go", pgettext_lazy("application status", "No-go")
    DRAFTING = "drafting", pgettext_lazy("application status", "Drafting")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    SHORTLISTED = "shortlisted", pgettext_lazy("application status", "Shortlisted")
    AWARDED = "awarded", pgettext_lazy("application status", "Awarded")
    REJECTED = "rejected", pgettext_lazy("application status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


S = Status
UNIT = {Role.ADMINISTRATOR, Role.COOPERATION_OFFICER}
DECIDERS = UNIT | {Role.PRESIDENT}

MOVES: dict[tuple[str, str], set[str]] = {
    (S.CONSIDERED, S.DRAFTING): DECIDERS,  # go
    (S.CONSIDERED, S.NO_GO): DECIDERS,
    (S.NO_GO, S.CONSIDERED): DECIDERS,  # reconsidered (the call reopened, the project changed)
    (S.DRAFTING, S.SUBMITTED): UNIT,
    (S.SUBMITTED, S.SHORTLISTED): UNIT,
    (S.SUBMITTED, S.AWARDED): UNIT,
    (S.SHORTLISTED, S.AWARDED): UNIT,
    (S.SUBMITTED, S.REJECTED): UNIT,
    (S.SHORTLISTED, S.REJECTED): UNIT,
    (S.DRAFTING, S.WITHDRAWN): DECIDERS,
    (S.SUBMITTED, S.WITHDRAWN): DECIDERS,
    (S.SHORTLISTED, S.WITHDRAWN): DECIDERS,
}
# The go / no-go and a withdrawal are reasoned decisions; a rejection records the funder's reasons.
REASON_REQUIRED = frozenset({S.DRAFTING, S.NO_GO, S.WITHDRAWN, S.REJECTED})
# Still in play: deadlines count, reminders go out.
OPEN = {S.CONSIDERED, S.DRAFTING, S.SUBMITTED, S.SHORTLISTED}
# The outcome is known: feedback and lessons are asked for.
DECIDED = {S.AWARDED, S.REJECTED}


def roles_for(current: str, target: str) -> set[str]:
    return MOVES.get((current, target), set())


PIPELINE = Pipeline(
    history="funding.ApplicationStatusChange",
    parent="application",
    field="status",
    states=Status,
    moves=MOVES,
    cannot=_("An application cannot go from “%(old)s” to “%(new)s”."),
    reason_required=REASON_REQUIRED,
)
