"""Who sees which project, who may change it, and which moves each may make."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sharaka.core.testing import make_project
from sharaka.projects.access import allowed_moves, get_project_for, may_edit, visible_documents
from sharaka.projects.models import Project


def test_it_shows_the_staff_every_project(world):
    for role in ("administrator", "cooperation_officer", "finance_officer", "auditor", "council_member"):
        assert Project.objects.visible_to(world.personas.by_role()[role]).count() == 2


def test_it_shows_a_partner_viewer_each_shared_project_once(world):
    from sharaka.core.testing import share_project

    share_project(world.project, world.organisation, role="4")  # a second role in the same project

    assert list(Project.objects.visible_to(world.personas.partner_viewer)) == [world.project]


def test_it_shows_nothing_to_the_prefecture_or_a_viewer_without_an_organisation(world):
    from sharaka.core.testing import make_user

    loose = make_user("loose", "partner_viewer")

    assert not Project.objects.visible_to(world.personas.prefecture).exists()
    assert not Project.objects.visible_to(loose).exists()


def test_it_answers_404_to_those_who_may_not_see_and_403_to_readers(world):
    with pytest.raises(Http404):
        get_project_for(world.personas.partner_viewer, world.private_project.pk)
    with pytest.raises(PermissionDenied):
        get_project_for(world.personas.partner_viewer, world.project.pk, write=True)
    with pytest.raises(PermissionDenied):
        get_project_for(world.personas.other_manager, world.project.pk, write=True)
    assert get_project_for(world.personas.manager, world.project.pk, write=True) == world.project


def test_it_lets_a_manager_edit_only_their_projects(world):
    assert may_edit(world.personas.manager, world.project)
    assert not may_edit(world.personas.manager, world.private_project)
    assert may_edit(world.personas.officer, world.private_project)


def test_it_offers_no_move_on_an_archived_project(world):
    from django.utils import timezone

    archived = make_project(code="AOU-A", archived_at=timezone.now())

    assert allowed_moves(world.personas.admin, archived) == []


def test_it_keeps_private_documents_for_the_staff(world):
    assert list(visible_documents(world.personas.finance, world.project)) == [world.document]
    assert list(visible_documents(world.personas.partner_viewer, world.project)) == []
