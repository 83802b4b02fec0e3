"""The trainings pages: the unit's list and record of each training, its participants, attendance,
certificates, evaluations and effect. Rules: `capacity/trainings.py`; who reads what: `capacity/access.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.capacity import access, effects, trainings
from sharaka.capacity.forms_trainings import (
    AttendanceForm,
    CertificateForm,
    EvaluationForm,
    MoveForm,
    ParticipantsForm,
    TrainingFilterForm,
    TrainingForm,
    training_initial,
)
from sharaka.capacity.models import Participation, Training
from sharaka.capacity.pipeline import PIPELINE, allowed_targets
from sharaka.core import uploads
from sharaka.core.forms import apply_errors
from sharaka.core.roles import can, is_internal

PAGE_SIZE = 25


def get_training_for(user, pk, *, manage: bool = False) -> Training:
    """One training: the unit reads it (`capacity.view`), the cooperation officer and the administrator
    change it (`capacity.manage`); the commune's other staff 403, everyone else 404."""
    (access.require_manage if manage else access.require_view)(user)
    return get_object_or_404(Training.objects.select_related("provider", "funder", "created_by"), pk=pk)


def _participation(training, participation_pk) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related("profile__manager", "training"),
        pk=participation_pk,
        training=training,
    )


def _refuse(user):
    raise PermissionDenied if is_internal(user) else Http404


@require_http_methods(["GET", "HEAD"])
def training_list(request):
    access.require_view(request.user)
    filters = TrainingFilterForm(request.GET or None, years=trainings.years())
    rows = trainings.trainings_list(
        year=filters.value("year"), skill=filters.value("skill"), status=filters.value("status")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(filters.value(name) for name in ("year", "skill", "status"))
    return render(
        request,
        "capacity/trainings/list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "can_manage": can(request.user, "capacity.manage"),
        },
    )


@require_http_methods(["GET", "HEAD"])
def training_detail(request, pk):
    training = get_training_for(request.user, pk)
    user = request.user
    participations = list(
        training.participations.select_related("profile__manager", "profile__position").order_by(
            "profile__full_name", "pk"
        )
    )
    for row in participations:
        _decorate(user, training, row)
    can_manage = can(user, "capacity.manage")
    return render(
        request,
        "capacity/trainings/detail.html",
        {
            "training": training,
            "skills": list(training.skills.order_by("order", "code")),
            "participations": participations,
            "summary": trainings.evaluation_summary(training),
            "effect": effects.training_effect(training, user)
            if training.status == Training.Status.HELD
            else None,
            "history": training.status_changes.select_related("changed_by").order_by("changed_at", "id"),
            "targets": allowed_targets(user, training) if can_manage else [],
            "can_manage": can_manage,
            "label": PIPELINE.label,
            "attendance_choices": Participation.Attendance.choices,
        },
    )


def _decorate(user, training, row) -> Participation:
    """What the reader may do with one participant's row of the training's page."""
    row.training = training
    row.readable = trainings.may_read_evaluation(user, row)
    row.writable = trainings.may_write_evaluation(user, row)
    row.came = row.attendance in trainings.CAME
    return row


@require_http_methods(["GET", "POST"])
def training_create(request):
    access.require_manage(request.user)
    form = TrainingForm(request.POST or None, initial={"currency": "MAD", "cost": 0})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            training = trainings.training_create(actor=request.user, data=data, skills=data["skills"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The training was recorded."))
            return redirect("capacity:training", pk=training.pk)
    return render(request, "capacity/trainings/form.html", {"form": form, "training": None})


@require_http_methods(["GET", "POST"])
def training_edit(request, pk):
    training = get_training_for(request.user, pk, manage=True)
    form = TrainingForm(request.POST or None, initial=training_initial(training))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trainings.training_update(
                actor=request.user,
                training=training,
                data=data,
                skills=data["skills"],
                expected_version=data.get("version"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The training was saved."))
            return redirect("capacity:training", pk=training.pk)
    return render(request, "capacity/trainings/form.html", {"form": form, "training": training})


@require_http_methods(["GET", "POST"])
def training_move(request, pk):
    training = get_training_for(request.user, pk, manage=True)
    targets = allowed_targets(request.user, training)
    # A move the page did not offer (held before the last day) is still posted to the service, which
    # says why it refuses.
    offered = targets or PIPELINE.allowed_targets(request.user, training)
    form = MoveForm(request.POST or None, targets=offered)
    if request.method == "POST" and form.is_valid():
        try:
            trainings.training_move(
                actor=request.user,
                training=training,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The training's status was changed."))
            return redirect("capacity:training", pk=training.pk)
    return render(
        request, "capacity/trainings/move.html", {"form": form, "training": training, "targets": targets}
    )


@require_http_methods(["GET", "POST"])
def training_participants(request, pk):
    training = get_training_for(request.user, pk, manage=True)
    form = ParticipantsForm(request.POST or None, training=training)
    if request.method == "POST" and form.is_valid():
        try:
            added = trainings.participants_add(
                actor=request.user, training=training, profiles=form.cleaned_data["profiles"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(n)s people registered.") % {"n": len(added)})
            return redirect("capacity:training", pk=training.pk)
    participations = training.participations.select_related("profile").order_by("profile__full_name", "pk")
    return render(
        request,
        "capacity/trainings/participants.html",
        {"form": form, "training": training, "participations": participations},
    )


@require_POST
def training_participant_remove(request, pk, participation_pk):
    training = get_training_for(request.user, pk, manage=True)
    participation = _participation(training, participation_pk)
    try:
        trainings.participant_remove(actor=request.user, training=training, participation=participation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s was taken off the training.") % {"name": participation.profile.full_name}
        )
    return redirect("capacity:training_participants", pk=training.pk)


@require_http_methods(["GET", "POST"])
def training_attendance(request, pk):
    training = get_training_for(request.user, pk, manage=True)
    participations = list(
        training.participations.select_related("profile").order_by("profile__full_name", "pk")
    )
    form = AttendanceForm(request.POST if request.method == "POST" else None, participations=participations)
    if request.method == "POST" and form.is_valid():
        marks = form.marks()
        try:
            training = trainings.attendance_set(actor=request.user, training=training, marks=marks)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if request.headers.get("HX-Request") and len(marks) == 1:
                # From the training's page: the participant's row, changed in place.
                row = training.participations.select_related("profile__manager", "profile__position").get(
                    pk=next(iter(marks))
                )
                return render(
                    request,
                    "capacity/trainings/_participant.html",
                    {
                        "p": _decorate(request.user, training, row),
                        "training": training,
                        "can_manage": True,
                        "attendance_choices": Participation.Attendance.choices,
                    },
                )
            messages.success(request, _("The attendance was recorded."))
            return redirect("capacity:training", pk=training.pk)
    return render(
        request,
        "capacity/trainings/attendance.html",
        {"form": form, "training": training, "held": training.status == Training.Status.HELD},
    )


@require_http_methods(["GET", "POST"])
def training_certificate(request, pk, participation_pk):
    training = get_training_for(request.user, pk, manage=True)
    participation = _participation(training, participation_pk)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            trainings.certificate_upload(
                actor=request.user, participation=participation, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The certificate was kept."))
            return redirect("capacity:training", pk=training.pk)
    return render(
        request,
        "capacity/trainings/certificate.html",
        {"form": form, "training": training, "participation": participation},
    )


@require_http_methods(["GET", "HEAD"])
def training_certificate_file(request, pk, participation_pk):
    """A certificate: the unit (`capacity.view`), the person, their manager and the administrator."""
    participation = get_object_or_404(
        Participation.objects.select_related("profile__manager", "training"),
        pk=participation_pk,
        training__pk=pk,  # checked as a key: one too big for the database is not found
    )
    user = request.user
    if not (can(user, "capacity.view") or access.may_read_assessments(user, participation.profile)):
        _refuse(user)
    if not participation.certificate:
        raise Http404
    name = participation.certificate_name.lower()
    content_type = uploads.KINDS.get("." + name.rsplit(".", 1)[-1], None) if "." in name else None
    return uploads.serve(participation.certificate, content_type.content_type if content_type else "")


@require_http_methods(["GET", "POST"])
def training_evaluation(request, pk, participation_pk):
    """A participant's evaluation: written by the person (or entered by the unit from a paper form while
    none exists); read by the person, their manager and the administrator."""
    user = request.user
    participation = get_object_or_404(
        Participation.objects.select_related("profile__manager", "training"),
        pk=participation_pk,
        training__pk=pk,  # checked as a key: one too big for the database is not found
    )
    mine = trainings.is_participant(user, participation)
    readable = trainings.may_read_evaluation(user, participation)
    if not (mine or readable or can(user, "capacity.manage")):
        _refuse(user)
    writable = trainings.may_write_evaluation(user, participation)
    initial = {"rating": participation.rating, "evaluation": participation.evaluation} if readable else {}
    form = EvaluationForm(request.POST or None, initial=initial) if writable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                trainings.evaluation_set(
                    actor=user,
                    participation=participation,
                    rating=form.cleaned_data["rating"],
                    text=form.cleaned_data["evaluation"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Thank you: the evaluation was recorded."))
                if can(user, "capacity.view"):
                    return redirect("capacity:training", pk=participation.training_id)
                return redirect(
                    "capacity:training_evaluation",
                    pk=participation.training_id,
                    participation_pk=participation.pk,
                )
    return render(
        request,
        "capacity/trainings/evaluation.html",
        {
            "training": participation.training,
            "participation": participation,
            "form": form,
            "mine": mine,
            "readable": readable,
            "can_view": can(user, "capacity.view"),
        },
    )
