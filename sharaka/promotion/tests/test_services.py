"""Creating, correcting, publishing and archiving an opportunity: what is refused and why."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sharaka.core.models import AuditEntry
from sharaka.core.services import ConcurrentEdit
from sharaka.promotion import services
from sharaka.promotion.models import Opportunity
from sharaka.promotion.tests.helpers import opportunity

pytestmark = pytest.mark.django_db


def _data(personas, **overrides):
    data = {
        "code": "paradise-valley-road",
        "kind": "tourism",
        "title_fr": "La route de la vallée du Paradis",
        "partner_sought": "investor",
        "currency": "EUR",
        "estimated_cost": Decimal("120000.00"),
        "owner": personas.officer,
    }
    data.update(overrides)
    return data


def _refused(personas, **overrides) -> dict:
    with pytest.raises(ValidationError) as refused:
        services.opportunity_create(actor=personas.admin, data=_data(personas, **overrides))
    return refused.value.message_dict


def test_the_officer_creates_a_draft_with_its_first_history_row_and_ledger_entry(personas):
    created = services.opportunity_create(actor=personas.officer, data=_data(personas))
    assert created.status == "draft" and created.published_at is None
    assert created.status_changes.get().new_status == "draft"
    assert AuditEntry.objects.filter(
        action="promotion.opportunity_create", object_id=str(created.pk)
    ).exists()


def test_a_finance_officer_may_not_create_one(personas):
    with pytest.raises(PermissionDenied):
        services.opportunity_create(actor=personas.finance, data=_data(personas))


def test_it_refuses_an_opportunity_without_any_title(personas):
    assert "title_ar" in _refused(personas, title_fr="")


def test_it_refuses_a_code_already_used(personas):
    opportunity(personas.officer, code="paradise-valley-road")
    assert "paradise-valley-road" in _refused(personas)["code"][0]


def test_it_refuses_a_code_the_portals_addresses_use(personas):
    assert "code" in _refused(personas, code="events")


def test_it_refuses_a_code_that_is_not_a_slug(personas):
    assert "code" in _refused(personas, code="route du paradis")


def test_it_refuses_a_negative_cost_an_enormous_one_and_an_unknown_currency(personas):
    assert "estimated_cost" in _refused(personas, estimated_cost=Decimal("-1"))
    assert "estimated_cost" in _refused(personas, estimated_cost=Decimal("10") ** 20)
    assert "currency" in _refused(personas, currency="XYZ")


def test_it_refuses_a_point_outside_the_commune_or_half_a_point(personas):
    assert "latitude" in _refused(personas, latitude=Decimal("48.85000"), longitude=Decimal("-9.60000"))
    assert "longitude" in _refused(personas, latitude=Decimal("30.49000"))


def test_the_owner_must_be_an_active_member_of_the_unit(personas):
    assert "owner" in _refused(personas, owner=personas.finance)
    personas.officer.is_active = False
    personas.officer.save()
    assert "owner" in _refused(personas, owner=personas.officer)


def test_an_update_on_an_old_version_is_refused_and_nothing_changes(personas):
    offer = opportunity(personas.officer, title_fr="Avant")
    services.opportunity_update(
        actor=personas.officer, opportunity=offer, data={"title_fr": "Après"}, expected_version=offer.version
    )
    with pytest.raises(ConcurrentEdit):
        services.opportunity_update(
            actor=personas.officer,
            opportunity=offer,
            data={"title_fr": "Trop tard"},
            expected_version=offer.version,
        )
    offer.refresh_from_db()
    assert offer.title_fr == "Après" and offer.version == 2


def test_publishing_lists_everything_missing(personas):
    offer = opportunity(
        personas.officer, published=False, title_en="", summary_fr="", latitude=None, longitude=None
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.opportunity_publish(actor=personas.officer, opportunity=offer)
    assert refused.value.messages == [
        "No title in English.",
        "No summary in French.",
        "No location: choose a locality or give its coordinates.",
    ]
    offer.refresh_from_db()
    assert offer.published_at is None


def test_a_draft_is_not_published(personas):
    offer = opportunity(personas.officer, published=False, status="draft")
    with pytest.raises(ValidationError):
        services.opportunity_publish(actor=personas.officer, opportunity=offer)


def test_a_complete_open_opportunity_is_published_then_taken_off(personas):
    offer = opportunity(personas.officer, published=False)
    services.opportunity_publish(actor=personas.officer, opportunity=offer)
    assert Opportunity.objects.public().filter(pk=offer.pk).exists()
    services.opportunity_unpublish(actor=personas.officer, opportunity=offer)
    assert not Opportunity.objects.public().filter(pk=offer.pk).exists()
    actions = list(AuditEntry.objects.filter(object_id=str(offer.pk)).values_list("action", flat=True))
    assert "promotion.opportunity_publish" in actions and "promotion.opportunity_unpublish" in actions


def test_a_published_opportunity_keeps_what_publishing_requires(personas):
    offer = opportunity(personas.officer)
    with pytest.raises(ValidationError):
        services.opportunity_update(
            actor=personas.officer, opportunity=offer, data={"summary_en": ""}, expected_version=offer.version
        )


def test_an_archived_opportunity_leaves_the_portal_is_kept_and_frozen(personas):
    offer = opportunity(personas.officer)
    services.opportunity_archive(actor=personas.officer, opportunity=offer, reason="Offre retirée")
    offer.refresh_from_db()
    assert offer.archived_at is not None and Opportunity.objects.filter(pk=offer.pk).exists()
    assert not Opportunity.objects.public().filter(pk=offer.pk).exists()
    with pytest.raises(ValidationError):
        services.opportunity_update(
            actor=personas.officer, opportunity=offer, data={"title_fr": "x"}, expected_version=offer.version
        )
    with pytest.raises(ValidationError):
        services.opportunity_publish(actor=personas.officer, opportunity=offer)
