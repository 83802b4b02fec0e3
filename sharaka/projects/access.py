"""Who may see and change a project: one helper per question, used by every project view and service."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.core.roles import Role, can, is_internal
from sharaka.projects import pipeline
from sharaka.projects.models import Document, Project


def may_see_projects(user) -> bool:
    """The commune's staff see every project; a partner viewer sees those shared with their organisation."""
    return can(user, "projects.view") or (
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.PARTNER_VIEWER
    )


def require(user, capability: str) -> None:
    """403 for those who may read projects but not do this; 404 for those who may not even read them."""
    if not can(user, capability):
        if may_see_projects(user):
            raise PermissionDenied
        raise Http404


def may_edit(user, project: Project) -> bool:
    if can(user, "projects.edit_any"):
        return True
    return can(user, "projects.edit_own") and project.manager_id == user.pk


def may_archive(user, project: Project) -> bool:
    return can(user, "projects.edit_any") and project.archived_at is None


def may_move(user, project: Project, to: str) -> bool:
    """The pipeline declares who makes each move (a project manager only on their own projects)."""
    return project.archived_at is None and pipeline.PIPELINE.may(user, project, to)


def allowed_moves(user, project: Project) -> list[str]:
    """The statuses this user may move the project to from where it stands now."""
    return [to for to in pipeline.PIPELINE.targets(project) if may_move(user, project, to)]


def get_project_for(user, pk, write: bool = False) -> Project:
    """404 for those who may not see it, 403 for those who may only read it."""
    project = get_object_or_404(Project.objects.visible_to(user), pk=pk)
    if write and not may_edit(user, project):
        raise PermissionDenied
    return project


def visible_documents(user, project: Project):
    """Private documents are for the commune's staff; partners and public ones for whoever sees the project."""
    documents = project.documents.all()
    if is_internal(user):
        return documents
    return documents.filter(visibility__in=[Document.Visibility.PARTNERS, Document.Visibility.PUBLIC])
