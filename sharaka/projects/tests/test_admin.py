"""The projects in the back office: every model there, and nothing that should last can be deleted."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.projects import pipeline
from sharaka.projects.models import Document, Project, ProjectPartner, ProjectSector, StatusChange


@pytest.fixture
def admin_request(personas):
    request = RequestFactory().get("/admin/")
    request.user = personas.admin
    return request


def test_it_registers_every_projects_model():
    for model in (Project, ProjectPartner, ProjectSector, StatusChange, Document):
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("status", pipeline.Status.values)
def test_it_never_deletes_a_funded_project(world, admin_request, status):
    world.project.status = status
    model_admin = admin.site.get_model_admin(Project)

    assert model_admin.has_delete_permission(admin_request, world.project) == (status not in pipeline.FUNDED)
    assert "delete_selected" not in model_admin.get_actions(admin_request)


@pytest.mark.parametrize("model", [StatusChange, Document])
def test_it_never_deletes_history_or_documents(world, admin_request, model):
    model_admin = admin.site.get_model_admin(model)

    assert not model_admin.has_delete_permission(admin_request)
    assert not model_admin.has_delete_permission(admin_request, model.objects.first())


def test_it_keeps_the_status_history_read_only(admin_request):
    model_admin = admin.site.get_model_admin(StatusChange)

    assert not model_admin.has_add_permission(admin_request)
    assert not model_admin.has_change_permission(admin_request)


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


def test_it_audits_a_change_made_in_the_back_office(client, world):
    client.force_login(world.personas.admin)
    url = reverse("admin:projects_project_change", args=[world.project.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("themes", "localities")}
    data |= {"title_fr": "Dessalement solaire à Imi Miki", "manager": world.personas.manager.pk}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
        for f in inline.formset.initial_forms:
            data |= {f.add_prefix(k): v for k, v in f.initial.items() if v is not None}
            data[f.add_prefix("id")] = f.instance.pk
            data[f.add_prefix("project")] = world.project.pk

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    project = Project.objects.get(pk=world.project.pk)
    assert (project.title_fr, project.version) == ("Dessalement solaire à Imi Miki", 2)
    entry = AuditEntry.objects.get(action="project.admin_change")
    assert entry.after == {"title_fr": "Dessalement solaire à Imi Miki"}
