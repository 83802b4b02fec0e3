import pytest
from django.core.exceptions import ValidationError

from sharaka.core.models import AuditEntry, Theme
from sharaka.core.search import matching_ids
from sharaka.partners.models import Organisation
from sharaka.partners.services import organisation_create

pytestmark = pytest.mark.django_db

GIZ = {
    "name_fr": "Agence allemande de coopération internationale",
    "name_ar": "الوكالة الألمانية للتعاون الدولي",
    "acronym": "GIZ",
    "model": Organisation.Model.BILATERAL_AGENCY,
    "legal_type": Organisation.LegalType.FOREIGN_PUBLIC_AGENCY,
    "country": "DE",
    "iati_identifier": "XM-DAC-5-52",
    "stage": Organisation.Stage.IN_CONTACT,
}


def test_it_creates_the_organisation_with_its_focus_areas_and_an_audit_entry(personas):
    water = Theme.objects.get(kind="area", code="water_energy")

    org = organisation_create(actor=personas.officer, data=GIZ, focus_areas=[water])

    assert list(org.focus_areas.all()) == [water]
    entry = AuditEntry.objects.get(action="organisation.create", object_id=str(org.pk))
    assert entry.actor == personas.officer
    assert entry.after["acronym"] == "GIZ"
    assert entry.after["focus_areas"] == [water.pk]


def test_it_accepts_a_name_in_one_language_only(personas):
    org = organisation_create(
        actor=personas.officer, data={**GIZ, "name_ar": "", "name_fr": ""} | {"name_en": "GIZ"}
    )

    assert str(org) == "GIZ"


def test_it_refuses_an_organisation_without_a_name_in_any_language(personas):
    with pytest.raises(ValidationError) as refused:
        organisation_create(actor=personas.officer, data={**GIZ, "name_ar": "", "name_fr": " "})

    assert "name_ar" in refused.value.message_dict
    assert not Organisation.objects.filter(acronym="GIZ").exists()
    assert not AuditEntry.objects.filter(action="organisation.create").exists()


@pytest.mark.parametrize("identifier", ["XM DAC 41114", "xm-dac-41114", "41114", "XM-DAC-", "GB-CHC-12/34"])
def test_it_refuses_an_iati_identifier_of_the_wrong_shape(personas, identifier):
    with pytest.raises(ValidationError) as refused:
        organisation_create(actor=personas.officer, data={**GIZ, "iati_identifier": identifier})

    assert "iati_identifier" in refused.value.message_dict


@pytest.mark.parametrize(
    "identifier", ["XM-DAC-41114", "GB-CHC-1081247", "XI-IATI-EC_INTPA", "FR-6", "XM-DAC-5-52"]
)
def test_it_accepts_the_usual_iati_identifiers(personas, identifier):
    org = organisation_create(actor=personas.officer, data={**GIZ, "iati_identifier": identifier})

    assert org.iati_identifier == identifier


def test_it_records_a_foreign_state_as_never_an_agreement_party(personas):
    state = organisation_create(
        actor=personas.officer,
        data={**GIZ, "acronym": "", "name_fr": "République d'Exemple", "legal_type": "foreign_state"},
    )
    agency = organisation_create(actor=personas.officer, data=GIZ)

    assert state.may_be_agreement_party is False
    assert agency.may_be_agreement_party is True


def test_it_makes_the_organisation_findable_the_way_arabic_readers_type(personas):
    org = organisation_create(actor=personas.officer, data=GIZ)

    # Without the hamza of الألمانية, and the ta marbuta of الوكالة typed as ha.
    assert list(matching_ids("organisation", "الوكاله الالمانيه").values_list("object_id", flat=True)) == [
        org.pk
    ]
