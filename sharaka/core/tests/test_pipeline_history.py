"""The one history shape (core.models.StatusHistory) kept the rows projects and agreements had."""

import datetime

import pytest

from sharaka.core.testing import migrate_to

BEFORE = [("projects", "0004_money_as_integers"), ("agreements", "0005_money_as_integers")]
AFTER = [("projects", "0005_status_history_shape"), ("agreements", "0006_obligation_and_plan_action_history")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_to_one_history_shape_keeps_every_row():
    old = migrate_to(BEFORE)
    user = old.get_model("core", "User").objects.create(username="historian", role="administrator")
    project = old.get_model("projects", "Project").objects.create(
        code="AOU-H-001", title_fr="Puits", planned_start=datetime.date(2026, 1, 1)
    )
    old.get_model("projects", "StatusChange").objects.create(
        project=project, old_status="idea", new_status="concept_note", changed_by=user, reason="Note prête"
    )
    agreement = old.get_model("agreements", "Agreement").objects.create(kind="twinning", title_fr="Jumelage")
    old.get_model("agreements", "StatusChange").objects.create(
        agreement=agreement,
        old_status="idea",
        new_status="qualified",
        changed_by=user,
        reason="Qualifiée",
        effective_on=datetime.date(2026, 2, 2),
    )

    new = migrate_to(AFTER)

    kept = new.get_model("projects", "StatusChange").objects.get()
    assert (kept.old_status, kept.new_status, kept.changed_by_id, kept.reason, kept.automatic) == (
        "idea",
        "concept_note",
        user.pk,
        "Note prête",
        False,
    )
    kept = new.get_model("agreements", "StatusChange").objects.get()
    assert (kept.old_status, kept.new_status, kept.reason, kept.effective_on) == (
        "idea",
        "qualified",
        "Qualifiée",
        datetime.date(2026, 2, 2),
    )
    migrate_to()
