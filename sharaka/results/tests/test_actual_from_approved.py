"""A period's actual comes from approved updates only: what a partner reads is what the unit approved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sharaka.core.models import AuditEntry
from sharaka.results import services
from sharaka.results.models import Result

pytestmark = pytest.mark.django_db


def _period(world):
    officer = world.personas.officer
    result = services.result_save(
        actor=officer,
        project=world.project,
        result=None,
        data={"type": Result.Type.OUTPUT, "title_fr": "Bornes"},
    )
    indicator = services.indicator_save(
        actor=officer,
        result=result,
        indicator=None,
        data={
            "title_fr": "Ménages raccordés",
            "measure": "1",
            "baseline_value": Decimal("0"),
            "baseline_year": 2025,
        },
    )
    return services.period_save(
        actor=officer,
        indicator=indicator,
        period=None,
        data={
            "start": datetime.date(2026, 1, 1),
            "end": datetime.date(2026, 6, 30),
            "target": Decimal("120"),
        },
    )


def test_only_an_approved_value_becomes_the_actual(world):
    p = world.personas
    period = _period(world)
    update = services.update_save(
        actor=p.manager, period=period, update=None, data={"value": Decimal("45.5")}
    )
    services.update_move(actor=p.manager, update=update, to="submitted")
    period.refresh_from_db()
    assert period.actual is None
    services.update_move(actor=p.president, update=update, to="approved")
    period.refresh_from_db()
    assert period.actual == Decimal("45.50")
    later = services.update_save(actor=p.officer, period=period, update=None, data={"value": Decimal("80")})
    services.update_move(actor=p.officer, update=later, to="submitted")
    services.update_move(actor=p.officer, update=later, to="returned", reason="Joindre la liste des ménages")
    period.refresh_from_db()
    assert period.actual == Decimal("45.50")
    assert AuditEntry.objects.filter(action="update.return", reason="Joindre la liste des ménages").exists()


def test_a_locked_period_refuses_updates_until_unlocked_with_a_reason(world):
    p = world.personas
    period = _period(world)
    services.period_lock(actor=p.officer, period=period)
    with pytest.raises(ValidationError):
        services.update_save(actor=p.manager, period=period, update=None, data={"value": Decimal("1")})
    with pytest.raises(ValidationError):
        services.period_unlock(actor=p.officer, period=period, reason=" ")
    with pytest.raises(PermissionDenied):
        services.period_unlock(actor=p.manager, period=period, reason="erreur")
    services.period_unlock(actor=p.president, period=period, reason="Chiffre corrigé par la DGCT")
    assert services.update_save(actor=p.manager, period=period, update=None, data={"value": Decimal("1")}).pk
    assert AuditEntry.objects.get(action="period.unlock").reason == "Chiffre corrigé par la DGCT"
