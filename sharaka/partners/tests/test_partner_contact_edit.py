import pytest

from sharaka.partners.models import Contact
from sharaka.partners.tests.html_forms import submit

pytestmark = pytest.mark.django_db


def url(org, contact):
    return f"/partners/{org.pk}/contacts/{contact.pk}/edit/"


def test_the_officer_edits_a_contact_through_the_form(client, world):
    client.force_login(world.personas.officer)

    response = submit(client, url(world.organisation, world.contact), {"position": "Représentante résidente"})

    assert response.status_code == 302
    world.contact.refresh_from_db()
    assert world.contact.position == "Représentante résidente"
    assert world.contact.email == "leila@example.org"  # untouched fields kept


def test_an_emptied_name_is_refused_and_the_contact_is_unchanged(client, world):
    client.force_login(world.personas.officer)

    response = submit(client, url(world.organisation, world.contact), {"name": "", "position": "Autre"})

    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in response.content.decode()
    world.contact.refresh_from_db()
    assert (world.contact.name, world.contact.position) == ("Leila Benali", "Programme officer")


def test_a_contact_is_reached_only_through_its_own_organisation(client, world):
    client.force_login(world.personas.officer)

    assert client.get(url(world.other_organisation, world.contact)).status_code == 404


def test_making_a_contact_the_main_one_demotes_the_previous_main_contact(client, world):
    previous = Contact.objects.create(organisation=world.organisation, name="Ancien", is_primary=True)
    client.force_login(world.personas.officer)

    submit(client, url(world.organisation, world.contact), {"is_primary": "on"})

    previous.refresh_from_db()
    world.contact.refresh_from_db()
    assert (previous.is_primary, world.contact.is_primary) == (False, True)
