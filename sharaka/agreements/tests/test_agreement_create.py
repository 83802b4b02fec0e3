"""Creating and editing agreements: the foreign-State refusal, the parties, the version check."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sharaka.agreements import services
from sharaka.agreements.models import Agreement, AgreementParty
from sharaka.agreements.tests.conftest import make_agreement, put_at
from sharaka.core.models import AuditEntry
from sharaka.core.services import ConcurrentEdit


def test_it_refuses_a_foreign_state_and_names_the_articles(personas, foreign_state):
    with pytest.raises(ValidationError) as refused:
        make_agreement(personas.officer, foreign_state)

    message = refused.value.message_dict["partners"][0]
    assert "art. 86" in message and "146" in message and "113-14" in message
    assert (
        not Agreement.objects.exists() and not AuditEntry.objects.filter(action="agreement.create").exists()
    )


def test_it_refuses_a_foreign_state_in_arabic_for_an_arabic_reader(personas, foreign_state):
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        make_agreement(personas.officer, foreign_state)

    message = refused.value.message_dict["partners"][0]
    assert "113-14" in message and "86" in message and "146" in message
    assert "دولة أجنبية" in message


def test_it_refuses_a_foreign_state_added_later_as_a_party(personas, foreign_commune, foreign_state):
    agreement = make_agreement(personas.officer, foreign_commune)

    with pytest.raises(ValidationError):
        services.agreement_party_set(actor=personas.officer, agreement=agreement, organisation=foreign_state)

    assert agreement.parties.count() == 2


def test_it_makes_the_commune_and_the_partners_parties_and_audits(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)

    parties = AgreementParty.objects.filter(agreement=agreement)
    assert {p.organisation for p in parties} == {None, foreign_commune}
    assert agreement.status == "idea" and agreement.status_changes.count() == 1
    assert AuditEntry.objects.filter(action="agreement.create", object_id=str(agreement.pk)).exists()


def test_it_refuses_a_stale_edit(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    services.agreement_update(
        actor=personas.officer, agreement=agreement, data={"reference": "AOU-J-1"}, expected_version=1
    )

    with pytest.raises(ConcurrentEdit):
        services.agreement_update(
            actor=personas.admin, agreement=agreement, data={"reference": "AOU-J-2"}, expected_version=1
        )

    assert Agreement.objects.get(pk=agreement.pk).reference == "AOU-J-1"


def test_it_sends_changes_after_deliberation_to_an_amendment(personas, foreign_commune):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), "deliberated")

    with pytest.raises(ValidationError) as refused:
        services.agreement_update(
            actor=personas.officer,
            agreement=agreement,
            data={"duration_months": 48},
            expected_version=agreement.version,
        )
    assert "duration_months" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.agreement_party_set(actor=personas.officer, agreement=agreement, organisation=None)


def test_it_amends_through_a_new_agreement_on_the_same_road(personas, foreign_commune):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), "in_force")

    amendment = services.agreement_amend(
        actor=personas.officer,
        agreement=agreement,
        changes={"duration_months": 48, "notice_months": 6, "renewal_terms": ""},
        reason="Prolongation d'un an",
    )

    assert amendment.kind == "amendment" and amendment.parent == agreement and amendment.status == "idea"
    assert amendment.changes == {"duration_months": [36, 48]}
    assert "visa_pending" in amendment.road  # an amendment of a twinning takes the visa road too
    assert {p.organisation_id for p in amendment.parties.all()} == {None, foreign_commune.pk}


def test_it_applies_an_amendment_to_the_agreement_when_it_comes_into_force(personas, foreign_commune):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), "in_force")
    amendment = services.agreement_amend(
        actor=personas.officer, agreement=agreement, changes={"duration_months": 48}, reason="Prolongation"
    )
    put_at(amendment, "published", signed_on=datetime.date(2026, 6, 1))

    services.agreement_advance(actor=personas.officer, agreement=amendment, to="in_force")

    assert Agreement.objects.get(pk=agreement.pk).duration_months == 48
    assert AuditEntry.objects.filter(action="agreement.amended", object_id=str(agreement.pk)).exists()


def test_it_generates_obligations_when_the_agreement_comes_into_force(personas, foreign_commune):
    from decimal import Decimal

    agreement = make_agreement(personas.officer, foreign_commune)
    services.agreement_party_set(
        actor=personas.officer, agreement=agreement, organisation=foreign_commune, cash_amount=Decimal("1000")
    )
    agreement = put_at(agreement, "budgeted")

    services.agreement_advance(actor=personas.officer, agreement=agreement, to="in_force")

    kinds = sorted(agreement.obligations.values_list("kind", flat=True))
    assert kinds == ["renewal", "report", "report", "report", "tranche"]
    renewal = agreement.obligations.get(kind="renewal")
    assert renewal.due_on < agreement.ends_on and renewal.owner == personas.officer


def test_a_taken_reference_is_said_with_the_other_errors_and_what_was_typed_is_kept(client, personas):
    """The reference is checked with the form, not only once every other field is right: one round."""
    from django.urls import reverse

    from sharaka.agreements.models import Agreement

    taken = Agreement.objects.create(kind="partnership", reference="AOU-CONV-2026-01", title_ar="قائمة")
    client.force_login(personas.officer)
    response = client.post(
        reverse("agreement_create"),
        {"kind": "partnership", "reference": taken.reference, "title_ar": "اتفاقية جديدة"},
        HTTP_ACCEPT_LANGUAGE="ar",
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert "partners" in form.errors  # no partner chosen
    assert form.errors["reference"] == ["توجد اتفاقية أخرى بنفس رقم المرجع."]
    assert 'value="AOU-CONV-2026-01"' in response.content.decode()
    assert Agreement.objects.filter(reference=taken.reference).count() == 1
