"""Pages of reporting schedules: a project's and an obligation's schedules with their due reports,
the forms that keep them, "mark reported", and the unit's "who has not reported" list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sharaka.core.forms import apply_errors
from sharaka.core.roles import is_internal
from sharaka.results import access, schedules
from sharaka.results.forms_schedules import ReopenForm, ScheduleForm
from sharaka.results.models import DueReport, ReportingSchedule


def _back(schedule: ReportingSchedule):
    if schedule.project_id:
        return redirect("schedule_project", pk=schedule.project_id)
    return redirect("schedule_obligation", pk=schedule.obligation_id)


def _listed(user, owner_filter: dict):
    """The schedules with their due reports, each with its state for today, in two queries."""
    today = timezone.localdate()
    rows = list(
        ReportingSchedule.objects.filter(**owner_filter)
        .select_related("responsible")
        .prefetch_related("due_reports__done_by")
        .order_by("-active", "starts_on", "id")
    )
    for schedule in rows:
        schedule.may_manage = None  # filled by the caller, which knows the owner
        schedule.listed = list(schedule.due_reports.all())
        for due in schedule.listed:
            due.state = schedules.state_of(due, today) if schedule.active else None
            due.days_late = schedules.days_late(due, today)
    return rows, today


@require_GET
def schedule_project(request, pk):
    project = access.schedules_project_for(request.user, pk)
    rows, today = _listed(request.user, {"project": project})
    may_manage = schedules.may_manage_project(request.user, project)
    for schedule in rows:
        schedule.may_manage = may_manage
        for due in schedule.listed:
            due.may_mark = may_manage or request.user.pk == schedule.responsible_id
    return render(
        request,
        "results/schedule_list.html",
        {"project": project, "schedules": rows, "today": today, "may_manage": may_manage},
    )


@require_GET
def schedule_obligation(request, pk):
    obligation = access.schedules_obligation_for(request.user, pk)
    rows, today = _listed(request.user, {"obligation": obligation})
    may_manage = schedules.may_manage_obligation(request.user, obligation)
    for schedule in rows:
        schedule.may_manage = may_manage
        for due in schedule.listed:
            due.may_mark = may_manage or request.user.pk == schedule.responsible_id
    return render(
        request,
        "results/schedule_list.html",
        {"obligation": obligation, "schedules": rows, "today": today, "may_manage": may_manage},
    )


def _form_page(request, form, *, project=None, obligation=None, schedule=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = schedules.schedule_save(
                actor=request.user,
                schedule=schedule,
                data=form.schedule_data(),
                project=project,
                obligation=obligation,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The reporting schedule was saved."))
            return _back(saved)
    context = {"form": form, "project": project, "obligation": obligation, "schedule": schedule}
    return render(request, "results/schedule_form.html", context)


@require_http_methods(["GET", "POST"])
def schedule_project_add(request, pk):
    project = access.schedules_project_for(request.user, pk, write=True)
    form = ScheduleForm(
        request.POST if request.method == "POST" else None, instance=ReportingSchedule(project=project)
    )
    return _form_page(request, form, project=project)


@require_http_methods(["GET", "POST"])
def schedule_obligation_add(request, pk):
    obligation = access.schedules_obligation_for(request.user, pk, write=True)
    form = ScheduleForm(
        request.POST if request.method == "POST" else None, instance=ReportingSchedule(obligation=obligation)
    )
    return _form_page(request, form, obligation=obligation)


@require_http_methods(["GET", "POST"])
def schedule_edit(request, pk):
    schedule = access.schedule_for(request.user, pk, write=True)
    # The form works on a copy, so that a refused save leaves the page's heading as it was.
    form = ScheduleForm(
        request.POST if request.method == "POST" else None, instance=ReportingSchedule.objects.get(pk=pk)
    )
    return _form_page(
        request, form, project=schedule.project, obligation=schedule.obligation, schedule=schedule
    )


@require_POST
def schedule_active(request, pk):
    schedule = access.schedule_for(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    schedules.schedule_set_active(actor=request.user, schedule=schedule, active=active)
    messages.success(
        request,
        _("The schedule was started again.")
        if active
        else _("The schedule was stopped: it owes nothing more."),
    )
    return _back(schedule)


def _due(user, pk) -> DueReport:
    due = get_object_or_404(DueReport, pk=pk)
    due.schedule = access.schedule_for(user, due.schedule_id)
    return due


@require_POST
def due_report_done(request, pk):
    due = _due(request.user, pk)
    if not schedules.may_mark(request.user, due):
        raise PermissionDenied
    schedules.due_report_done(actor=request.user, due=due)
    messages.success(request, _("The report is marked made."))
    return _back(due.schedule)


@require_POST
def due_report_reopen(request, pk):
    due = _due(request.user, pk)
    if not schedules.may_manage(request.user, due.schedule):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid():
        schedules.due_report_reopen(actor=request.user, due=due, reason=form.cleaned_data["reason"])
        messages.success(request, _("The report is open again."))
    else:
        messages.error(request, _("Say why the report is reopened."))
    return _back(due.schedule)


@require_GET
def not_reported(request):
    if not schedules.may_read_not_reported(request.user):
        if is_internal(request.user):
            raise PermissionDenied
        raise Http404
    today = timezone.localdate()
    groups = schedules.not_reported(today)
    return render(
        request,
        "results/not_reported.html",
        {"groups": groups, "today": today, "total": sum(len(g["reports"]) for g in groups)},
    )
