"""Writing a draft: its parts checked against the value, its changes audited, nothing written when nothing changed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sharaka.core.models import AuditEntry
from sharaka.results import services
from sharaka.results.tests.helpers import make_chain

pytestmark = pytest.mark.django_db

PARTS = [
    {"dimension": "sex", "category": "female", "value": Decimal("30")},
    {"dimension": "sex", "category": "male", "value": Decimal("20")},
]


def test_a_draft_with_its_parts_is_audited_and_an_unchanged_correction_writes_nothing(world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    manager = world.personas.manager
    update = services.update_save(
        actor=manager, period=period, update=None, data={"value": Decimal("50")}, disaggregations=PARTS
    )
    created = AuditEntry.objects.get(action="update.create", object_id=str(update.pk))
    assert created.after["disaggregations"] == ["sex:female=30.00", "sex:male=20.00"]
    before = AuditEntry.objects.count()
    same = services.update_save(
        actor=manager, period=period, update=update, data={"value": Decimal("50")}, disaggregations=PARTS
    )
    assert same.version == 1
    assert AuditEntry.objects.count() == before
    services.update_save(
        actor=manager,
        period=period,
        update=update,
        data={"value": Decimal("50")},
        disaggregations=[PARTS[0], {**PARTS[1], "value": Decimal("15")}],
    )
    update.refresh_from_db()
    assert update.version == 2
    changed = AuditEntry.objects.get(action="update.update", object_id=str(update.pk))
    assert changed.before == {"disaggregations": ["sex:female=30.00", "sex:male=20.00"]}
    assert changed.after == {"disaggregations": ["sex:female=30.00", "sex:male=15.00"]}


def test_parts_of_one_kind_cannot_exceed_the_value_nor_repeat(world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    with pytest.raises(ValidationError):
        services.update_save(
            actor=world.personas.manager,
            period=period,
            update=None,
            data={"value": Decimal("40")},
            disaggregations=PARTS,
        )
    with pytest.raises(ValidationError):
        services.update_save(
            actor=world.personas.manager,
            period=period,
            update=None,
            data={"value": Decimal("400")},
            disaggregations=[PARTS[0], PARTS[0]],
        )
    assert not period.updates.exists()


def test_a_value_beyond_the_bounds_is_refused_with_a_message_about_values(world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    with pytest.raises(ValidationError) as refused:
        services.update_save(
            actor=world.personas.manager, period=period, update=None, data={"value": Decimal("1e15")}
        )
    assert "value" in refused.value.message_dict
    assert "amount" not in " ".join(refused.value.message_dict["value"]).lower()
