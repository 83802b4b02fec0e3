"""Who may see and change what of funding. One helper per question; views call one per object.

- The commune's staff (funding.view) read the catalogue, the needs, the matches and the applications.
  Partners and the prefecture get 404: which calls the commune hunts and what it tells funders is
  its own business.
- The unit (funding.edit) keeps the catalogue, opens and follows applications, writes proposals;
  a project's manager also writes the proposal of an application of a project they manage.
- The unit or the president (funding.decide) decides go / no-go (funding/pipeline.py).
- The unit (funding.settings) sets the matching weights.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.core.roles import Role, can
from sharaka.funding.models import Application, Call


def sees(user) -> bool:
    return can(user, "funding.view")


def require(user, capability: str) -> None:
    """403 for the commune's staff without this capability, 404 for everyone else."""
    if not can(user, capability):
        if sees(user):
            raise PermissionDenied
        raise Http404


def may_edit_call(user, call: Call) -> bool:
    return call.archived_at is None and can(user, "funding.edit")


def may_write_proposal(user, application: Application) -> bool:
    if can(user, "funding.edit"):
        return True
    return (
        getattr(user, "role", None) == Role.PROJECT_MANAGER
        and application.project.manager_id == user.pk
        and user.is_active
    )


def get_call_for(user, pk, *, write: bool = False) -> Call:
    """The call asked for: 404 for those who may not see funding, 403 for readers asking to write."""
    if not sees(user):
        raise Http404
    call = get_object_or_404(Call.objects.select_related("funder"), pk=pk)
    if write and not may_edit_call(user, call):
        raise PermissionDenied
    return call


def get_application_for(user, pk, *, write: bool = False, proposal: bool = False) -> Application:
    """The application asked for: 404 for those who may not see funding; with `write`, 403 unless
    the user may follow applications; with `proposal`, 403 unless they may write its proposal."""
    if not sees(user):
        raise Http404
    application = get_object_or_404(
        Application.objects.select_related("project", "call__funder", "lead", "owner"), pk=pk
    )
    if write and not can(user, "funding.edit"):
        raise PermissionDenied
    if proposal and not may_write_proposal(user, application):
        raise PermissionDenied
    return application
