"""The commune's staff through the API, as capacity building keeps them: the unit's side of a
profile (never its assessments), languages, what skills' levels mean, what positions need."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.capacity.expectations.staff import world_staff
from sharaka.capacity.models import LanguageSkill, Requirement, Skill

pytestmark = pytest.mark.django_db


def test_a_profile_is_read_without_its_assessments_and_corrected_against_its_version(world):
    officer_profile = world_staff(world)
    head = world.extra["staff_head"]
    url = f"/api/v1/capacity/staff/{officer_profile.pk}/"
    read = ApiClient(world.personas.admin).get(url)
    assert read.status_code == 200
    assert "assessments" not in read.json() and "scores" not in read.json()
    assert ApiClient(world.personas.manager).get(url).status_code == 200  # their manager
    assert ApiClient(world.personas.other_manager).get(url).status_code == 404  # a manager of someone else

    officer = ApiClient(world.personas.officer, language="fr")
    own_manager = officer.patch(url, {"manager": officer_profile.pk}, HTTP_IF_MATCH=read["ETag"])
    assert own_manager.status_code == 400 and list(own_manager.json()["errors"]) == ["manager"]
    moved = officer.patch(url, {"service": "Partenariats"}, HTTP_IF_MATCH=read["ETag"])
    assert moved.status_code == 200 and moved.json()["service"] == "Partenariats"
    assert moved.json()["manager"] == head.pk  # what was not sent stays
    assert officer.patch(url, {"service": "x"}, HTTP_IF_MATCH=read["ETag"]).status_code == 412

    fluent = officer.patch(url + "languages/", {"level_fr": 4, "level_en": 9})
    assert fluent.status_code == 400 and list(fluent.json()["errors"]) == ["level_en"]
    fluent = officer.patch(url + "languages/", {"level_fr": 4})
    assert fluent.status_code == 200 and fluent.json()["languages"]["fr"] == 4
    assert LanguageSkill.objects.filter(profile=officer_profile, language="fr", level=4).exists()


def test_what_a_level_means_and_what_a_position_needs(world):
    profile = world_staff(world)
    skill = Skill.objects.filter(is_active=True, levels__level=1).order_by("order", "code").first()
    officer = ApiClient(world.personas.officer, language="fr")
    blank = officer.patch(f"/api/v1/capacity/skills/{skill.pk}/levels/1/", {"description_fr": ""})
    assert blank.status_code == 400 and list(blank.json()["errors"]) == ["description_fr"]
    said = officer.patch(f"/api/v1/capacity/skills/{skill.pk}/levels/1/", {"description_fr": "Les bases."})
    assert said.status_code == 200 and said.json()["descriptions"]["fr"] == "Les bases."

    url = f"/api/v1/capacity/positions/{profile.position_id}/needs/"
    assert officer.patch(url, {"need_999999": 3}).status_code == 400
    needs = officer.patch(url, {f"need_{skill.pk}": 4})
    assert needs.status_code == 200, needs.content
    row = next(s for s in needs.json() if s["id"] == skill.pk)
    assert row["needs"][profile.position.code] == 4
    assert Requirement.objects.get(position_id=profile.position_id, skill=skill).level == 4
