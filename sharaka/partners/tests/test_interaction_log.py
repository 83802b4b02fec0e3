import datetime

import pytest
from django.core.exceptions import ValidationError

from sharaka.core.models import AuditEntry
from sharaka.partners.models import Contact, FollowUp, Interaction
from sharaka.partners.services import interaction_log

pytestmark = pytest.mark.django_db

MISSION = {"kind": "mission", "date": datetime.date(2026, 12, 1), "subject": "Mission d'identification"}


def test_it_records_the_interaction_its_people_and_follow_ups_with_one_audit_entry(world):
    officer = world.personas.officer
    interaction = interaction_log(
        actor=officer,
        organisation=world.organisation,
        data=MISSION,
        contacts=[world.contact],
        follow_ups=[
            {
                "description": "Rédiger le compte rendu",
                "owner": officer,
                "due_date": datetime.date(2026, 12, 5),
            },
            {
                "description": "Relancer le bailleur",
                "owner": world.personas.manager,
                "due_date": datetime.date(2026, 12, 20),
            },
        ],
    )

    assert interaction.recorded_by == officer
    assert list(interaction.contacts.all()) == [world.contact]
    assert [f.owner for f in interaction.follow_ups.all()] == [officer, world.personas.manager]
    entry = AuditEntry.objects.get(action="interaction.create")
    assert [f["description"] for f in entry.after["follow_ups"]] == [
        "Rédiger le compte rendu",
        "Relancer le bailleur",
    ]
    assert entry.after["follow_ups"][1]["owner"] == world.personas.manager.pk


def test_it_is_all_or_nothing_when_a_follow_up_does_not_hold(world):
    before = Interaction.objects.count(), FollowUp.objects.count()

    with pytest.raises(ValidationError):
        interaction_log(
            actor=world.personas.officer,
            organisation=world.organisation,
            data=MISSION,
            follow_ups=[
                {
                    "description": "Valide",
                    "owner": world.personas.officer,
                    "due_date": datetime.date(2026, 12, 5),
                },
                # A partner viewer cannot own one of the commune's follow-ups.
                {
                    "description": "Refusée",
                    "owner": world.personas.partner_viewer,
                    "due_date": datetime.date(2026, 12, 5),
                },
            ],
        )

    assert (Interaction.objects.count(), FollowUp.objects.count()) == before
    assert not AuditEntry.objects.filter(action="interaction.create").exists()


def test_it_refuses_people_met_who_are_contacts_of_another_organisation(world):
    stranger = Contact.objects.create(organisation=world.other_organisation, name="Someone else")

    with pytest.raises(ValidationError) as refused:
        interaction_log(
            actor=world.personas.officer, organisation=world.organisation, data=MISSION, contacts=[stranger]
        )

    assert "contacts" in refused.value.message_dict
    assert not Interaction.objects.filter(subject=MISSION["subject"]).exists()
