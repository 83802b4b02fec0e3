"""The update's road, every (from, to) for every role, from a literal table.

Who may make each move is written out here (STYLE 16), never read from `results/pipeline.py`: giving a
move to another role in the code fails these tests. A project manager moves updates only on the
projects they manage; nobody moves anything in a locked period or an archived project.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sharaka.core.models import AuditEntry
from sharaka.core.services import ConcurrentEdit
from sharaka.core.testing import ROLES
from sharaka.results import access, services
from sharaka.results.pipeline import Status
from sharaka.results.tests.helpers import make_chain, update_in

pytestmark = pytest.mark.django_db

STATUSES = ["draft", "submitted", "approved", "returned"]
# (from, to): the roles that may make the move; everything else is refused.
WHO_MOVES = {
    ("draft", "submitted"): {"administrator", "cooperation_officer", "project_manager"},
    ("submitted", "approved"): {"administrator", "cooperation_officer", "president"},
    ("submitted", "returned"): {"administrator", "cooperation_officer", "president"},
    ("returned", "submitted"): {"administrator", "cooperation_officer", "project_manager"},
}
EVERY_MOVE = [(frm, to) for frm in STATUSES for to in STATUSES if frm != to]
CASES = [(frm, to, role) for (frm, to) in EVERY_MOVE for role in ROLES]


def test_the_road_has_exactly_these_statuses():
    assert sorted(Status.values) == sorted(STATUSES)


@pytest.fixture
def period(world):
    return make_chain(world.project, world.personas.officer)[2][0]


@pytest.mark.parametrize(("frm", "to", "role"), CASES, ids=[f"{f}>{t}-{r}" for f, t, r in CASES])
def test_only_the_declared_roles_make_each_move(world, period, frm, to, role):
    actor = world.personas.by_role()[role]
    update = update_in(period, world.personas.manager, frm)
    allowed = role in WHO_MOVES.get((frm, to), set())
    assert access.may_move(actor, update, to) is allowed
    if allowed:
        moved = services.update_move(actor=actor, update=update, to=to, reason="Liste jointe")
        assert moved.status == to
        change = moved.status_changes.order_by("-id").first()
        assert (change.old_status, change.new_status, change.changed_by) == (frm, to, actor)
        entry = AuditEntry.objects.filter(object_id=str(update.pk), action__startswith="update.").latest("id")
        assert entry.actor == actor and entry.before == {"status": frm}
    else:
        before = AuditEntry.objects.count()
        with pytest.raises((PermissionDenied, ValidationError)):
            services.update_move(actor=actor, update=update, to=to, reason="Liste jointe")
        update.refresh_from_db()
        assert update.status == frm
        assert AuditEntry.objects.count() == before


def test_a_project_manager_moves_updates_only_on_their_own_projects(world, period):
    update = update_in(period, world.personas.officer, "draft")
    with pytest.raises(PermissionDenied):
        services.update_move(actor=world.personas.other_manager, update=update, to="submitted")
    assert not access.may_report(world.personas.other_manager, world.project)
    with pytest.raises(PermissionDenied):
        services.update_save(
            actor=world.personas.other_manager, period=period, update=None, data={"value": 1}
        )
    assert (
        services.update_move(actor=world.personas.manager, update=update, to="submitted").status
        == "submitted"
    )


def test_a_return_needs_a_comment_which_the_history_keeps(world, period):
    update = update_in(period, world.personas.manager, "submitted")
    with pytest.raises(ValidationError):
        services.update_move(actor=world.personas.president, update=update, to="returned", reason="  ")
    services.update_move(
        actor=world.personas.president, update=update, to="returned", reason="Joindre la feuille de présence"
    )
    change = update.status_changes.get(new_status="returned")
    assert change.reason == "Joindre la feuille de présence"


def test_nothing_moves_nor_is_written_in_a_locked_period(world, period):
    p = world.personas
    draft = update_in(period, p.manager, "draft")
    submitted = update_in(period, p.manager, "submitted")
    services.period_lock(actor=p.officer, period=period)
    draft.refresh_from_db()
    for actor, update, to in [(p.manager, draft, "submitted"), (p.president, submitted, "approved")]:
        assert not access.may_move(actor, update, to)
        with pytest.raises(ValidationError):
            services.update_move(actor=actor, update=update, to=to)
    with pytest.raises(ValidationError):
        services.update_save(actor=p.manager, period=period, update=draft, data={"value": Decimal("5")})
    with pytest.raises(ValidationError):
        services.period_save(
            actor=p.officer, indicator=period.indicator, period=period, data={"target": Decimal("5")}
        )
    assert [u.status for u in (draft, submitted)] == ["draft", "submitted"]
    services.period_unlock(actor=p.president, period=period, reason="Correction demandée par le bailleur")
    entry = AuditEntry.objects.get(action="period.unlock")
    assert entry.reason == "Correction demandée par le bailleur"
    assert services.update_move(actor=p.manager, update=draft, to="submitted").status == "submitted"


def test_only_the_unit_and_the_president_lock_and_unlock(world, period):
    lockers = {"administrator", "cooperation_officer", "president"}
    for role, user in world.personas.by_role().items():
        assert access.may_lock(user) is (role in lockers), role


def test_a_concurrent_move_is_refused(world, period):
    update = update_in(period, world.personas.manager, "submitted")
    opened_on = update.version
    services.update_move(
        actor=world.personas.officer, update=update, to="returned", reason="Chiffre à revoir"
    )
    with pytest.raises(ConcurrentEdit):
        services.update_move(
            actor=world.personas.president, update=update, to="approved", expected_version=opened_on
        )


def test_nothing_moves_in_an_archived_project(world, period):
    update = update_in(period, world.personas.manager, "submitted")
    world.project.archived_at = timezone.now()
    world.project.save(update_fields=["archived_at"])
    assert not access.may_move(world.personas.officer, update, "approved")
    with pytest.raises(ValidationError):
        services.update_move(actor=world.personas.officer, update=update, to="approved")
    with pytest.raises(ValidationError):
        services.update_save(actor=world.personas.officer, period=period, update=None, data={"value": 1})


def test_whoever_submitted_a_value_does_not_approve_it_themselves(world, period):
    """Four eyes: the officer who submits a value needs another approver (the administrator, another
    officer or the president); returning it to themselves stays possible."""
    officer, president = world.personas.officer, world.personas.president
    update = update_in(period, officer, "draft")
    services.update_move(actor=officer, update=update, to="submitted")
    update.refresh_from_db()
    assert update.submitted_by == officer
    assert not access.may_move(officer, update, "approved")
    before = AuditEntry.objects.count()
    with translation.override("en"), pytest.raises(PermissionDenied, match="someone else"):
        services.update_move(actor=officer, update=update, to="approved")
    assert AuditEntry.objects.count() == before
    assert access.may_move(officer, update, "returned")
    assert services.update_move(actor=president, update=update, to="approved").status == "approved"
