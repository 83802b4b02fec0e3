"""Who may make each move of an application's road: a literal table, written here and never read from
pipeline.py, proved through the one service that moves (`application_move`).

Change a role in `pipeline.MOVES` and `test_every_role_may_make_exactly_the_moves_of_the_table` fails;
`test_a_role_added_to_a_move_in_the_code_is_caught` proves it by changing one.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sharaka.core.testing import ROLES, make_project
from sharaka.funding import applications, pipeline
from sharaka.funding.models import Application
from sharaka.funding.testing import TODAY, world_funding

ADMIN, OFFICER, PRESIDENT = "administrator", "cooperation_officer", "president"

# (from, to): the roles that may make the move. Every other role is refused.
TABLE = {
    ("considered", "drafting"): {ADMIN, OFFICER, PRESIDENT},  # go
    ("considered", "no_go"): {ADMIN, OFFICER, PRESIDENT},
    ("no_go", "considered"): {ADMIN, OFFICER, PRESIDENT},
    ("drafting", "submitted"): {ADMIN, OFFICER},
    ("submitted", "shortlisted"): {ADMIN, OFFICER},
    ("submitted", "awarded"): {ADMIN, OFFICER},
    ("shortlisted", "awarded"): {ADMIN, OFFICER},
    ("submitted", "rejected"): {ADMIN, OFFICER},
    ("shortlisted", "rejected"): {ADMIN, OFFICER},
    ("drafting", "withdrawn"): {ADMIN, OFFICER, PRESIDENT},
    ("submitted", "withdrawn"): {ADMIN, OFFICER, PRESIDENT},
    ("shortlisted", "withdrawn"): {ADMIN, OFFICER, PRESIDENT},
}
STATES = ["considered", "no_go", "drafting", "submitted", "shortlisted", "awarded", "rejected", "withdrawn"]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _attempt(world, role: str, frm: str, to: str) -> bool:
    """Whether `role` may move an application from `frm` to `to`, asked of the service; a move the
    road does not declare answers False too. Nothing stays written (the caller rolls back)."""
    f = world_funding(world)
    project = make_project(code=f"AOU-R-{frm[:4]}-{to[:4]}-{role[:5]}")
    application = Application.objects.create(
        project=project,
        call=f["co_call"],
        status=frm,
        lead=f["twin"],
        currency="EUR",
        amount_requested=Decimal("100000"),
        owner=world.personas.officer,
        created_by=world.personas.officer,
    )
    actor = world.personas.by_role()[role]
    try:
        applications.application_move(
            actor=actor,
            application=application,
            to=to,
            reason="Raison de la décision",
            data={"amount_awarded": Decimal("90000")},
        )
    except PermissionDenied:
        return False
    except Exception as error:  # an undeclared move is refused as invalid
        if getattr(error, "code", "") == "undeclared_move" or "cannot go from" in str(error):
            return False
        raise
    return True


def _mismatches(world, sources=STATES) -> list[str]:
    found = []
    for frm in sources:
        for to in STATES:
            if frm == to:
                continue
            allowed = TABLE.get((frm, to), set())
            for role in ROLES:
                if _attempt(world, role, frm, to) != (role in allowed):
                    found.append(f"{role}: {frm} → {to}")
    return found


def test_every_role_may_make_exactly_the_moves_of_the_table(world):
    assert _mismatches(world) == []


def test_a_role_added_to_a_move_in_the_code_is_caught(world, monkeypatch):
    key = (pipeline.S.DRAFTING, pipeline.S.SUBMITTED)
    monkeypatch.setitem(pipeline.MOVES, key, pipeline.MOVES[key] | {"finance_officer"})
    assert _mismatches(world, sources=["drafting"]) == ["finance_officer: drafting → submitted"]
