"""The "move to" form: the pipeline block swapped in place with htmx, a plain POST without JavaScript."""

import pytest
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.projects.models import Project
from sharaka.projects.tests.helpers import arabic

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(project):
    return reverse("project_advance", kwargs={"pk": project.pk})


def _move(client, project, to, reason="", version=None, **headers):
    version = project.version if version is None else version
    return client.post(_url(project), {"to": to, "reason": reason, "version": version}, **headers)


def test_it_answers_htmx_with_the_pipeline_block_alone(client, world):
    client.force_login(world.personas.manager)

    response = _move(client, world.project, "concept_note", **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="card pipeline" id="pipeline"')
    assert "<html" not in html
    assert 'id="project-status" class="badge status-concept_note" hx-swap-oob="true"' in html
    assert Project.objects.get(pk=world.project.pk).status == "concept_note"


def test_it_redirects_a_plain_post_to_the_project_page(client, world):
    client.force_login(world.personas.manager)

    response = _move(client, world.project, "concept_note")

    assert response.status_code == 302
    assert response["Location"] == world.project.get_absolute_url()
    assert Project.objects.get(pk=world.project.pk).status == "concept_note"
    assert AuditEntry.objects.filter(action="project.advance").count() == 1


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_it_asks_for_the_reason_of_an_abandon_in_arabic(client, world, headers):
    client.force_login(world.personas.officer)

    response = _move(client, world.project, "abandoned", reason="  ", **headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="move_reason_error"' in html
    assert arabic("Say why: a reason is required for this move.") in html
    assert 'value="abandoned" checked' in html  # the choice is kept
    assert Project.objects.get(pk=world.project.pk).status == "idea"


def test_it_says_when_someone_moved_the_project_first(client, world):
    client.force_login(world.personas.officer)
    stale = world.project.version
    _move(client, world.project, "concept_note")

    response = _move(client, world.project, "abandoned", reason="Pas de financement", version=stale, **HTMX)

    assert response.status_code == 200
    assert 'class="form-errors" role="alert"' in response.content.decode()
    assert Project.objects.get(pk=world.project.pk).status == "concept_note"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("other_manager", 403),
        ("finance", 403),
        ("president", 403),  # may decide on a submitted proposal, not move an idea
        ("council", 403),
        ("auditor", 403),
        ("partner_viewer", 403),
        ("outsider_partner_viewer", 404),
        ("prefecture", 404),
    ],
)
def test_it_refuses_those_who_may_not_make_the_move(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert _move(client, world.project, "concept_note").status_code == status
    assert Project.objects.get(pk=world.project.pk).status == "idea"
    assert not AuditEntry.objects.filter(action="project.advance").exists()


def test_it_refuses_an_undeclared_move_on_the_page(client, world):
    client.force_login(world.personas.admin)

    response = _move(client, world.project, "closed")

    assert response.status_code == 200
    assert 'class="form-errors" role="alert"' in response.content.decode()
    assert Project.objects.get(pk=world.project.pk).status == "idea"


def test_it_refuses_a_get(client, world):
    client.force_login(world.personas.officer)

    assert client.get(_url(world.project)).status_code == 405
