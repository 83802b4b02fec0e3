import pytest

from sharaka.core.models import AuditEntry
from sharaka.partners.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.personas.admin)
    return client


@pytest.mark.parametrize(
    "model", ["organisation", "contact", "interaction", "followup", "negotiationround", "partneraccess"]
)
def test_every_partners_model_has_a_working_admin_list_and_page(admin_client, world, model):
    assert admin_client.get(f"/admin/partners/{model}/").status_code == 200
    assert admin_client.get(f"/admin/partners/{model}/?q=UNDP").status_code == 200


def test_an_organisation_that_takes_part_in_a_project_cannot_be_deleted(admin_client, world):
    response = admin_client.post(
        f"/admin/partners/organisation/{world.organisation.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Organisation.objects.filter(pk=world.organisation.pk).exists()


def test_the_bulk_delete_action_spares_organisations_in_projects_too(admin_client, world):
    admin_client.post(
        "/admin/partners/organisation/",
        {"action": "delete_selected", "_selected_action": [world.organisation.pk], "post": "yes"},
    )

    assert Organisation.objects.filter(pk=world.organisation.pk).exists()


def test_saving_in_the_admin_goes_through_the_service_and_is_audited(admin_client, world):
    org = world.other_organisation
    page = admin_client.get(f"/admin/partners/organisation/{org.pk}/change/")
    assert page.status_code == 200
    data = {
        "name_ar": org.name_ar,
        "name_fr": org.name_fr,
        "name_en": org.name_en,
        "acronym": org.acronym,
        "model": org.model,
        "legal_type": org.legal_type,
        "iati_identifier": "XM-DAC-99999",
        "iati_type": org.iati_type,
        "country": org.country,
        "stage": "dormant",
        "opened_version": org.version,
    }

    response = admin_client.post(f"/admin/partners/organisation/{org.pk}/change/", data)

    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.stage, org.version) == ("dormant", 2)
    assert AuditEntry.objects.get(action="organisation.update").after["stage"] == "dormant"

    stale = admin_client.post(
        f"/admin/partners/organisation/{org.pk}/change/", {**data, "stage": "active", "opened_version": 1}
    )

    assert stale.status_code == 200  # refused, the form shown again
    org.refresh_from_db()
    assert org.stage == "dormant"
