"""The interaction form asks for nothing it does not need: optional follow-up rows carry no
"required" star until something is typed in them, and "people met" with no contact yet links to
adding one, which leads back to the form."""

import re

import pytest

from sharaka.partners.models import Contact

pytestmark = pytest.mark.django_db

STAR = '<span class="req" aria-hidden="true">*</span>'


def url(org):
    return f"/partners/{org.pk}/interactions/new/"


def follow_up_rows(html: str) -> list[str]:
    return re.findall(r'<fieldset class="follow-up-row.*?</fieldset>', html, re.S)


def test_the_three_empty_follow_up_rows_show_no_required_star(client, world):
    client.force_login(world.personas.officer)

    html = client.get(url(world.organisation)).content.decode()

    rows = follow_up_rows(html)
    assert len(rows) == 3
    assert [row.count(STAR) for row in rows] == [0, 0, 0]
    assert html.count(STAR) == 3  # kind, date and subject of the interaction keep theirs


def test_a_row_half_filled_shows_its_stars_and_errors_while_the_empty_ones_stay_plain(client, world):
    client.force_login(world.personas.officer)

    response = client.post(
        url(world.organisation),
        {
            "kind": "visit",
            "date": "2026-12-04",
            "subject": "Visite",
            "summary": "",
            "follow_up-TOTAL_FORMS": "3",
            "follow_up-INITIAL_FORMS": "0",
            "follow_up-MIN_NUM_FORMS": "0",
            "follow_up-MAX_NUM_FORMS": "3",
            **{f"follow_up-{i}-owner": world.personas.officer.pk for i in range(3)},  # as preselected
            "follow_up-1-description": "Envoyer les photos",
        },
    )

    assert response.status_code == 200
    rows = follow_up_rows(response.content.decode())
    assert [row.count(STAR) for row in rows] == [0, 3, 0]
    assert "has-error" in rows[1] and "has-error" not in rows[0]


def test_people_met_without_contacts_links_to_adding_one_and_back(client, world):
    Contact.objects.filter(organisation=world.organisation).delete()
    client.force_login(world.personas.officer)

    html = client.get(url(world.organisation)).content.decode()
    link = f"/partners/{world.organisation.pk}/contacts/new/?next=interaction"
    assert f'href="{link}"' in html

    response = client.post(link, {"name": "Samira Oufkir", "email": "samira@example.org"})
    assert response.status_code == 302
    assert response["Location"] == url(world.organisation)
    assert "Samira Oufkir" in client.get(url(world.organisation)).content.decode()


def test_the_link_is_not_offered_to_whom_may_not_add_contacts(client, world):
    Contact.objects.filter(organisation=world.organisation).delete()
    client.force_login(world.personas.manager)  # logs interactions, does not edit partners

    html = client.get(url(world.organisation)).content.decode()

    assert "?next=interaction" not in html


def test_adding_a_contact_from_the_partner_page_still_returns_to_it(client, world):
    client.force_login(world.personas.officer)

    response = client.post(
        f"/partners/{world.organisation.pk}/contacts/new/?next=https://evil.example/",
        {"name": "Omar Id Ali", "email": "omar@example.org"},
    )

    assert response["Location"] == f"/partners/{world.organisation.pk}/#contacts"
