"""A new project's code: the next free one proposed, a clash said in plain words; its manager."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sharaka.core.testing import make_project
from sharaka.projects.codes import next_code
from sharaka.projects.forms import ProjectForm
from sharaka.projects.models import Project
from sharaka.projects.services import project_create
from sharaka.projects.tests.helpers import submit

URL = reverse("project_create")


@pytest.fixture(autouse=True)
def in_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 12, 5))


def test_the_first_code_of_a_year_is_001(db):
    make_project(code="AOU-2025-031")

    assert next_code() == "AOU-2026-001"


def test_the_next_code_is_one_more_than_the_highest_of_the_year(db):
    for code in [
        "AOU-2026-002",
        "AOU-2026-014",
        "AOU-2026-9",
        "AOU-2026-014-bis",
        "AOU-2027-050",
        "X-2026-099",
    ]:
        make_project(code=code)
    Project.objects.filter(code="AOU-2026-014").update(archived_at=timezone.now())  # archived: still taken

    assert next_code() == "AOU-2026-015"
    assert next_code(2027) == "AOU-2027-051"


def test_the_page_proposes_the_next_free_code_and_its_creator_as_manager(client, personas):
    make_project(code="AOU-2026-014")
    client.force_login(personas.officer)

    page = client.get(URL)

    form = page.context["form"]
    assert form["code"].value() == "AOU-2026-015"
    assert "AOU-2026-015" in form.fields["code"].help_text
    assert form["manager"].value() == personas.officer.pk


def test_the_manager_is_left_empty_when_the_creator_cannot_manage_a_project(personas):
    form = ProjectForm(creator=personas.partner_viewer)

    assert form["manager"].value() is None


def test_a_clash_says_which_code_is_free(client, personas):
    make_project(code="AOU-2026-014")
    client.force_login(personas.officer)
    page = client.get(URL)

    response = submit(client, page, {"code": "AOU-2026-014", "title_fr": "Titre"})

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'id="id_code_error">يحمل مشروع آخر الرمز \u2068AOU-2026-014\u2069: احتفظوا بالرمز المقترح \u2068AOU-2026-015\u2069 '
        "أو اختاروا رمزاً آخر."
    ) in html
    assert "موجود مسبقاً" not in html
    assert Project.objects.count() == 1


def test_the_service_refuses_a_taken_code_in_plain_words(personas):
    make_project(code="AOU-2026-014")

    with pytest.raises(ValidationError) as refused:
        project_create(actor=personas.officer, data={"code": "AOU-2026-014", "title_fr": "Titre"})

    [message] = refused.value.message_dict["code"]
    assert "AOU-2026-014" in message and "AOU-2026-015" in message
