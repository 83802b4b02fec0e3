"""The trainings the commune's staff follow (capacity building), as the trainings pages keep them:
the unit reads them (`capacity.view`), the cooperation officer and the administrator record them,
register people, mark who came. A person's own evaluation of a training and the staff's assessments
are personal data: they stay on the pages (capacity/access.py), not in the API."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views.base import IF_MATCH, Api, Pages, etag, expected_version
from sharaka.api.views.files import FILE, FILE_PARTS, FileAnswer
from sharaka.api.views.forms import (
    changes_to,
    form_data,
    json_object,
    on_top,
    valid,
    with_files,
)
from sharaka.capacity import access, trainings
from sharaka.capacity.forms_trainings import (
    AttendanceForm,
    CertificateForm,
    MoveForm,
    ParticipantsForm,
    TrainingForm,
    training_initial,
)
from sharaka.capacity.models import Participation, Training
from sharaka.capacity.pipeline import PIPELINE, allowed_targets
from sharaka.core import uploads
from sharaka.core.roles import can, is_internal


class TrainingParticipantOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.CharField(source="profile.full_name")
    profile = serializers.IntegerField(source="profile_id")
    attendance = out.choice("attendance")


class TrainingOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = out.BestText("title")
    titles = out.AllTexts("title")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    format = out.choice("format")
    status = out.choice("status")
    cost = serializers.DecimalField(max_digits=None, decimal_places=2)
    currency = serializers.CharField()
    cost_mad = serializers.DecimalField(max_digits=None, decimal_places=2)
    version = serializers.IntegerField()


class TrainingDetailOut(TrainingOut):
    place = serializers.CharField()
    provider = serializers.IntegerField(source="provider_id", allow_null=True)
    provider_name = serializers.CharField()
    funder = serializers.IntegerField(
        source="funder_id", allow_null=True, help_text="null: the commune's budget."
    )
    skills = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills(self, training):
        return [skill.code for skill in training.skills.order_by("order", "code")]

    @extend_schema_field(TrainingParticipantOut(many=True))
    def get_participants(self, training):
        rows = training.participations.select_related("profile").order_by("profile__full_name", "pk")
        return TrainingParticipantOut(rows, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, training):
        user = self.context["request"].user
        return allowed_targets(user, training) if can(user, "capacity.manage") else []


class TrainingIn(serializers.Serializer):
    """The fields of the page's training form; a PATCH sends only those it changes."""

    title_ar = serializers.CharField(required=False, allow_blank=True)
    title_fr = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    skills = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="Skill ids.")
    provider = serializers.IntegerField(required=False, allow_null=True, help_text="A partner's id.")
    provider_name = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    place = serializers.CharField(required=False, allow_blank=True)
    format = serializers.CharField(required=False)
    cost = serializers.DecimalField(max_digits=None, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(required=False)
    funder = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


def _answer(request, pk: int, status=200) -> Response:
    training = get_object_or_404(Training.objects.select_related("provider", "funder"), pk=pk)
    response = Response(TrainingDetailOut(training, context={"request": request}).data, status=status)
    response["ETag"] = etag(training)
    if status == 201:
        response["Location"] = reverse("api:training", args=[pk])
    return response


def _training(request, pk: int, *, manage=False) -> Training:
    (access.require_manage if manage else access.require_view)(request.user)
    return get_object_or_404(Training, pk=pk)


class Trainings(Api):
    """The trainings, the latest first (the unit: `capacity.view`); POST records one, as the page (the
    cooperation officer and the administrator): its cost in dirhams at the rate of its first day."""

    serializer_class = TrainingOut
    pagination_class = Pages
    ordering = ("-starts_on", "-id")

    @extend_schema(responses=TrainingOut(many=True))
    def get(self, request):
        access.require_view(request.user)
        page = self.paginate_queryset(Training.objects.all())
        return self.get_paginated_response(TrainingOut(page, many=True).data)

    @extend_schema(request=TrainingIn, responses={201: TrainingDetailOut})
    def post(self, request):
        access.require_manage(request.user)
        form = on_top(
            lambda data: TrainingForm(data, initial={"currency": "MAD", "cost": 0}),
            form_data(json_object(request), lists=("skills",)),
            refused=("version",),
        )
        data = form.cleaned_data
        training = trainings.training_create(actor=request.user, data=data, skills=data["skills"])
        return _answer(request, training.pk, status=201)


class TrainingDetail(Api):
    """A training with its skills, participants and who came; PATCH changes it as the page's form
    (If-Match)."""

    serializer_class = TrainingDetailOut

    def get(self, request, pk: int):
        _training(request, pk)
        return _answer(request, pk)

    @extend_schema(request=TrainingIn, parameters=[IF_MATCH], responses={200: TrainingDetailOut})
    def patch(self, request, pk: int):
        training = _training(request, pk, manage=True)
        version = expected_version(request, training)
        initial = training_initial(training)
        form = on_top(
            lambda data: TrainingForm(data, initial=initial),
            form_data(json_object(request), lists=("skills",)),
            refused=("version",),
            extra={"version": str(version)},
        )
        data = form.cleaned_data
        trainings.training_update(
            actor=request.user, training=training, data=data, skills=data["skills"], expected_version=version
        )
        return _answer(request, pk)


class TrainingMove(Api):
    """Move the training (planned, held once its last day is past, cancelled…), as its page."""

    serializer_class = out.MoveIn

    @extend_schema(request=out.MoveIn, responses={200: TrainingDetailOut})
    def post(self, request, pk: int):
        training = _training(request, pk, manage=True)
        offered = allowed_targets(request.user, training) or PIPELINE.allowed_targets(request.user, training)
        body = form_data(json_object(request))
        changes_to(MoveForm(targets=offered), body)
        data = valid(MoveForm(body, targets=offered))
        trainings.training_move(actor=request.user, training=training, to=data["to"], reason=data["reason"])
        return _answer(request, pk)


class ParticipantsIn(serializers.Serializer):
    profiles = serializers.ListField(child=serializers.IntegerField(), help_text="Staff profiles in post.")


class TrainingParticipants(Api):
    """Register people for the training, as the page (only people in post, each once)."""

    serializer_class = ParticipantsIn

    @extend_schema(request=ParticipantsIn, responses={201: TrainingDetailOut})
    def post(self, request, pk: int):
        training = _training(request, pk, manage=True)
        body = form_data(json_object(request), lists=("profiles",))
        changes_to(ParticipantsForm(training=training), body)
        data = valid(ParticipantsForm(body, training=training))
        trainings.participants_add(actor=request.user, training=training, profiles=data["profiles"])
        return _answer(request, pk, status=201)


class TrainingParticipant(Api):
    """Take a person off the training (before it is held), as the page."""

    serializer_class = TrainingDetailOut

    @extend_schema(request=None, responses={200: TrainingDetailOut})
    def delete(self, request, pk: int, participation_pk: int):
        training = _training(request, pk, manage=True)
        participation = get_object_or_404(
            Participation.objects.select_related("profile"), pk=participation_pk, training=training
        )
        trainings.participant_remove(actor=request.user, training=training, participation=participation)
        return _answer(request, pk)


class TrainingAttendanceIn(serializers.Serializer):
    marks = serializers.DictField(
        child=serializers.CharField(), help_text="{participation id: attended, partly, absent…}"
    )


class TrainingAttendance(Api):
    """Mark who came, as the page: `{"marks": {"<participation id>": "attended"}}`."""

    serializer_class = TrainingAttendanceIn

    @extend_schema(request=TrainingAttendanceIn, responses={200: TrainingDetailOut})
    def post(self, request, pk: int):
        training = _training(request, pk, manage=True)
        body = json_object(request)
        marks = body.get("marks")
        if set(body) - {"marks"} or not isinstance(marks, dict) or not marks:
            raise Invalid({"marks": [_send_marks()]})
        participations = list(training.participations.select_related("profile"))
        known = {str(row.pk) for row in participations}
        if set(marks) - known:
            raise Invalid({"marks": [_send_marks()]})
        form = AttendanceForm(
            form_data({f"p{key}": value for key, value in marks.items()}), participations=participations
        )
        valid(form)
        trainings.attendance_set(actor=request.user, training=training, marks=form.marks())
        return _answer(request, pk)


def _send_marks() -> str:
    return _("Send the marks as an object: each participant's id, and what they did.")


class CertificateIn(serializers.Serializer):
    file = serializers.FileField(help_text="The certificate (PDF or an image), checked as every upload.")


class TrainingCertificate(Api):
    """Keep a participant's certificate (multipart/form-data), as the page (the cooperation officer
    and the administrator); GET serves it to the unit, the person and their manager."""

    serializer_class = CertificateIn
    parser_classes = FILE_PARTS

    @extend_schema(request={"multipart/form-data": CertificateIn}, responses={201: TrainingDetailOut})
    def post(self, request, pk: int, participation_pk: int):
        training = _training(request, pk, manage=True)
        participation = get_object_or_404(
            Participation.objects.select_related("profile"), pk=participation_pk, training=training
        )
        data = with_files(request, CertificateForm).cleaned_data
        trainings.certificate_upload(actor=request.user, participation=participation, upload=data["file"])
        return _answer(request, pk, status=201)


class TrainingCertificateFile(FileAnswer):
    """A participant's certificate: the unit, the person, their manager and the administrator."""

    @FILE
    def get(self, request, pk: int, participation_pk: int):
        training = get_object_or_404(Training, pk=pk)
        participation = get_object_or_404(
            Participation.objects.select_related("profile__manager"), pk=participation_pk, training=training
        )
        user = request.user
        if not (can(user, "capacity.view") or access.may_read_assessments(user, participation.profile)):
            raise PermissionDenied if is_internal(user) else Http404
        if not participation.certificate:
            raise Http404
        name = participation.certificate_name.lower()
        kind = uploads.KINDS.get("." + name.rsplit(".", 1)[-1]) if "." in name else None
        return uploads.serve(participation.certificate, kind.content_type if kind else "")
