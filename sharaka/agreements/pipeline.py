"""The legal road of an agreement under organic law 113-14, declared once.

Which states an agreement passes through depends on its counterparties and its type (`road`):
a foreign local authority, or a twinning or decentralised-cooperation agreement, needs the Wali's
prior consent (art. 92) and the Governor's visa (art. 118); an actor outside Morocco, or foreign
money, needs the approval of the public authorities (art. 86); cash resources need a budget line.
`ENTER` says who may move an agreement forward into each state; `SIDE_MOVES` the other moves.
`agreements.services.agreement_advance` (and the clock, `services.tick`) is the only way to move,
through `PIPELINE` (core/pipeline.py), which writes the history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharaka.core.pipeline import Pipeline
from sharaka.core.roles import Role


class Status(models.TextChoices):
    # A context of their own: an agreement (une convention, اتفاقية) is feminine, so its states agree
    # with it, and the same English words in other apps' catalogues (a project "Closed") stay apart.
    IDEA = "idea", pgettext_lazy("agreement status", "Idea")
    QUALIFIED = "qualified", pgettext_lazy("agreement status", "Legally qualified")
    DRAFTED = "drafted", pgettext_lazy("agreement status", "Draft negotiated")
    PRIOR_CONSENT = "prior_consent", pgettext_lazy("agreement status", "Wali's prior consent")
    ON_AGENDA = "on_agenda", pgettext_lazy("agreement status", "On a session's agenda")
    IN_COMMITTEE = "in_committee", pgettext_lazy("agreement status", "In committee")
    DELIBERATED = "deliberated", pgettext_lazy("agreement status", "Deliberated")
    TRANSMITTED = "transmitted", pgettext_lazy("agreement status", "Transmitted to the Governor")
    OBJECTION_WINDOW = "objection_window", pgettext_lazy("agreement status", "Objection window")
    VISA_PENDING = "visa_pending", pgettext_lazy("agreement status", "Visa pending")
    VISA_GRANTED = "visa_granted", pgettext_lazy("agreement status", "Visa granted")
    VISA_TACIT = "visa_tacit", pgettext_lazy("agreement status", "Visa granted (tacit)")
    VISA_REFUSED = "visa_refused", pgettext_lazy("agreement status", "Visa refused")
    APPROVED_86 = (
        "approved_86",
        pgettext_lazy("agreement status", "Approved by the public authorities (art. 86)"),
    )
    SIGNED = "signed", pgettext_lazy("agreement status", "Signed")
    PUBLISHED = "published", pgettext_lazy("agreement status", "Published")
    BUDGETED = "budgeted", pgettext_lazy("agreement status", "Budgeted")
    IN_FORCE = "in_force", pgettext_lazy("agreement status", "In force")
    CLOSED = "closed", pgettext_lazy("agreement status", "Closed")
    TERMINATED = "terminated", pgettext_lazy("agreement status", "Terminated")
    LAPSED = "lapsed", pgettext_lazy("agreement status", "Lapsed")
    ABANDONED = "abandoned", pgettext_lazy("agreement status", "Abandoned")


class DocumentKind(models.TextChoices):
    DRAFT = "draft", _("Draft agreement")
    WALI_CONSENT = "wali_consent", _("Wali's consent")
    DECISION = "decision", _("Council decision")
    TRANSMISSION_RECEIPT = "transmission_receipt", _("Transmission receipt")
    OBJECTION = "objection", _("Objection letter")
    VISA = "visa", _("Governor's visa")
    TACIT_VISA = "tacit_visa", _("Tacit visa record")
    APPROVAL = "approval", _("Approval of the public authorities")
    SIGNED_TEXT = "signed_text", _("Signed text")
    POSTING = "posting", _("Posting record")
    OTHER = "other", _("Other")


S = Status
_UNIT = {Role.ADMINISTRATOR, Role.COOPERATION_OFFICER}
_SIGNERS = {Role.ADMINISTRATOR, Role.PRESIDENT}
_PREFECTURE = {Role.PREFECTURE}

# Who may move an agreement forward INTO each state, when that state is the next one on its road.
ENTER: dict[str, set[str]] = {
    S.QUALIFIED: _UNIT,
    S.DRAFTED: _UNIT,
    S.PRIOR_CONSENT: _UNIT,
    S.ON_AGENDA: _UNIT,
    S.IN_COMMITTEE: _UNIT,
    S.DELIBERATED: _UNIT,
    S.TRANSMITTED: _UNIT,
    S.OBJECTION_WINDOW: _PREFECTURE,  # the prefecture acknowledges receipt: the 3 working days start
    S.VISA_PENDING: _PREFECTURE,  # no objection
    S.VISA_GRANTED: _PREFECTURE,
    S.APPROVED_86: _UNIT | _PREFECTURE,
    S.SIGNED: _SIGNERS,
    S.PUBLISHED: _UNIT,
    S.BUDGETED: _UNIT | {Role.FINANCE_OFFICER},
    S.IN_FORCE: _UNIT | _SIGNERS,
}
# Moves off the road: objection, refusal, ends. The tacit visa is made by the clock (`tick`), not by people.
SIDE_MOVES: dict[tuple[str, str], set[str]] = {
    (S.OBJECTION_WINDOW, S.ON_AGENDA): _PREFECTURE,  # objection: the council deliberates again (art. 117)
    (S.VISA_PENDING, S.VISA_REFUSED): _PREFECTURE,
    (S.VISA_PENDING, S.VISA_TACIT): set(),
    (S.VISA_REFUSED, S.ON_AGENDA): _UNIT,
    (S.VISA_REFUSED, S.ABANDONED): _UNIT | _SIGNERS,
    (S.IN_FORCE, S.CLOSED): _SIGNERS | _UNIT,
    (S.IN_FORCE, S.TERMINATED): _SIGNERS,
    (S.IN_FORCE, S.LAPSED): _SIGNERS | _UNIT,
    (S.SIGNED, S.TERMINATED): _SIGNERS,
    (S.PUBLISHED, S.TERMINATED): _SIGNERS,
    (S.BUDGETED, S.TERMINATED): _SIGNERS,
}
# Before the council deliberates, an agreement may be abandoned by the unit.
for _state in (S.IDEA, S.QUALIFIED, S.DRAFTED, S.PRIOR_CONSENT, S.ON_AGENDA, S.IN_COMMITTEE):
    SIDE_MOVES[(_state, S.ABANDONED)] = _UNIT | _SIGNERS

# The document that must be given with the move into a state (stored with its checksum).
REQUIRED_DOCUMENT: dict[str, str] = {
    S.PRIOR_CONSENT: DocumentKind.WALI_CONSENT,
    S.DELIBERATED: DocumentKind.DECISION,
    S.TRANSMITTED: DocumentKind.TRANSMISSION_RECEIPT,
    S.VISA_GRANTED: DocumentKind.VISA,
    S.VISA_TACIT: DocumentKind.TACIT_VISA,
    S.APPROVED_86: DocumentKind.APPROVAL,
    S.SIGNED: DocumentKind.SIGNED_TEXT,
}
REASON_REQUIRED = {S.ABANDONED, S.TERMINATED, S.LAPSED, S.CLOSED, S.VISA_REFUSED}
ENDS = {S.CLOSED, S.TERMINATED, S.LAPSED, S.ABANDONED, S.VISA_REFUSED}
# From deliberation on, an agreement is part of the council's record: never deleted.
DELIBERATED_OR_LATER = {
    S.DELIBERATED,
    S.TRANSMITTED,
    S.OBJECTION_WINDOW,
    S.VISA_PENDING,
    S.VISA_GRANTED,
    S.VISA_TACIT,
    S.VISA_REFUSED,
    S.APPROVED_86,
    S.SIGNED,
    S.PUBLISHED,
    S.BUDGETED,
    S.IN_FORCE,
    S.CLOSED,
    S.TERMINATED,
    S.LAPSED,
}
VISA_DONE = {S.VISA_GRANTED, S.VISA_TACIT}


def road(*, needs_prior_consent: bool, needs_visa: bool, needs_art86: bool, has_cash: bool) -> list[str]:
    """The states this agreement passes through, in order."""
    states = [S.IDEA, S.QUALIFIED, S.DRAFTED]
    if needs_prior_consent:
        states.append(S.PRIOR_CONSENT)
    states += [S.ON_AGENDA, S.IN_COMMITTEE, S.DELIBERATED, S.TRANSMITTED, S.OBJECTION_WINDOW]
    if needs_visa:
        states += [S.VISA_PENDING, S.VISA_GRANTED]
    if needs_art86:
        states.append(S.APPROVED_86)
    states += [S.SIGNED, S.PUBLISHED]
    if has_cash:
        states.append(S.BUDGETED)
    states.append(S.IN_FORCE)
    return states


def next_on_road(states: list[str], current: str) -> str | None:
    """The next state on the road; a tacit visa counts as the visa granted."""
    here = S.VISA_GRANTED if current == S.VISA_TACIT else current
    if here not in states:
        return None
    index = states.index(here)
    return states[index + 1] if index + 1 < len(states) else None


def moves_from(states: list[str], current: str) -> list[str]:
    """Every state reachable in one move from `current` on this road."""
    targets = []
    forward = next_on_road(states, current)
    if forward:
        targets.append(forward)
    targets += [to for (frm, to) in SIDE_MOVES if frm == current and to not in targets]
    return targets


def roles_for(states: list[str], current: str, target: str) -> set[str]:
    if target == next_on_road(states, current):
        return ENTER.get(target, set())
    return SIDE_MOVES.get((current, target), set())


def steps(states: list[str], current: str, previous: str = "") -> list[tuple[str, str]]:
    """The road as a reader sees it: [(state, "done" | "current" | "next")]. An agreement at an end
    shows the road up to where it stopped (`previous`, the state it left), then its end."""
    if current in states or current == S.VISA_TACIT:
        here = states.index(S.VISA_GRANTED if current == S.VISA_TACIT else current)
        out = []
        for i, state in enumerate(states):
            shown = S.VISA_TACIT if (state == S.VISA_GRANTED and current == S.VISA_TACIT) else state
            out.append((shown, "done" if i < here else "current" if i == here else "next"))
        return out
    reached = states.index(previous) + 1 if previous in states else 0
    return [(state, "done") for state in states[:reached]] + [(current, "current")]


def _moves(agreement) -> dict[tuple[str, str], set[str]]:
    """The moves open to this agreement from where it stands, on its own road."""
    states, current = agreement.road, agreement.status
    return {(current, to): roles_for(states, current, to) for to in moves_from(states, current)}


PIPELINE = Pipeline(
    history="agreements.StatusChange",
    parent="agreement",
    field="status",
    states=Status,
    moves=_moves,
    cannot=_("An agreement cannot go from “%(old)s” to “%(new)s” on its road."),
    reason_required=frozenset(REASON_REQUIRED),
)
