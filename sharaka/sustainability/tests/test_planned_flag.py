"""The project's kept "has a sustainability plan" flag (planned.py): set in the transaction that makes
the plan, checked and repaired by `manage.py kept`, and read by the dashboard's list of funded
projects without a plan."""

import datetime

import pytest

from sharaka.core import kept
from sharaka.core.testing import make_project
from sharaka.projects.models import Project
from sharaka.sustainability import planned, services
from sharaka.sustainability.models import Plan
from sharaka.sustainability.testing import make_plan

pytestmark = pytest.mark.django_db


def _funded(code, **extra):
    return make_project(
        code=code, status="in_implementation", planned_end=datetime.date(2027, 6, 30), **extra
    )


def _flag(project) -> bool:
    return Project.objects.values_list("has_sustainability_plan", flat=True).get(pk=project.pk)


def test_the_service_that_makes_a_plan_marks_its_project(personas):
    project = _funded("AOU-S-001", manager=personas.manager)
    assert _flag(project) is False

    services.plan_save(
        actor=personas.manager,
        project=project,
        data={
            "exit_strategy": "La commune reprend l'ouvrage.",
            "maintainer_kind": Plan.Maintainer.COMMUNE_SERVICE,
            "maintainer_name": "Service technique",
            "no_recurrent_cost": True,
        },
    )

    assert _flag(project) is True
    assert planned.differences() == []
    assert "projects with a sustainability plan" not in kept.differences_all()


def test_a_flag_written_behind_the_services_back_is_reported_and_repaired():
    with_plan, without = _funded("AOU-S-002"), _funded("AOU-S-003")
    make_plan(with_plan)
    Project.objects.filter(pk=with_plan.pk).update(has_sustainability_plan=False)
    Project.objects.filter(pk=without.pk).update(has_sustainability_plan=True)

    assert planned.differences() == [("AOU-S-002", False, True), ("AOU-S-003", True, False)]
    assert kept.differences_all()["projects with a sustainability plan"]

    assert planned.rebuild() == 2
    assert planned.differences() == [] and (_flag(with_plan), _flag(without)) == (True, False)


def test_the_dashboard_lists_the_funded_projects_without_a_plan_the_nearest_end_first(client, personas):
    later = _funded("AOU-S-010")
    sooner = make_project(code="AOU-S-011", status="approved", planned_end=datetime.date(2026, 12, 31))
    make_plan(_funded("AOU-S-012"))
    make_project(code="AOU-S-013", status="identification")  # not funded: no plan expected yet
    archived = _funded("AOU-S-014")
    Project.objects.filter(pk=archived.pk).update(
        archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(personas.officer)

    html = client.get("/sustainability/").content.decode()
    listed = html.split('id="d-without"')[1].split("</div>")[0]

    assert listed.index(sooner.code) < listed.index(later.code)
    assert "AOU-S-012" not in listed and "AOU-S-013" not in listed and "AOU-S-014" not in listed
