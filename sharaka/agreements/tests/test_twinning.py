"""Twinning specifics: delegations and exchange visits, the joint action plan with owners and dates."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharaka.agreements import ics, services
from sharaka.agreements.models import Delegation, PlanAction
from sharaka.agreements.tests.conftest import make_agreement
from sharaka.core.models import AuditEntry


def test_it_records_a_visit_with_people_purpose_and_outcomes(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)

    visit = services.delegation_add(
        actor=personas.officer,
        agreement=agreement,
        data={
            "direction": "incoming",
            "starts_on": datetime.date(2026, 4, 6),
            "ends_on": datetime.date(2026, 4, 10),
            "people": "Maire adjoint\nDeux techniciens",
            "purpose": "Gestion des déchets",
            "outcomes": "Plan de tri",
        },
    )

    assert visit.agreement == agreement
    assert AuditEntry.objects.filter(action="agreement.delegation", object_id=str(visit.pk)).exists()


def test_it_refuses_a_visit_for_an_agreement_that_is_not_a_twinning(personas, moroccan_body):
    agreement = make_agreement(personas.officer, moroccan_body, kind="partnership")

    with pytest.raises(ValidationError):
        services.plan_action_add(
            actor=personas.officer,
            agreement=agreement,
            data={"title": "x", "due_on": datetime.date(2026, 5, 1)},
        )
    assert not PlanAction.objects.exists()


def test_it_puts_the_plan_actions_a_user_owns_in_their_calendar(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    services.plan_action_add(
        actor=personas.officer,
        agreement=agreement,
        data={"title": "Échange scolaire", "owner": personas.officer, "due_on": datetime.date(2027, 4, 1)},
    )

    calendar = icalendar.Calendar.from_ical(ics.calendar_for(personas.officer))

    assert "Échange scolaire" in [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]


def test_it_keeps_typed_values_when_a_visit_ends_before_it_starts(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    client.force_login(personas.officer)

    response = client.post(
        reverse("delegation_add", kwargs={"pk": agreement.pk}),
        {
            "direction": "outgoing",
            "starts_on": "2026-04-10",
            "ends_on": "2026-04-06",
            "people": "Le président",
            "purpose": "Signature",
        },
    )

    assert response.status_code == 200 and response.context["form"].errors["ends_on"]
    assert "Le président" in response.content.decode()
    assert not Delegation.objects.exists()


def test_it_marks_a_plan_action_done_from_the_page(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    action = services.plan_action_add(
        actor=personas.officer,
        agreement=agreement,
        data={"title": "Atelier", "due_on": datetime.date(2026, 5, 1)},
    )
    client.force_login(personas.officer)

    client.post(
        reverse("plan_action_state", kwargs={"pk": agreement.pk, "action_pk": action.pk}), {"state": "done"}
    )

    assert PlanAction.objects.get(pk=action.pk).state == "done"
    assert "Atelier" in client.get(agreement.get_absolute_url()).content.decode()
