"""The staff part of capacity building: the staff list, a person's profile (their assessments over
time, the gap against their position and the evidence of the platform's records, for the three people
who may read them), recording an assessment, the skills catalogue and what each position needs.

Who sees what: `capacity/access.py` (the unit's pages by capability; assessments by person, manager
and administrator only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sharaka.capacity import access, gaps, services
from sharaka.capacity import trainings as capacity_trainings
from sharaka.capacity.evidence import evidence_for
from sharaka.capacity.forms import (
    AssessmentForm,
    LanguagesForm,
    ProfileForm,
    RequirementsForm,
    SkillLevelForm,
    StaffFilterForm,
)
from sharaka.capacity.models import (
    Assessment,
    AssessmentScore,
    Participation,
    Position,
    Requirement,
    Skill,
    SkillLevel,
    StaffProfile,
)
from sharaka.core.forms import apply_errors
from sharaka.core.roles import can, is_internal
from sharaka.lib.text import isolate


def _skills():
    return Skill.objects.filter(is_active=True).prefetch_related("levels").order_by("order", "code")


@require_http_methods(["GET", "HEAD"])
def staff(request):
    access.require_view(request.user)
    form = StaffFilterForm(request.GET or None)
    people = StaffProfile.objects.select_related("position", "manager").order_by("full_name", "id")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            people = people.filter(full_name__icontains=data["q"])
        if data["position"]:
            people = people.filter(position=data["position"])
        if data["service"]:
            people = people.filter(service__icontains=data["service"])
    return render(
        request,
        "capacity/staff.html",
        {"form": form, "people": people, "may_manage": can(request.user, "capacity.manage")},
    )


def _skill_history(profile, skills):
    """Per skill: what the position needs, the dated self and manager levels side by side, the current
    level and the gap. Three queries."""
    needs = dict(Requirement.objects.filter(position_id=profile.position_id).values_list("skill_id", "level"))
    assessments = list(
        profile.assessments.select_related("assessor").prefetch_related(
            Prefetch("scores", queryset=AssessmentScore.objects.only("assessment_id", "skill_id", "level"))
        )
    )
    current = {skill_id: found.level for (_, skill_id), found in gaps.current_levels([profile.pk]).items()}
    rows = []
    for skill in skills:
        dates = {}
        for a in sorted(assessments, key=lambda a: (a.assessed_on, a.pk)):
            for score in a.scores.all():
                if score.skill_id == skill.pk:
                    dates.setdefault(a.assessed_on, {})[a.kind] = (score.level, a.pk)
        need, level = needs.get(skill.pk), current.get(skill.pk)
        rows.append(
            {
                "skill": skill,
                "need": need,
                "current": level,
                "gap": (need - level) if need is not None and level is not None and need > level else 0,
                "history": [
                    {
                        "date": d,
                        "self": v.get(Assessment.Kind.SELF),
                        "manager": v.get(Assessment.Kind.MANAGER),
                    }
                    for d, v in sorted(dates.items())
                ],
            }
        )
    return rows, sorted(assessments, key=lambda a: (a.assessed_on, a.pk), reverse=True)


@require_http_methods(["GET", "HEAD"])
def profile(request, pk):
    person = access.get_profile_for(request.user, pk)
    context = {
        "person": person,
        "languages": person.languages.all(),
        "may_read": access.may_read_assessments(request.user, person),
        "may_self": access.may_assess(request.user, person, Assessment.Kind.SELF),
        "may_manager": access.may_assess(request.user, person, Assessment.Kind.MANAGER),
        "may_manage": can(request.user, "capacity.manage"),
    }
    # The trainings the person followed: the unit sees attendance anyway; the person evaluates from here.
    context["trainings"] = list(capacity_trainings.participations_of(person))
    context["may_open_trainings"] = can(request.user, "capacity.view")
    context["own"] = person.user_id is not None and person.user_id == request.user.pk
    context["came"] = (Participation.Attendance.ATTENDED, Participation.Attendance.PARTLY)
    if context["may_read"]:
        skills = list(Skill.objects.filter(is_active=True).order_by("order", "code"))
        context["skills"], context["assessments"] = _skill_history(person, skills)
        evidence = evidence_for(person, request.user)
        by_code = {s.code: s for s in skills}
        for row in evidence:
            row.skill = by_code.get(row.code)
        context["evidence"] = evidence
    return render(request, "capacity/profile.html", context)


@require_http_methods(["GET", "HEAD"])
def me(request):
    own = access.profile_of(request.user)
    if own is not None:
        return redirect("capacity:profile", pk=own.pk)
    if not is_internal(request.user):
        raise Http404
    return render(request, "capacity/me.html", {})


def _kind_for(request, person) -> str:
    asked = request.GET.get("kind") or request.POST.get("kind")
    if asked in Assessment.Kind.values:
        return asked
    return Assessment.Kind.SELF if person.user_id == request.user.pk else Assessment.Kind.MANAGER


@require_http_methods(["GET", "HEAD", "POST"])
def assess(request, pk):
    person = access.get_profile_for(request.user, pk)
    kind = _kind_for(request, person)
    if not access.may_assess(request.user, person, kind):
        raise PermissionDenied
    skills = list(_skills())
    if request.method == "POST":
        form = AssessmentForm(request.POST, skills=skills)
        if form.is_valid():
            try:
                assessment = services.assessment_record(
                    actor=request.user,
                    profile=person,
                    kind=kind,
                    assessed_on=form.cleaned_data["assessed_on"],
                    scores=form.scores(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The assessment was recorded."))
                return redirect("capacity:assessment", pk=assessment.pk)
    else:
        form = AssessmentForm(skills=skills)
    return render(
        request,
        "capacity/assess.html",
        {"person": person, "kind": kind, "kind_label": Assessment.Kind(kind).label, "form": form},
    )


@require_http_methods(["GET", "HEAD"])
def assessment(request, pk):
    item = access.get_assessment_for(request.user, pk)
    scores = item.scores.select_related("skill").order_by("skill__order", "skill__code")
    return render(request, "capacity/assessment.html", {"item": item, "scores": scores})


@require_http_methods(["GET", "HEAD"])
def skills(request):
    access.require_view(request.user)
    positions = list(Position.objects.order_by("name_fr", "code"))
    skills = list(_skills())
    needs = {(r.position_id, r.skill_id): r.level for r in Requirement.objects.all()}
    for skill in skills:
        skill.needs = [(p, needs.get((p.pk, skill.pk))) for p in positions]
    return render(
        request,
        "capacity/skills.html",
        {"skills": skills, "positions": positions, "may_manage": can(request.user, "capacity.manage")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def position_needs(request, pk):
    access.require_manage(request.user)
    position = get_object_or_404(Position, pk=pk)
    skills = list(_skills())
    needs = dict(position.requirements.values_list("skill_id", "level"))
    initial = {f"need_{pk}": level for pk, level in needs.items()}
    if request.method == "POST":
        form = RequirementsForm(request.POST, skills=skills, initial=initial)
        if form.is_valid():
            try:
                services.requirements_set(actor=request.user, position=position, levels=form.levels())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("What %(position)s needs was saved.") % {"position": isolate(position)}
                )
                return redirect("capacity:skills")
    else:
        form = RequirementsForm(skills=skills, initial=initial)
    return render(request, "capacity/position_needs.html", {"position": position, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def skill_edit(request, pk):
    access.require_manage(request.user)
    skill = get_object_or_404(Skill, pk=pk)
    levels = list(SkillLevel.objects.filter(skill=skill).order_by("level"))
    data = request.POST if request.method == "POST" else None
    forms = [SkillLevelForm(data, instance=lv, prefix=f"level{lv.level}") for lv in levels]
    if data is not None and all(f.is_valid() for f in forms):
        try:
            with transaction.atomic():
                for form, lv in zip(forms, levels, strict=True):
                    services.skill_level_update(actor=request.user, skill_level=lv, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(forms[0], exc)
        else:
            messages.success(request, _("The levels of %(skill)s were saved.") % {"skill": isolate(skill)})
            return redirect("capacity:skills")
    return render(
        request, "capacity/skill_edit.html", {"skill": skill, "forms": zip(levels, forms, strict=True)}
    )


# --- creating and correcting a staff profile, and its languages (profiles part) ----------------------


@require_http_methods(["GET", "HEAD", "POST"])
def profile_add(request):
    access.require_manage(request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.profile_create(actor=request.user, data=form.profile_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The profile of %(name)s was created.") % {"name": isolate(person)})
            return redirect("capacity:profile", pk=person.pk)
    return render(request, "capacity/profile_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request, pk):
    access.require_manage(request.user)
    person = get_object_or_404(StaffProfile.objects.select_related("position", "manager"), pk=pk)
    form = ProfileForm(request.POST if request.method == "POST" else None, profile=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                actor=request.user,
                profile=person,
                data=form.profile_data(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("capacity:profile", pk=person.pk)
    return render(request, "capacity/profile_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "HEAD", "POST"])
def profile_languages(request, pk):
    access.require_manage(request.user)
    person = get_object_or_404(StaffProfile, pk=pk)
    initial = {f"level_{code}": level for code, level in person.languages.values_list("language", "level")}
    form = LanguagesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.languages_set(actor=request.user, profile=person, levels=form.levels())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The languages of %(name)s were saved.") % {"name": isolate(person)})
            return redirect("capacity:profile", pk=person.pk)
    return render(request, "capacity/profile_languages.html", {"form": form, "person": person})
