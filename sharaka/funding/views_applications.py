"""The applications pages: the list, one application with its road, opening, editing and moving one.

Every page goes through `access` (404 for those who may not see funding, 403 for readers asking to
write); every change through `applications.py`.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core import exports
from sharaka.core.forms import apply_errors
from sharaka.core.multilingual import best
from sharaka.core.roles import can
from sharaka.funding import access, applications, reminders
from sharaka.funding.forms_applications import ApplicationForm, ApplicationOpenForm, ListFilterForm, MoveForm
from sharaka.funding.models import Application, Call
from sharaka.funding.pipeline import OPEN, PIPELINE, REASON_REQUIRED
from sharaka.funding.pipeline import Status as S
from sharaka.projects.models import Project

PAGE_SIZE = 25


def application_list(request):
    access.require(request.user, "funding.view")
    today = timezone.localdate()
    filters = ListFilterForm(request.GET or None)
    qs = Application.objects.all()
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("funder"):
            qs = qs.filter(call__funder=data["funder"])
        if data.get("project"):
            qs = qs.filter(project=data["project"])
    qs = (
        reminders.with_next_deadline(qs, today)
        .select_related("project", "call__funder", "lead", "owner")
        .order_by("-updated_at", "-id")
    )
    if exports.requested(request):
        rows = list(qs[: exports.MAX_ROWS + 1])
        _next_deadlines(rows, today)
        return exports.respond(request, rows, EXPORT_COLUMNS, name="applications")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _next_deadlines(page.object_list, today)
    return render(
        request,
        "funding/applications/list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": any(value for name, value in request.GET.items() if name != "page"),
            "may_open": can(request.user, "funding.edit"),
        },
    )


def _next_deadlines(applications, today) -> None:
    for application in applications:
        application.stage_label = reminders.stage_label(application.next_stage_kind)
        if application.next_deadline and application.status in OPEN:
            application.days_left = (application.next_deadline - today).days
        else:
            application.days_left = None


# The columns of the list page, in its order (exports.respond).
EXPORT_COLUMNS = [
    exports.Column(_l("Project"), lambda a: f"{a.project.code} · {best(a.project, 'title')}"),
    exports.Column(pgettext_lazy("funding call", "Call"), lambda a: str(a.call)),
    exports.Column(_l("Reference"), lambda a: a.call.reference),
    exports.Column(_l("Funder"), lambda a: str(a.call.funder.acronym or a.call.funder)),
    exports.Column(pgettext_lazy("application", "Status"), lambda a: a.get_status_display()),
    exports.Column(_l("Amount requested"), lambda a: a.amount_requested),
    exports.Column(_l("Currency"), lambda a: a.currency if a.amount_requested else ""),
    exports.Column(
        _l("Next deadline"),
        lambda a: f"{a.stage_label}: {a.next_deadline.isoformat()}" if a.days_left is not None else "",
    ),
]


def _moves(user, application) -> list[dict]:
    """The moves this user may make from here, each its own small form on the page."""
    labels = {
        S.DRAFTING: _("Go: draft the proposal"),
        S.NO_GO: _("No-go"),
        S.CONSIDERED: _("Consider again"),
        S.SUBMITTED: _("Mark submitted"),
        S.SHORTLISTED: _("Mark shortlisted"),
        S.AWARDED: _("Record the award"),
        S.REJECTED: _("Record the rejection"),
        S.WITHDRAWN: _("Withdraw"),
    }
    return [
        {
            "to": to,
            "label": labels.get(to, PIPELINE.label(to)),
            "reason_required": to in REASON_REQUIRED,
            "needs_amount": to == S.AWARDED,
            "needs_day": to in (S.SUBMITTED, S.AWARDED, S.REJECTED),
            "danger": to in (S.NO_GO, S.WITHDRAWN, S.REJECTED),
        }
        for to in PIPELINE.allowed_targets(user, application)
    ]


def application_detail(request, pk, *, move_form=None, failed_to=None, status=200):
    application = access.get_application_for(request.user, pk)
    today = timezone.localdate()
    stages = []
    for stage in application.call.stages.all():
        stages.append(
            {
                "stage": stage,
                "days_left": (stage.deadline - today).days if stage.deadline else None,
                "start_by": (
                    stage.deadline - datetime.timedelta(days=stage.days_to_prepare)
                    if stage.deadline
                    else None
                ),
            }
        )
    history = list(application.status_changes.select_related("changed_by").order_by("changed_at", "id"))
    archived = application.project.archived_at is not None
    context = {
        "application": application,
        "project": application.project,
        "call": application.call,
        "stages": stages,
        "history": history,
        "moves": [] if archived else _moves(request.user, application),
        "move_form": move_form,
        "failed_to": failed_to,
        "may_edit": can(request.user, "funding.edit") and not archived,
        "today": today,
        "decided": application.status in (S.AWARDED, S.REJECTED),
    }
    return render(request, "funding/applications/detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def application_add(request):
    access.require(request.user, "funding.edit")
    if request.method == "POST":
        form = ApplicationOpenForm(request.POST)
    else:
        initial = {}
        for name, model in (("project", Project), ("call", Call)):
            value = request.GET.get(name, "")
            if value.isdigit() and len(value) < 18 and model.objects.filter(pk=int(value)).exists():
                initial[name] = int(value)
        form = ApplicationOpenForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("project", "call")}
        if not data.get("owner"):
            data.pop("owner", None)
        try:
            application = applications.application_open(
                actor=request.user,
                project=form.cleaned_data["project"],
                call=form.cleaned_data["call"],
                data=data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The application was opened: decide the go or no-go."))
            return redirect("funding_application", pk=application.pk)
    return render(request, "funding/applications/form.html", {"form": form, "application": None})


@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    application = access.get_application_for(request.user, pk, write=True)
    form = ApplicationForm(request.POST if request.method == "POST" else None, application=application)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ApplicationForm.FIELDS}
        try:
            applications.application_save(
                actor=request.user,
                application=application,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The application was saved."))
            return redirect("funding_application", pk=application.pk)
    return render(request, "funding/applications/form.html", {"form": form, "application": application})


@require_POST
def application_move(request, pk):
    application = access.get_application_for(request.user, pk)
    # Every move is the unit's or the president's (pipeline.MOVES); the service checks which.
    access.require(request.user, "funding.decide")
    form = MoveForm(request.POST)
    if not form.is_valid():
        return application_detail(
            request, pk, move_form=form, failed_to=request.POST.get("to", ""), status=400
        )
    data = form.cleaned_data
    try:
        applications.application_move(
            actor=request.user,
            application=application,
            to=data["to"],
            reason=data["reason"],
            data={"amount_awarded": data.get("amount_awarded"), "on": data.get("on")},
            expected_version=data["version"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return application_detail(request, pk, move_form=form, failed_to=data["to"], status=400)
    messages.success(
        request,
        _("The application is now “%(status)s”.") % {"status": PIPELINE.label(data["to"])},
    )
    return redirect("funding_application", pk=application.pk)
