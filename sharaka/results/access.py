"""Who may see and change a project's results: one helper per question, used by every view and service.

- The commune's staff read every results chain, with updates at every stage.
- A partner viewer reads the chains of the projects shared with their organisation, and only
  approved values (`visible_updates`, `Period.actual` which approved updates alone feed).
- The chain itself (results, indicators, periods and targets) is changed by whoever may edit the
  project (the unit, and the project's manager): `may_edit_chain`.
- Updates: written and submitted by the unit and the project's manager, approved or returned by the
  unit or the president (`pipeline.py`, the one declaration).
- A period is locked and unlocked by the unit or the president (`may_lock`); an unlock needs a reason.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.agreements import access as agreement_access
from sharaka.agreements.models import Obligation
from sharaka.core.roles import Role, is_internal
from sharaka.projects import access as project_access
from sharaka.projects.models import Project
from sharaka.results import pipeline, schedules
from sharaka.results.models import Indicator, Period, ReportingSchedule, Result, Update

LOCKERS = {Role.ADMINISTRATOR, Role.COOPERATION_OFFICER, Role.PRESIDENT}


def may_edit_chain(user, project: Project) -> bool:
    return project.archived_at is None and project_access.may_edit(user, project)


def may_report(user, project: Project) -> bool:
    """Whether this user may write a draft update on this project's periods."""
    if project.archived_at is not None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role not in pipeline.REPORTERS:
        return False
    return user.role != Role.PROJECT_MANAGER or project.manager_id == user.pk


def may_edit_update(user, update: Update) -> bool:
    return (
        update.status in pipeline.EDITABLE
        and not update.period.is_locked
        and may_report(user, update.period.indicator.result.project)
    )


def may_move(user, update: Update, to: str) -> bool:
    return update.period.indicator.result.project.archived_at is None and pipeline.PIPELINE.may(
        user, update, to
    )


def allowed_moves(user, update: Update) -> list[str]:
    return [to for to in pipeline.PIPELINE.targets(update) if may_move(user, update, to)]


def may_lock(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and user.role in LOCKERS


def sees_unapproved(user) -> bool:
    """Drafts, submitted and returned updates are the commune's own work in progress."""
    return is_internal(user)


def visible_updates(user, queryset):
    if sees_unapproved(user):
        return queryset
    return queryset.filter(status=pipeline.Status.APPROVED)


def get_project_for(user, pk, write: bool = False) -> Project:
    """404 for those who may not see the project, 403 for those who may only read its chain."""
    project = project_access.get_project_for(user, pk)
    if write and not may_edit_chain(user, project):
        raise PermissionDenied
    return project


def get_result_for(user, project: Project, pk, write: bool = False) -> Result:
    result = get_object_or_404(Result, project=project, pk=pk)
    if write and not may_edit_chain(user, project):
        raise PermissionDenied
    return result


def get_indicator_for(user, project: Project, pk, write: bool = False) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("result"), result__project=project, pk=pk)
    if write and not may_edit_chain(user, project):
        raise PermissionDenied
    return indicator


def get_period_for(user, project: Project, pk, write: bool = False) -> Period:
    period = get_object_or_404(
        Period.objects.select_related("indicator__result"), indicator__result__project=project, pk=pk
    )
    if write and not may_edit_chain(user, project):
        raise PermissionDenied
    return period


def get_update_for(user, project: Project, pk, write: bool = False) -> Update:
    """An update this user may see (404 otherwise: a partner never learns a draft exists)."""
    updates = visible_updates(user, Update.objects.select_related("period__indicator__result__project"))
    update = get_object_or_404(updates, period__indicator__result__project=project, pk=pk)
    if write and not may_edit_update(user, update):
        raise PermissionDenied
    return update


def require_internal(user) -> None:
    if not is_internal(user):
        if project_access.may_see_projects(user):
            raise PermissionDenied
        raise Http404


# --- reporting schedules (results/schedules.py): the pages and the API use the same three ---


def schedules_project_for(user, pk, write=False):
    """The commune's staff read a project's schedules; partners never see them."""
    project = project_access.get_project_for(user, pk)
    require_internal(user)
    if write and not schedules.may_manage_project(user, project):
        raise PermissionDenied
    return project


def schedules_obligation_for(user, pk, write=False):
    """The commune's staff who read agreements read an obligation's schedules."""
    agreement_access.require(user, "agreements.view")
    obligation = get_object_or_404(Obligation.objects.select_related("agreement"), pk=pk)
    if write and not schedules.may_manage_obligation(user, obligation):
        raise PermissionDenied
    return obligation


def schedule_for(user, pk, write=False) -> ReportingSchedule:
    """A schedule, read as its project's or its obligation's; `write`: by whoever may manage it."""
    schedule = get_object_or_404(
        ReportingSchedule.objects.select_related("project", "obligation__agreement", "responsible"), pk=pk
    )
    if schedule.project_id:
        schedules_project_for(user, schedule.project_id)
    else:
        schedules_obligation_for(user, schedule.obligation_id)
    if write and not schedules.may_manage(user, schedule):
        raise PermissionDenied
    return schedule
