"""The funding section of the project's page: PAC flag, the three best calls, the applications."""

import pytest
from django.urls import reverse

from sharaka.funding.testing import world_funding
from sharaka.funding.tests.matching_world import call, freeze, org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    freeze(monkeypatch)


def open_page(client, user, project):
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    return client.get(reverse("project_detail", args=[project.pk])).content.decode()


def section(page):
    return page.split('id="funding-title"')[1].split("</section>")[0]


def test_the_section_shows_the_pac_flag_the_best_calls_and_the_applications(client, world):
    found = world_funding(world)
    for i in range(3):
        call(org(f"X{i}"), title_en=f"Extra call {i}")

    shown = section(open_page(client, world.personas.manager, world.project))

    assert "Outside the PAC" in shown  # the world's project has no PAC line
    assert shown.count("/100") == 3  # the top 3 of 5 open calls
    assert reverse("funding_project_calls", args=[world.project.pk]) in shown
    assert "Applications" in shown and "Drafting" in shown
    assert found["lead_call"].title_en in shown  # its application


def test_a_project_in_the_pac_is_not_flagged(client, world):
    world.project.pac_reference = "PAC-2.1"
    world.project.save()
    world_funding(world)

    assert "Outside the PAC" not in section(open_page(client, world.personas.officer, world.project))


@pytest.mark.parametrize("persona", ["partner_viewer", "prefecture"])
def test_who_does_not_read_funding_does_not_see_the_section(client, world, persona):
    world_funding(world)
    user = getattr(world.personas, persona)
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)

    page = client.get(reverse("project_detail", args=[world.project.pk])).content.decode()

    assert 'id="funding-title"' not in page
    assert "T-LEAD-1" not in page
