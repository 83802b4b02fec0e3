import pytest
from django.core.exceptions import ValidationError

from sharaka.core.models import AuditEntry
from sharaka.core.search import matching_ids
from sharaka.partners.models import Contact
from sharaka.partners.services import contact_add, contact_update

pytestmark = pytest.mark.django_db


def test_it_adds_the_contact_with_an_audit_entry_and_makes_it_findable(world):
    contact = contact_add(
        actor=world.personas.officer,
        organisation=world.organisation,
        data={"name": "Karim El Idrissi", "email": "karim@example.org"},
    )

    assert AuditEntry.objects.get(action="contact.create").after["email"] == "karim@example.org"
    assert contact.pk in matching_ids("contact", "idrissi").values_list("object_id", flat=True)


def test_a_new_main_contact_takes_over_from_the_previous_one(world):
    first = contact_add(
        actor=world.personas.officer, organisation=world.organisation, data={"name": "A", "is_primary": True}
    )
    second = contact_add(
        actor=world.personas.officer, organisation=world.organisation, data={"name": "B", "is_primary": True}
    )

    assert list(world.organisation.contacts.filter(is_primary=True)) == [second]
    first.refresh_from_db()
    assert first.is_primary is False


def test_it_refuses_a_malformed_e_mail_and_saves_nothing(world):
    with pytest.raises(ValidationError):
        contact_add(
            actor=world.personas.officer,
            organisation=world.organisation,
            data={"name": "X", "email": "not-an-email"},
        )

    assert not Contact.objects.filter(name="X").exists()


def test_updating_a_contact_audits_the_change(world):
    contact_update(actor=world.personas.officer, contact=world.contact, data={"position": "Head of office"})

    entry = AuditEntry.objects.get(action="contact.update")
    assert entry.before == {"position": "Programme officer"}
    assert entry.after == {"position": "Head of office"}
