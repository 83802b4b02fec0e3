import datetime
from decimal import Decimal

import pytest

from sharaka.core.testing import make_project


@pytest.fixture
def rates(personas):
    """EUR and USD rates around the project's life (invented for tests)."""
    from sharaka.finance import services

    made = {}
    for currency, date, rate in [
        ("EUR", datetime.date(2026, 1, 10), "10.8532"),
        ("EUR", datetime.date(2026, 3, 1), "10.9000"),
        ("USD", datetime.date(2026, 3, 1), "9.9876"),
    ]:
        made[(currency, date)] = services.rate_set(
            actor=personas.finance, currency=currency, date=date, rate=rate, source="Bank Al-Maghrib (test)"
        )
    return made


@pytest.fixture
def money(world, rates):
    """The world's project with a co-financing plan (UNDP in EUR, the commune in MAD) and a budget."""
    from sharaka.finance import services
    from sharaka.finance.models import Funder

    actor = world.personas.finance
    project = world.project
    undp = services.funder_set(
        actor=actor,
        project=project,
        data={
            "kind": Funder.Kind.PARTNER,
            "organisation": world.organisation,
            "currency": "EUR",
            "cash": "100000.00",
            "rate_on": datetime.date(2026, 1, 15),
        },
    )
    commune = services.funder_set(
        actor=actor,
        project=project,
        data={
            "kind": Funder.Kind.COMMUNE,
            "name": "Commune d'Aourir",
            "currency": "MAD",
            "cash": "300000.00",
            "in_kind": "50000.00",
        },
    )
    works = services.budget_line_set(
        actor=actor, project=project, category="works", funder=undp, amount_mad="1085320.00"
    )
    staff = services.budget_line_set(
        actor=actor, project=project, category="staff", funder=commune, amount_mad="400000.00"
    )
    return {
        "project": project,
        "undp": undp,
        "commune": commune,
        "works": works,
        "staff": staff,
        "actor": actor,
        "other_project": make_project(code="AOU-T-009"),
    }


def record(money, **data):
    from sharaka.finance import services

    base = {
        "type": "1",
        "provider": "UNDP",
        "receiver": "Commune d'Aourir (TGR)",
        "value_date": datetime.date(2026, 3, 5),
        "currency": "EUR",
        "amount": Decimal("1000.00"),
        "funder": money["undp"],
    }
    base.update(data)
    return services.transaction_record(actor=money["actor"], project=money["project"], data=base)
