"""The unit sees, in plain words, what stops a project from being published, then publishes it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from sharaka.core.models import AuditEntry
from sharaka.portal import services
from sharaka.portal.tests.helpers import publishable_project
from sharaka.projects.models import Project

pytestmark = pytest.mark.django_db


def test_it_publishes_a_project_that_passes_the_checks_and_records_it(personas):
    project = publishable_project(published=False)
    services.project_publish(actor=personas.officer, project=project)
    assert Project.objects.public().filter(pk=project.pk).exists()
    assert AuditEntry.objects.filter(action="project.publish", object_id=str(project.pk)).exists()


def test_it_refuses_a_project_with_problems(personas):
    project = publishable_project(published=False)
    project.sectors.all().delete()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.project_publish(actor=personas.officer, project=project)
    assert "No sector: give at least one DAC sector." in error.value.messages
    assert not Project.objects.public().exists()


def test_it_refuses_roles_without_the_capability(personas):
    project = publishable_project(published=False)
    with pytest.raises(PermissionDenied):
        services.project_publish(actor=personas.finance, project=project)


def test_it_withdraws_a_project(personas):
    project = publishable_project()
    services.project_unpublish(actor=personas.officer, project=project)
    assert not Project.objects.public().exists()


def test_it_shows_the_problems_in_arabic_on_the_publishing_page(client, personas):
    project = publishable_project(published=False)
    project.sectors.all().delete()
    personas.officer.language = "ar"
    personas.officer.save()
    client.force_login(personas.officer)
    html = client.get(reverse("portal:publishing")).content.decode()
    with translation.override("ar"):
        expected = translation.gettext("No sector: give at least one DAC sector.")
    assert expected != "No sector: give at least one DAC sector."
    assert expected in html


def test_it_publishes_from_the_page(client, personas):
    project = publishable_project(published=False)
    client.force_login(personas.officer)
    response = client.post(reverse("portal:publish", args=[project.pk]), {"action": "publish"})
    assert response.status_code == 302
    assert Project.objects.public().filter(pk=project.pk).exists()
    client.post(reverse("portal:publish", args=[project.pk]), {"action": "unpublish"})
    assert not Project.objects.public().exists()
