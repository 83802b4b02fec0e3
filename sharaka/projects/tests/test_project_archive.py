"""Archiving: never deleting, a reason, and only the cooperation unit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.projects.models import Project
from sharaka.projects.services import project_archive


def _url(project):
    return reverse("project_archive", kwargs={"pk": project.pk})


@pytest.mark.parametrize("persona", ["admin", "officer"])
def test_it_archives_with_a_reason_and_an_audit_entry(world, persona):
    actor = getattr(world.personas, persona)

    project = project_archive(actor=actor, project=world.project, reason="Doublon du projet AOU-T-002")

    assert project.archived_at is not None
    entry = AuditEntry.objects.get(action="project.archive")
    assert (entry.actor, entry.reason) == (actor, "Doublon du projet AOU-T-002")


@pytest.mark.parametrize(
    "persona", ["manager", "finance", "president", "council", "auditor", "partner_viewer"]
)
def test_it_refuses_archiving_to_everyone_but_the_unit(world, persona):
    with pytest.raises(PermissionDenied):
        project_archive(actor=getattr(world.personas, persona), project=world.project, reason="x")

    assert Project.objects.get(pk=world.project.pk).archived_at is None


def test_it_requires_a_reason(world):
    with pytest.raises(ValidationError):
        project_archive(actor=world.personas.officer, project=world.project, reason=" ")

    assert Project.objects.get(pk=world.project.pk).archived_at is None


def test_it_archives_from_the_project_page(client, world):
    client.force_login(world.personas.officer)

    response = client.post(_url(world.project), {"reason": "Abandonné par la commune"})

    assert response.status_code == 302
    assert Project.objects.get(pk=world.project.pk).archived_at is not None
    assert Project.objects.filter(pk=world.project.pk).exists()  # archived, not deleted


def test_it_shows_the_missing_reason_on_the_project_page(client, world):
    client.force_login(world.personas.officer)

    response = client.post(_url(world.project), {"reason": ""})

    assert response.status_code == 200
    assert 'id="archive_reason_error"' in response.content.decode()
    assert Project.objects.get(pk=world.project.pk).archived_at is None


@pytest.mark.parametrize(
    ("persona", "status"), [("manager", 403), ("auditor", 403), ("partner_viewer", 403), ("prefecture", 404)]
)
def test_it_refuses_the_page_to_others(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert client.post(_url(world.project), {"reason": "x"}).status_code == status
    assert Project.objects.get(pk=world.project.pk).archived_at is None
