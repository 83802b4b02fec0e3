"""The projects in the back office: every model there, and nothing that should last can be deleted."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.projects.models import Document, Project, ProjectPartner, ProjectSector, StatusChange


@pytest.fixture
def admin_request(personas):
    request = RequestFactory().get("/admin/")
    request.user = personas.admin
    return request


def test_it_registers_every_projects_model():
    for model in (Project, ProjectPartner, ProjectSector, StatusChange, Document):
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("model", [Project, ProjectPartner, ProjectSector, StatusChange, Document])
def test_it_keeps_every_projects_model_read_only(admin_request, world, model):
    model_admin = admin.site.get_model_admin(model)
    row = model.objects.first()

    assert not model_admin.has_add_permission(admin_request)
    assert not model_admin.has_change_permission(admin_request, row)
    assert not model_admin.has_delete_permission(admin_request, row)
    assert "delete_selected" not in model_admin.get_actions(admin_request)


@pytest.mark.parametrize(
    "name",
    [
        "admin:projects_project_changelist",
        "admin:projects_projectpartner_changelist",
        "admin:projects_projectsector_changelist",
        "admin:projects_statuschange_changelist",
        "admin:projects_document_changelist",
    ],
)
def test_it_lists_each_model_in_arabic(client, world, name):
    client.force_login(world.personas.admin)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_it_opens_a_project_in_the_back_office(client, world):
    client.force_login(world.personas.admin)

    response = client.get(reverse("admin:projects_project_change", args=[world.project.pk]))

    assert response.status_code == 200


def test_it_refuses_a_change_of_a_documents_visibility_posted_to_the_back_office(client, world):
    """An admin POST once made a private document public with no ledger entry."""
    client.force_login(world.personas.admin)
    url = reverse("admin:projects_document_change", args=[world.document.pk])
    entries = AuditEntry.objects.count()

    response = client.post(
        url, {"title": world.document.title, "kind": "concept_note", "visibility": "public"}
    )

    assert response.status_code == 403
    assert Document.objects.get(pk=world.document.pk).visibility == "private"
    assert AuditEntry.objects.count() == entries


def test_it_refuses_a_change_of_a_project_posted_to_the_back_office(client, world):
    client.force_login(world.personas.admin)
    url = reverse("admin:projects_project_change", args=[world.project.pk])
    entries = AuditEntry.objects.count()

    response = client.post(url, {"code": world.project.code, "title_fr": "Titre changé en douce"})

    assert response.status_code == 403
    assert Project.objects.get(pk=world.project.pk).title_fr != "Titre changé en douce"
    assert AuditEntry.objects.count() == entries
