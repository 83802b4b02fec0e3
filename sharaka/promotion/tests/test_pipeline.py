"""An opportunity's moves: who may make each (a literal table), what is refused, the history kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sharaka.core.models import AuditEntry
from sharaka.promotion import services
from sharaka.promotion.tests.helpers import opportunity

pytestmark = pytest.mark.django_db

# role → may move an opportunity (every declared move is the unit's)
MAY_MOVE = {
    "admin": True,
    "officer": True,
    "finance": False,
    "manager": False,
    "president": False,
    "council": False,
    "prefecture": False,
    "auditor": False,
    "partner_viewer": False,
}

DECLARED = [
    ("draft", "open"),
    ("open", "in_discussion"),
    ("in_discussion", "taken"),
    ("in_discussion", "open"),
    ("open", "closed"),
    ("in_discussion", "closed"),
]
UNDECLARED = [
    ("draft", "taken"),
    ("draft", "closed"),
    ("open", "taken"),
    ("taken", "open"),
    ("closed", "open"),
]


@pytest.mark.parametrize(("persona", "allowed"), MAY_MOVE.items())
def test_only_the_unit_moves_an_opportunity(personas, persona, allowed):
    offer = opportunity(personas.officer, status="draft", published=False)
    actor = getattr(personas, persona)
    if allowed:
        services.opportunity_move(actor=actor, opportunity=offer, to="open")
        offer.refresh_from_db()
        assert offer.status == "open"
    else:
        with pytest.raises(PermissionDenied):
            services.opportunity_move(actor=actor, opportunity=offer, to="open")


@pytest.mark.parametrize(("old", "new"), DECLARED)
def test_each_declared_move_is_made_and_kept_in_the_history(personas, old, new):
    offer = opportunity(personas.officer, status=old)
    services.opportunity_move(actor=personas.officer, opportunity=offer, to=new, reason="Partenaire trouvé")
    offer.refresh_from_db()
    assert offer.status == new
    row = offer.status_changes.get()
    assert (row.old_status, row.new_status, row.changed_by) == (old, new, personas.officer)
    assert AuditEntry.objects.filter(action="promotion.opportunity_move", object_id=str(offer.pk)).exists()


@pytest.mark.parametrize(("old", "new"), UNDECLARED)
def test_an_undeclared_move_is_refused(personas, old, new):
    offer = opportunity(personas.officer, status=old)
    with pytest.raises(ValidationError):
        services.opportunity_move(actor=personas.officer, opportunity=offer, to=new, reason="x")
    offer.refresh_from_db()
    assert offer.status == old and not offer.status_changes.exists()


def test_closing_asks_why(personas):
    offer = opportunity(personas.officer)
    with pytest.raises(ValidationError) as refused:
        services.opportunity_move(actor=personas.officer, opportunity=offer, to="closed")
    assert "reason" in refused.value.message_dict


def test_a_taken_opportunity_leaves_the_portal_but_stays_published(personas, client):
    offer = opportunity(personas.officer, status="in_discussion")
    services.opportunity_move(actor=personas.officer, opportunity=offer, to="taken")
    offer.refresh_from_db()
    assert offer.published_at is not None
    assert client.get(f"/portal/opportunities/{offer.code}/").status_code == 404


def test_an_archived_opportunity_does_not_move(personas):
    offer = opportunity(personas.officer)
    services.opportunity_archive(actor=personas.officer, opportunity=offer)
    with pytest.raises(ValidationError):
        services.opportunity_move(actor=personas.officer, opportunity=offer, to="in_discussion")
