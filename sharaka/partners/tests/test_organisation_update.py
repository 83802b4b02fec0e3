import pytest
from django.core.exceptions import ValidationError

from sharaka.core.models import AuditEntry
from sharaka.core.services import ConcurrentEdit
from sharaka.partners.models import Organisation
from sharaka.partners.services import organisation_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def undp(personas):
    return Organisation.objects.get(acronym="UNDP")


def test_it_saves_the_change_bumps_the_version_and_audits_only_what_changed(personas, undp):
    organisation_update(
        actor=personas.officer, organisation=undp, data={"stage": "strategic"}, expected_version=1
    )

    undp.refresh_from_db()
    assert undp.stage == "strategic"
    assert undp.version == 2
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.before == {"stage": "active"}
    assert entry.after == {"stage": "strategic"}


def test_it_refuses_a_save_made_on_an_older_version_and_overwrites_nothing(personas, undp):
    organisation_update(
        actor=personas.admin, organisation=undp, data={"stage": "dormant"}, expected_version=1
    )

    with pytest.raises(ConcurrentEdit):
        organisation_update(
            actor=personas.officer, organisation=undp, data={"stage": "strategic"}, expected_version=1
        )

    undp.refresh_from_db()
    assert undp.stage == "dormant"
    assert undp.version == 2
    assert AuditEntry.objects.filter(action="organisation.update").count() == 1


def test_it_refuses_to_empty_the_last_name(personas, undp):
    with pytest.raises(ValidationError) as refused:
        organisation_update(
            actor=personas.officer,
            organisation=undp,
            data={"name_ar": "", "name_fr": "", "name_en": ""},
            expected_version=1,
        )

    assert "name_ar" in refused.value.message_dict
    undp.refresh_from_db()
    assert undp.name_en == "United Nations Development Programme"


def test_it_lets_a_body_be_recorded_as_a_foreign_state(personas, undp):
    organisation_update(
        actor=personas.officer, organisation=undp, data={"legal_type": "foreign_state"}, expected_version=1
    )

    undp.refresh_from_db()
    assert undp.may_be_agreement_party is False


def test_it_never_lets_a_foreign_state_become_an_agreement_party_later(personas, undp):
    undp.legal_type = "foreign_state"
    undp.save()

    with pytest.raises(ValidationError) as refused:
        organisation_update(
            actor=personas.admin,
            organisation=undp,
            data={"legal_type": "intergovernmental"},
            expected_version=1,
        )

    assert "legal_type" in refused.value.message_dict
    undp.refresh_from_db()
    assert undp.legal_type == "foreign_state"
    assert undp.may_be_agreement_party is False
