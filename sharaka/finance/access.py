"""Who may see and write money: the commune's staff read every project's finance, a partner viewer
the projects shared with their organisation; only the finance officer and the administrator write.

What a partner viewer reads of a project's money (docs/roles-and-access.md, "Money a partner
sees"): the project's totals, and of the lines only its own organisation's: its funder line, its
transactions, its tranches, its donor reports. Never another funder's lines, transactions or
reports, never the commune's references, suppliers, supporting documents, owners or accounts.
Every list of money goes through `own_money` (querysets) or `is_own` (rows already loaded).
"""

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


def reads_every_funder(user) -> bool:
    """The commune's staff read every funder's lines, the references and the supporting documents."""
    return can(user, "finance.view")


def funder_organisation(user):
    """Whose lines of money a user reads: None for every funder (the commune's staff), otherwise the
    id of the partner viewer's organisation (0, nobody's, for anyone else)."""
    if reads_every_funder(user):
        return None
    if may_see_finance(user) and hasattr(user, "partner_access"):
        return user.partner_access.organisation_id
    return 0


def own_money(user, queryset, funder: str = "funder"):
    """The rows of `queryset` a user may read line by line. `funder` is the path from the row to its
    `Funder` ("" when the rows are funders); rows without a funder are the commune's."""
    organisation = funder_organisation(user)
    if organisation is None:
        return queryset
    return queryset.filter(**{f"{funder}__organisation_id" if funder else "organisation_id": organisation})


def is_own(user, funder) -> bool:
    """`own_money` for a funder already loaded (a line of the co-financing plan)."""
    return funder is not None and sees_amounts_of(user, funder.organisation_id)


def sees_amounts_of(user, organisation_id) -> bool:
    """Whether a user reads what an organisation commits or brings (the project page's partners)."""
    organisation = funder_organisation(user)
    return organisation is None or (organisation_id is not None and organisation_id == organisation)


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
