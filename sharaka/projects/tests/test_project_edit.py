"""Editing a project: optimistic locking, the rules again, and who may edit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import AuditEntry, Theme
from sharaka.core.services import ConcurrentEdit
from sharaka.core.testing import make_project
from sharaka.projects.models import Project
from sharaka.projects.services import project_update
from sharaka.projects.tests.helpers import arabic, submit


def _url(project):
    return reverse("project_edit", kwargs={"pk": project.pk})


# The service


def test_it_saves_changes_and_audits_only_what_changed(personas):
    project = make_project()

    project_update(
        actor=personas.officer, project=project, data={"title_fr": "Nouveau titre"}, expected_version=1
    )

    project.refresh_from_db()
    assert (project.title_fr, project.version) == ("Nouveau titre", 2)
    entry = AuditEntry.objects.get(action="project.update")
    assert entry.before == {"title_fr": "Dessalement solaire"}
    assert entry.after == {"title_fr": "Nouveau titre"}


def test_it_refuses_a_save_made_on_an_older_version(personas):
    project = make_project()
    project_update(actor=personas.officer, project=project, data={"title_fr": "Premier"}, expected_version=1)

    with pytest.raises(ConcurrentEdit):
        project_update(
            actor=personas.manager, project=project, data={"title_fr": "Second"}, expected_version=1
        )

    project.refresh_from_db()
    assert project.title_fr == "Premier"
    assert AuditEntry.objects.filter(action="project.update").count() == 1


def test_it_refuses_to_empty_every_title(personas):
    project = make_project()

    with pytest.raises(ValidationError) as refused:
        project_update(
            actor=personas.officer,
            project=project,
            data={"title_ar": "", "title_fr": "", "title_en": ""},
            expected_version=1,
        )

    assert "title_ar" in refused.value.message_dict
    project.refresh_from_db()
    assert project.title_fr == "Dessalement solaire"


def test_it_keeps_the_old_sectors_when_the_new_ones_do_not_add_up(personas):
    project = make_project()
    project_update(
        actor=personas.officer, project=project, data={}, expected_version=1, sectors=[("14010", 100)]
    )

    with pytest.raises(ValidationError):
        project_update(
            actor=personas.officer,
            project=project,
            data={"title_fr": "Changé"},
            expected_version=2,
            sectors=[("14010", 50), ("23210", 40)],
        )

    project.refresh_from_db()
    assert project.title_fr == "Dessalement solaire"
    assert list(project.sectors.values_list("code", "percentage")) == [("14010", 100)]


def test_it_refuses_to_change_an_archived_project(personas):
    project = make_project(archived_at=timezone.now())

    with pytest.raises(ValidationError):
        project_update(actor=personas.officer, project=project, data={"title_fr": "X"}, expected_version=1)


# The page


def test_it_shows_the_project_as_it_is_in_the_form(client, personas, localities):
    project = make_project(manager=personas.manager)
    project.localities.set([localities[0]])
    project.themes.set(Theme.objects.filter(kind="objective", code="infrastructure"))
    project.sectors.create(code="14021", percentage=100)
    client.force_login(personas.officer)

    html = client.get(_url(project)).content.decode()

    assert 'value="AOU-T-001"' in html
    assert 'name="version" value="1"' in html
    assert 'value="14021"' in html
    assert f'value="{localities[0].pk}"' in html and "checked" in html


def test_it_saves_the_form_as_it_was_sent(client, personas):
    project = make_project(manager=personas.manager)
    client.force_login(personas.officer)
    page = client.get(_url(project))

    response = submit(client, page, {"title_en": "Solar-powered desalination", "sectors-0-code": "14021"})

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title_en, project.version) == ("Solar-powered desalination", 2)
    assert list(project.sectors.values_list("code", "percentage")) == [("14021", 100)]


def test_it_refuses_the_second_of_two_concurrent_saves_and_keeps_what_was_typed(client, personas):
    project = make_project(manager=personas.manager)
    client.force_login(personas.officer)
    first_page = client.get(_url(project))
    second_page = client.get(_url(project))
    submit(client, first_page, {"title_fr": "Version de l'agent"})

    response = submit(client, second_page, {"title_fr": "Version écrasée ?"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="form-errors" role="alert"' in html
    assert (
        arabic(
            "Someone else changed this record while you were editing it. Nothing was saved. "
            "Open it again to see their changes, then make yours."
        )
        in html
    )
    assert 'value="Version écrasée ?"' in html
    project.refresh_from_db()
    assert project.title_fr == "Version de l'agent"


def test_it_shows_bad_input_beside_the_field_and_saves_nothing(client, personas):
    project = make_project(manager=personas.manager)
    client.force_login(personas.manager)
    page = client.get(_url(project))

    response = submit(client, page, {"title_ar": "", "title_fr": "", "title_en": "", "summary_ar": "ملخص"})

    assert response.status_code == 200
    assert 'id="id_title_ar_error"' in response.content.decode()
    assert "ملخص" in response.content.decode()
    project.refresh_from_db()
    assert (project.title_fr, project.summary_ar, project.version) == ("Dessalement solaire", "", 1)


def test_it_sends_an_archived_project_back_to_its_page(client, personas):
    project = make_project(archived_at=timezone.now())
    client.force_login(personas.officer)

    response = client.get(_url(project))

    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("officer", 200),
        ("manager", 200),  # manages this project
        ("other_manager", 403),
        ("finance", 403),
        ("president", 403),
        ("council", 403),
        ("auditor", 403),
        ("partner_viewer", 403),  # the project is shared with their organisation, read only
        ("outsider_partner_viewer", 404),
        ("prefecture", 404),
    ],
)
def test_it_lets_only_the_unit_and_the_manager_edit(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))
    url = _url(world.project)

    assert client.get(url).status_code == status
    if status != 200:
        assert client.post(url, {"code": "HACKED", "title_fr": "X"}).status_code == status
        assert Project.objects.get(pk=world.project.pk).code == "AOU-T-001"
