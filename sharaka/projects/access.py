"""Who may see and change a project: one helper, used by every project view."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from sharaka.core.roles import can
from sharaka.projects.models import Project


def may_edit(user, project: Project) -> bool:
    if can(user, "projects.edit_any"):
        return True
    return can(user, "projects.edit_own") and project.manager_id == user.pk


def get_project_for(user, pk, write: bool = False) -> Project:
    """404 for those who may not see it, 403 for those who may only read it."""
    project = get_object_or_404(Project.objects.visible_to(user), pk=pk)
    if write and not may_edit(user, project):
        raise PermissionDenied
    return project
