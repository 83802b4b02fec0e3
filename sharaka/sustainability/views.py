"""The sustainability pages. Every project page goes through `access.get_project_for`; rules live in services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core import uploads
from sharaka.core.forms import apply_errors
from sharaka.core.pagination import OpenPage, in_as_text
from sharaka.core.roles import can
from sharaka.projects.models import Project
from sharaka.projects.pipeline import FUNDED
from sharaka.sustainability import access, queries, services, warnings
from sharaka.sustainability.forms import (
    CheckForm,
    CostForm,
    EvidenceForm,
    PlanForm,
    RiskForm,
    RiskMoveForm,
    SettingsForm,
    WaiveForm,
)
from sharaka.sustainability.models import (
    Check,
    CheckPhoto,
    Plan,
    RecurrentCost,
    Risk,
    RiskStatusChange,
    SustainabilitySettings,
)

DASHBOARD_ROWS = 20
COUNT_CAP = 1_000
TOP_RISKS = 10
# The funded projects are filtered by their status read as text (core.pagination.in_as_text), so
# that SQLite walks `project_active_end_order` (active projects by planned end, carrying their
# status) and stops at a page. EXPLAIN at region scale: plans 24 ms -> 0.1 ms, funded projects
# without a plan 22 ms -> 3 ms.
# The projects' long texts, which the dashboard never shows: its rows read only codes, titles and ends.
WIDE_PROJECT_TEXT = [
    "project__summary_ar",
    "project__summary_fr",
    "project__summary_en",
    "project__internal_notes",
]


# --- the unit's dashboard -----------------------------------------------------------------------


def _dashboard_page(queryset, number, counted=True):
    """One page of a dashboard list: `DASHBOARD_ROWS` rows and a count that stops at `COUNT_CAP`, so
    the page weighs the same for 30 projects or 20,000 (core.pagination.OpenPage)."""
    return OpenPage(queryset, number, per_page=DASHBOARD_ROWS, cap=COUNT_CAP, counted=counted)


def _warnings_page(request):
    page = _dashboard_page(
        warnings.open_warnings()
        .select_related("project")
        .defer(*WIDE_PROJECT_TEXT)
        .order_by("rule", "since", "id"),
        request.GET.get("warnings_page"),
    )
    groups: dict[str, list] = {}
    for warning in page:
        groups.setdefault(warning.rule, []).append(warning)
    return {"warnings": page, "groups": [(warnings.title(code), items) for code, items in groups.items()]}


def _plans_page(request):
    page = _dashboard_page(
        in_as_text(Plan.objects.filter(project__archived_at__isnull=True), "project__status", FUNDED)
        .select_related("project")
        .defer(*WIDE_PROJECT_TEXT)
        .order_by("project__planned_end", "project__code"),
        request.GET.get("plans_page"),
    )
    queries.annotate_plans(page.object_list)
    mix = queries.payer_mix([p.pk for p in page])
    for plan in page:
        plan.mix = mix.get(plan.pk, [])
    return {"plans": page, "threshold": SustainabilitySettings.current().coverage_threshold}


def _without_plan_page(request):
    return {
        "without_plan": _dashboard_page(
            # The kept flag (planned.py) and its partial indexes (see Project.Meta): the projects
            # without a plan are the newest, so any walk of every project by its end probed most of
            # them for a plan first (a LEFT JOIN … IS NULL: 66 ms at national scale on PostgreSQL,
            # NOT EXISTS: 113 ms).
            in_as_text(Project.objects.active().filter(has_sustainability_plan=False), "status", FUNDED)
            .only("code")
            .order_by("planned_end", "code"),
            request.GET.get("without_page"),
            # Not counted ("Page N"), as it was when a count probed nearly every funded project for
            # a plan (15-40 ms at region scale, before the kept flag).
            counted=False,
        )
    }


def _checks_page(request, today):
    return {
        "checks": _dashboard_page(
            services.due_checks(today=today)
            .select_related("project")
            .defer(*WIDE_PROJECT_TEXT)
            .order_by("due_on", "id"),
            request.GET.get("checks_page"),
        ),
        "today": today,
    }


# htmx swaps one list (the element its "previous"/"next" targets) with the partial the page includes.
DASHBOARD_LISTS = {
    "d-warnings": ("sustainability/_dash_warnings.html", lambda request, today: _warnings_page(request)),
    "d-plans": ("sustainability/_dash_plans.html", lambda request, today: _plans_page(request)),
    "d-without": ("sustainability/_dash_without.html", lambda request, today: _without_plan_page(request)),
    "d-checks": ("sustainability/_dash_checks.html", _checks_page),
}


def dashboard(request):
    access.require(request.user, "sustainability.view")
    today = timezone.localdate()
    target = request.headers.get("HX-Target", "")
    if request.headers.get("HX-Request") == "true" and target in DASHBOARD_LISTS:
        template, read = DASHBOARD_LISTS[target]
        return render(request, template, read(request, today))
    context = {
        **_warnings_page(request),
        **_plans_page(request),
        **_without_plan_page(request),
        **_checks_page(request, today),
        "risks": list(
            Risk.objects.filter(status=Risk.Status.OPEN, project__archived_at__isnull=True)
            .select_related("project", "owner")
            .defer(*WIDE_PROJECT_TEXT)
            .order_by("-score", "review_on", "id")[:TOP_RISKS]
        ),
        "may_set": can(request.user, "sustainability.settings"),
    }
    return render(request, "sustainability/dashboard.html", context)


@require_http_methods(["GET", "POST"])
def settings_edit(request):
    access.require(request.user, "sustainability.settings")
    current = SustainabilitySettings.current()
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"coverage_threshold": current.coverage_threshold, "version": current.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                actor=request.user,
                coverage_threshold=form.cleaned_data["coverage_threshold"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The coverage threshold was saved."))
            return redirect("sustainability_dashboard")
    return render(request, "sustainability/settings.html", {"form": form})


# --- a project's plan ---------------------------------------------------------------------------


def plan_detail(request, pk, *, waive_form=None, status=200):
    project = access.get_project_for(request.user, pk)
    internal = access.sees_internal(request.user)
    plan = Plan.objects.filter(project=project).select_related("waived_by").first()
    context = {
        "project": project,
        "plan": plan,
        "internal": internal,
        "may_edit": access.may_edit(request.user, project),
        "threshold": SustainabilitySettings.current().coverage_threshold,
    }
    if plan is not None:
        queries.annotate_plans([plan])
        context["costs"] = list(plan.costs.select_related("payer_organisation", "evidence"))
        if internal:
            context["evidence"] = list(plan.evidence.select_related("uploaded_by"))
            context["may_waive"] = (
                can(request.user, "sustainability.waive") and plan.coverage < context["threshold"]
            )
            context["waive_form"] = waive_form or WaiveForm()
    if internal:
        context["risks"] = list(
            project.risks.select_related("owner").order_by("status", "-score", "review_on")
        )
        context["checks"] = list(
            project.sustainability_checks.select_related("checked_by").prefetch_related(
                Prefetch("photos", queryset=CheckPhoto.objects.order_by("id"))
            )
        )
        context["warnings"] = list(
            warnings.open_warnings().filter(project=project).order_by("rule", "since", "id")
        )
        context["today"] = timezone.localdate()
    return render(request, "sustainability/plan.html", context, status=status)


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    plan = Plan.objects.filter(project=project).first()
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        instance=Plan.objects.get(pk=plan.pk) if plan else None,
        initial={"version": plan.version if plan else None},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in PlanForm.Meta.fields}
        try:
            services.plan_save(
                actor=request.user, project=project, data=data, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The sustainability plan was saved."))
            return redirect("sustainability_plan", pk=project.pk)
    heading = _("Change the sustainability plan") if plan else _("Write the sustainability plan")
    return render(request, "sustainability/form.html", {"form": form, "project": project, "heading": heading})


@require_POST
def plan_waive(request, pk):
    project = access.get_project_for(request.user, pk, internal=True)
    plan = get_object_or_404(Plan, project=project)
    if not can(request.user, "sustainability.waive"):
        raise PermissionDenied
    form = WaiveForm(request.POST)
    if form.is_valid():
        try:
            services.plan_waive(actor=request.user, plan=plan, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Your reason was recorded: the project may close below the threshold.")
            )
            return redirect("sustainability_plan", pk=project.pk)
    return plan_detail(request, pk, waive_form=form, status=200)


def _plan_for_write(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    plan = Plan.objects.filter(project=project).first()
    if plan is None:
        messages.warning(request, _("Write the sustainability plan first."))
    return project, plan


@require_http_methods(["GET", "POST"])
def cost_edit(request, pk, cost_pk=None):
    project, plan = _plan_for_write(request, pk)
    if plan is None:
        return redirect("sustainability_plan_edit", pk=project.pk)
    cost = get_object_or_404(RecurrentCost, pk=cost_pk, plan=plan) if cost_pk else None
    form = CostForm(
        request.POST if request.method == "POST" else None,
        instance=RecurrentCost.objects.get(pk=cost.pk) if cost else None,
        plan=plan,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in CostForm.Meta.fields}
        try:
            services.cost_save(actor=request.user, plan=plan, data=data, cost=cost)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The recurrent cost was saved."))
            return redirect("sustainability_plan", pk=project.pk)
    heading = _("Change a recurrent cost") if cost else _("Add a recurrent cost")
    return render(request, "sustainability/form.html", {"form": form, "project": project, "heading": heading})


@require_POST
def cost_remove(request, pk, cost_pk):
    project = access.get_project_for(request.user, pk, write=True)
    cost = get_object_or_404(RecurrentCost, pk=cost_pk, plan__project=project)
    try:
        services.cost_remove(actor=request.user, cost=cost)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The recurrent cost was removed."))
    return redirect("sustainability_plan", pk=project.pk)


@require_http_methods(["GET", "POST"])
def evidence_upload(request, pk):
    project, plan = _plan_for_write(request, pk)
    if plan is None:
        return redirect("sustainability_plan_edit", pk=project.pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_upload(
                actor=request.user,
                plan=plan,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The document was added to the plan."))
            return redirect("sustainability_plan", pk=project.pk)
    context = {
        "form": form,
        "project": project,
        "heading": _("Add a document to the plan"),
        "multipart": True,
    }
    return render(request, "sustainability/form.html", context)


@require_http_methods(["GET", "HEAD"])
def evidence_download(request, pk, evidence_pk):
    project = access.get_project_for(request.user, pk, internal=True)
    plan = get_object_or_404(Plan, project=project)
    evidence = get_object_or_404(plan.evidence, pk=evidence_pk)
    return uploads.serve(evidence.file, evidence.content_type)


# --- risks --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def risk_edit(request, pk, risk_pk=None):
    project = access.get_project_for(request.user, pk, write=True, internal=True)
    risk = get_object_or_404(Risk, pk=risk_pk, project=project) if risk_pk else None
    form = RiskForm(
        request.POST if request.method == "POST" else None,
        instance=Risk.objects.get(pk=risk.pk) if risk else None,
        initial={"version": risk.version if risk else None},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in RiskForm.Meta.fields}
        try:
            services.risk_save(
                actor=request.user,
                project=project,
                data=data,
                risk=risk,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The risk was saved."))
            return redirect("sustainability_plan", pk=project.pk)
    history = list(RiskStatusChange.objects.filter(risk=risk).select_related("changed_by")) if risk else []
    return render(
        request,
        "sustainability/risk_form.html",
        {"form": form, "project": project, "risk": risk, "history": history, "move_form": RiskMoveForm()},
    )


@require_POST
def risk_move(request, pk, risk_pk):
    project = access.get_project_for(request.user, pk, write=True, internal=True)
    risk = get_object_or_404(Risk, pk=risk_pk, project=project)
    form = RiskMoveForm(request.POST)
    if form.is_valid():
        try:
            services.risk_move(
                actor=request.user, risk=risk, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("sustainability_risk_edit", pk=project.pk, risk_pk=risk.pk)
        messages.success(request, _("The risk's status was changed."))
    else:
        messages.error(request, _("This move is not possible."))
    return redirect("sustainability_plan", pk=project.pk)


# --- post-support checks ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def check_record(request, pk, check_pk):
    project = access.get_project_for(request.user, pk, write=True, internal=True)
    check = get_object_or_404(Check, pk=check_pk, project=project)
    form = CheckForm(request.POST or None, request.FILES or None, instance=Check.objects.get(pk=check.pk))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in CheckForm.Meta.fields}
        try:
            services.check_record(
                actor=request.user, check=check, data=data, photo=form.cleaned_data.get("photo")
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The check was recorded."))
            return redirect("sustainability_plan", pk=project.pk)
    photos = list(check.photos.all())
    return render(
        request,
        "sustainability/check_form.html",
        {"form": form, "project": project, "check": check, "photos": photos},
    )


@require_http_methods(["GET", "HEAD"])
def check_photo(request, pk, check_pk, photo_pk):
    project = access.get_project_for(request.user, pk, internal=True)
    photo = get_object_or_404(CheckPhoto, pk=photo_pk, check_visit__pk=check_pk, check_visit__project=project)
    return uploads.serve(photo.file, photo.content_type, inline=True)
