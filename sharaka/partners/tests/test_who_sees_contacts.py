"""Who sees a partner's people (name, e-mail, phone): the same answer on every page that can show one.

The expectations are written here, not read from `core/roles.py`: change who sees contacts there
and these tests fail.
"""

import pytest

from sharaka.partners import services

pytestmark = pytest.mark.django_db

SEES_CONTACTS = {
    "administrator": True,
    "cooperation_officer": True,
    "finance_officer": False,
    "project_manager": True,
    "president": True,
    "council_member": False,
    "prefecture": False,
    "auditor": True,
    "partner_viewer": False,
}

NAME, EMAIL, PHONE = "Hassan Idrissi", "h.idrissi@example.org", "+212 661 23 45 67"


@pytest.fixture
def met(world):
    """A contact added through the service (so the ledger names them) and met at the world's meeting."""
    contact = services.contact_add(
        actor=world.personas.officer,
        organisation=world.organisation,
        data={"name": NAME, "email": EMAIL, "phone": PHONE, "position": "Chargé de programme"},
    )
    world.interaction.contacts.add(contact, world.contact)
    return contact


def _shows_contact(html: str) -> dict:
    return {"name": NAME in html, "email": EMAIL in html, "phone": PHONE in html}


@pytest.mark.parametrize("role", SEES_CONTACTS)
def test_the_partner_page_shows_contacts_and_people_met_only_to_who_may_see_contacts(
    client, world, met, role
):
    client.force_login(world.personas.by_role()[role])

    response = client.get(f"/partners/{world.organisation.pk}/")

    html = response.content.decode()
    sees = SEES_CONTACTS[role]
    assert _shows_contact(html) == {"name": sees, "email": sees, "phone": sees}
    assert ("Leila Benali" in html) == sees  # the world's contact, met at the same meeting


@pytest.mark.parametrize("role", ["council_member", "finance_officer"])
def test_council_and_finance_read_the_timeline_without_the_people_met(client, world, met, role):
    client.force_login(world.personas.by_role()[role])

    html = client.get(f"/partners/{world.organisation.pk}/").content.decode()

    assert "Réunion de cadrage" in html  # the meeting itself is theirs to read
    assert "Envoyer la note conceptuelle" in html  # and its follow-up
    assert NAME not in html and "Leila Benali" not in html


@pytest.mark.parametrize("role", SEES_CONTACTS)
def test_the_dashboard_names_a_new_contact_only_to_who_may_see_contacts(client, world, met, role):
    client.force_login(world.personas.by_role()[role])

    html = client.get("/").content.decode()

    assert (NAME in html) == SEES_CONTACTS[role]


def test_the_dashboard_names_the_organisation_of_a_hidden_contact(client, world, met):
    client.force_login(world.personas.council)

    html = client.get("/").content.decode()

    assert "أضاف جهة اتصال · <bdi>برنامج الأمم المتحدة الإنمائي</bdi>" in html  # "added a contact · UNDP"


@pytest.mark.parametrize("role", SEES_CONTACTS)
def test_the_search_finds_a_contact_only_for_who_may_see_contacts(client, world, met, role):
    client.force_login(world.personas.by_role()[role])

    response = client.get("/search/", {"q": "Idrissi"})

    html = response.content.decode()
    assert _shows_contact(html)["name"] == SEES_CONTACTS[role]
    assert EMAIL not in html  # the results name the person and the position, never the e-mail


@pytest.mark.parametrize(
    "role, offered",
    [("administrator", True), ("cooperation_officer", True), ("project_manager", True)],
)
def test_the_interaction_form_offers_the_people_met_to_who_logs_interactions(
    client, world, met, role, offered
):
    client.force_login(world.personas.by_role()[role])

    html = client.get(f"/partners/{world.organisation.pk}/interactions/new/").content.decode()

    assert (NAME in html) == offered
