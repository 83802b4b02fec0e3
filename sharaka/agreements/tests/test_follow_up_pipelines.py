"""Obligations and the actions of a twinning's joint plan move only along their declared pipelines
(agreements/obligations.py), each move by whom this table says, with its history and audit entry.

The tables are written out here, never read back from the code (STYLE 16).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from sharaka.agreements import services
from sharaka.agreements.models import Obligation, PlanAction
from sharaka.agreements.tests.conftest import make_agreement
from sharaka.core.models import AuditEntry
from sharaka.core.testing import ROLES

OBLIGATION_STATES = ["open", "done", "cancelled"]
# (from, to, kind of obligation): who may. The money decides a tranche call: the finance officer's
# receipt marks it done, its reversal opens it again.
WHO_MOVES_AN_OBLIGATION = {
    ("open", "done", "report"): {"administrator", "cooperation_officer"},
    ("open", "done", "tranche"): {"administrator", "cooperation_officer", "finance_officer"},
    ("done", "open", "report"): {"administrator", "cooperation_officer"},
    ("done", "open", "tranche"): {"administrator", "cooperation_officer", "finance_officer"},
    ("open", "cancelled", "report"): {"administrator", "cooperation_officer"},
    ("open", "cancelled", "tranche"): {"administrator", "cooperation_officer"},
    ("cancelled", "open", "report"): {"administrator", "cooperation_officer"},
    ("cancelled", "open", "tranche"): {"administrator", "cooperation_officer"},
}
PLAN_STATES = ["planned", "under_way", "done"]
WHO_MOVES_A_PLAN_ACTION = {
    ("planned", "under_way"): {"administrator", "cooperation_officer"},
    ("planned", "done"): {"administrator", "cooperation_officer"},
    ("under_way", "done"): {"administrator", "cooperation_officer"},
    ("under_way", "planned"): {"administrator", "cooperation_officer"},
    ("done", "under_way"): {"administrator", "cooperation_officer"},
}


@pytest.fixture
def twinning(personas, foreign_commune):
    return make_agreement(personas.officer, foreign_commune)


def _obligation(agreement, kind, state):
    return Obligation.objects.create(
        agreement=agreement, kind=kind, title="Rapport", due_on=datetime.date(2027, 1, 1), state=state
    )


def _entries(obj, action):
    return AuditEntry.objects.filter(action=action, object_id=str(obj.pk))


def test_the_follow_up_pipelines_have_exactly_these_states():
    assert sorted(Obligation.State.values) == sorted(OBLIGATION_STATES)
    assert sorted(PlanAction.State.values) == sorted(PLAN_STATES)


OBLIGATION_CASES = [
    (frm, to, kind)
    for frm in OBLIGATION_STATES
    for to in OBLIGATION_STATES
    for kind in ("report", "tranche")
    if frm != to
]


@pytest.mark.parametrize(("frm", "to", "kind"), OBLIGATION_CASES)
def test_it_lets_exactly_the_declared_roles_move_an_obligation(personas, twinning, frm, to, kind):
    users = personas.by_role()
    allowed = WHO_MOVES_AN_OBLIGATION.get((frm, to, kind))
    moved = set()
    for role in ROLES:
        obligation = _obligation(twinning, kind, frm)
        try:
            services.obligation_set_state(actor=users[role], obligation=obligation, state=to, reason="Suivi")
        except PermissionDenied:
            assert allowed is not None, "an undeclared move must be refused as such, for everyone"
        except ValidationError:
            assert allowed is None, f"{frm} → {to} is declared"
        else:
            moved.add(role)
            change = obligation.status_changes.get()
            assert (change.old_status, change.new_status, change.changed_by, change.reason) == (
                frm,
                to,
                users[role],
                "Suivi",
            )
            assert _entries(obligation, "obligation.state").get().after == {"state": to}
            continue
        obligation.refresh_from_db()
        assert obligation.state == frm
        assert not obligation.status_changes.exists()
        assert not _entries(obligation, "obligation.state").exists()
    assert moved == (allowed or set())


PLAN_CASES = [(frm, to) for frm in PLAN_STATES for to in PLAN_STATES if frm != to]


@pytest.mark.parametrize(("frm", "to"), PLAN_CASES)
def test_it_lets_exactly_the_declared_roles_move_a_plan_action(personas, twinning, frm, to):
    users = personas.by_role()
    allowed = WHO_MOVES_A_PLAN_ACTION.get((frm, to))
    moved = set()
    for role in ROLES:
        action = PlanAction.objects.create(
            agreement=twinning, title="Échange scolaire", due_on=datetime.date(2027, 4, 1), state=frm
        )
        try:
            services.plan_action_set_state(actor=users[role], action=action, state=to)
        except PermissionDenied:
            assert allowed is not None, "an undeclared move must be refused as such, for everyone"
        except ValidationError:
            assert allowed is None, f"{frm} → {to} is declared"
        else:
            moved.add(role)
            change = action.status_changes.get()
            assert (change.old_status, change.new_status, change.changed_by) == (frm, to, users[role])
            assert _entries(action, "agreement.plan_action_state").get().before == {"state": frm}
            continue
        action.refresh_from_db()
        assert action.state == frm
        assert not action.status_changes.exists()
        assert not _entries(action, "agreement.plan_action_state").exists()
    assert moved == (allowed or set())


@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", "لا يمكن"), ("fr", "ne peut pas passer"), ("en", "cannot go from")],
)
def test_it_says_in_the_readers_language_why_an_obligation_cannot_move(personas, twinning, language, words):
    obligation = _obligation(twinning, "report", "done")

    with translation.override(language), pytest.raises(ValidationError) as refused:
        services.obligation_set_state(actor=personas.officer, obligation=obligation, state="cancelled")

    assert words in refused.value.messages[0]


def test_it_says_when_an_obligation_is_already_done_instead_of_failing(client, personas, twinning):
    obligation = _obligation(twinning, "report", "done")
    client.force_login(personas.officer)

    response = client.post(reverse("obligation_done", args=[twinning.pk, obligation.pk]), follow=True)

    assert response.status_code == 200
    assert "لا يمكن نقل هذا الالتزام من «منجز» إلى «منجز»" in response.content.decode()
    assert not obligation.status_changes.exists()
