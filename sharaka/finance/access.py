"""Who may see and write money: the commune's staff read every project's finance, a partner viewer
the projects shared with their organisation; only the finance officer and the administrator write."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.core.roles import Role, can, is_internal
from sharaka.projects.models import Project


def may_see_finance(user) -> bool:
    return can(user, "finance.view") or (
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.PARTNER_VIEWER
    )


def may_edit(user) -> bool:
    return can(user, "finance.edit")


def require_view(user) -> None:
    if not may_see_finance(user):
        raise Http404


def require_edit(user) -> None:
    """403 for those who may read money but not write it; 404 for those who may not even read it."""
    if not may_edit(user):
        if may_see_finance(user):
            raise PermissionDenied
        raise Http404


def visible_projects(user):
    """Whose money a user reads: a project manager their own projects, a partner viewer the projects
    shared with their organisation, the rest of the commune's staff every project."""
    if not may_see_finance(user):
        return Project.objects.none()
    if user.role == Role.PROJECT_MANAGER:
        return Project.objects.filter(manager=user)
    return Project.objects.visible_to(user)


def project_scope(user):
    """The projects whose money a user reads, as a filter: None when it is every project (the
    commune's staff other than project managers), so that lists over a million transactions need no
    `project IN (every project)` clause, which SQLite would walk project by project."""
    if may_see_finance(user) and user.role != Role.PROJECT_MANAGER and is_internal(user):
        return None
    return visible_projects(user)


def get_project_for(user, pk, write: bool = False) -> Project:
    """404 for those who may not see the project's money, 403 for those who may only read it."""
    project = get_object_or_404(visible_projects(user), pk=pk)
    if write and not may_edit(user):
        raise PermissionDenied
    return project
