"""The portal in Tamazight says in Tifinagh what it says in its own words: statuses, the seed's five
objectives and five areas, partners' roles, agreements' kinds and states, localities and sectors;
its dates read day, month, year."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from sharaka.agreements.models import Agreement
from sharaka.core.taxonomy import Area, Objective
from sharaka.portal.tests.helpers import locality, publishable_project
from sharaka.projects.models import Project, ProjectPartner

pytestmark = pytest.mark.django_db

TIFINAGH = re.compile("[\u2d30-\u2d7f]")
ARABIC = re.compile("[\u0600-\u06ff]")
# The labels the portal prints from other apps; the agreements' states are those of the register
# (signed agreements only).
REGISTER_STATES = ["signed", "published", "budgeted", "in_force", "closed", "terminated", "lapsed"]


def _labels():
    yield from (label for _value, label in Project._meta.get_field("status").choices)
    yield from (
        label for value, label in Agreement._meta.get_field("status").choices if value in REGISTER_STATES
    )
    yield from (label for _value, label in Agreement._meta.get_field("kind").choices)
    yield from (label for _value, label in ProjectPartner._meta.get_field("role").choices)
    yield from Objective.labels
    yield from Area.labels


@pytest.mark.parametrize("label", list(_labels()), ids=str)
def test_every_label_the_portal_borrows_is_written_in_tifinagh(label):
    with translation.override("zgh"):
        text = str(label)
    assert TIFINAGH.search(text) and not ARABIC.search(text), f"{label!r} reads {text!r} in Tamazight"


def test_a_project_page_in_tamazight(client):
    project = publishable_project(
        place=locality(name_ar="أورير المركز", name_fr="Aourir centre", name_zgh="ⴰⵡⵔⵉⵔ"),
        planned_start=datetime.date(2025, 10, 6),
        planned_end=datetime.date(2027, 6, 30),
    )

    html = client.get(reverse("portal:project_detail", args=[project.pk]), {"lang": "zgh"}).content.decode()

    assert "ⵉⵜⵜⵎⵓⵙⵙⵓ" in html  # in implementation
    assert "ⴰⵙⵡⵓⴷⴷⵓ ⵏ ⵡⴰⵎⴰⵏ ⴷ ⵜⵣⵎⵔⵜ" in html  # water and energy management
    assert "ⴰⵡⵔⵉⵔ" in html and "أورير المركز" not in html
    assert "ⴰⵎⴰⵏ ⴷ ⵓⵙⵣⴷⴳ" in html  # DAC 140, water supply and sanitation
    assert "ⴰⵎⵡⵍⵍⴰⵡ" in html  # the partner's role: funding
    assert "06/10/2025" in html and "10/06/2025" not in html  # 6 October 2025, day first
    assert "30/06/2027" in html


def test_a_locality_without_a_tifinagh_name_keeps_its_arabic_one(client):
    project = publishable_project(place=locality(name_ar="ألما", name_fr="Alma", name_en="Alma", name_zgh=""))

    html = client.get(reverse("portal:project_detail", args=[project.pk]), {"lang": "zgh"}).content.decode()

    assert "ألما" in html


def test_the_other_languages_keep_their_own_words(client):
    project = publishable_project(planned_start=datetime.date(2025, 10, 6))

    french = client.get(reverse("portal:project_detail", args=[project.pk]), {"lang": "fr"}).content.decode()
    arabic = client.get(reverse("portal:project_detail", args=[project.pk]), {"lang": "ar"}).content.decode()

    assert "En cours de réalisation" in french and "Approvisionnement en eau potable" in french
    assert "في طور الإنجاز" in arabic
    assert not TIFINAGH.search(arabic[arabic.index("<main") : arabic.index("</main>")])
