"""Who may see and change what of a project's sustainability. One helper per question.

- The commune's staff (sustainability.view) read every plan, risk, check and warning.
- A partner viewer reads the plan summary of the projects shared with their organisation (exit
  strategy, maintainer, recurrent costs and who pays them, coverage): not the evidence files, the
  risks, the checks or the warnings, which are the commune's internal business (404).
- Whoever may edit the project (the unit, or the project's manager) edits its plan, costs,
  evidence, risks and checks; other readers get 403.
- The unit (sustainability.settings) sets the coverage threshold; the president
  (sustainability.waive) records why a project may close below it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sharaka.core.roles import can
from sharaka.projects import access as project_access
from sharaka.projects.models import Project


def sees_internal(user) -> bool:
    return can(user, "sustainability.view")


def may_edit(user, project: Project) -> bool:
    return project.archived_at is None and project_access.may_edit(user, project)


def get_project_for(user, pk, *, write: bool = False, internal: bool = False) -> Project:
    """The project whose sustainability is asked for: 404 for those who may not see it (or, with
    `internal`, may not see its internal side), 403 for those who may only read it."""
    project = project_access.get_project_for(user, pk)
    if internal and not sees_internal(user):
        raise Http404
    if write and not may_edit(user, project):
        raise PermissionDenied
    return project


def require(user, capability: str) -> None:
    """403 for the commune's staff without this capability, 404 for everyone else."""
    if not can(user, capability):
        if sees_internal(user):
            raise PermissionDenied
        raise Http404
