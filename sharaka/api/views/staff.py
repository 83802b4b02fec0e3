"""The commune's staff as capacity building keeps them (the unit's side: names, positions, services,
languages), the skills catalogue with what each level means, and what each position needs. A
person's assessments stay on the pages: only the person, their manager and the administrator read
them (capacity/access.py)."""

from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import IF_MATCH, Api, Pages, etag, expected_version
from sharaka.api.views.forms import form_data, json_object, on_top
from sharaka.capacity import access, services
from sharaka.capacity.forms import (
    LanguagesForm,
    ProfileForm,
    RequirementsForm,
    SkillLevelForm,
    StaffFilterForm,
)
from sharaka.capacity.models import Position, Requirement, Skill, SkillLevel, StaffProfile


class StaffOut(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    position = serializers.CharField(source="position.code")
    service = serializers.CharField()
    manager = serializers.IntegerField(source="manager_id", allow_null=True)
    is_active = serializers.BooleanField()
    version = serializers.IntegerField()


class StaffDetailOut(StaffOut):
    email = serializers.CharField()
    user = serializers.IntegerField(source="user_id", allow_null=True, help_text="The account, if any.")
    languages = serializers.SerializerMethodField(help_text="{language: level}")

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_languages(self, person):
        return dict(person.languages.values_list("language", "level"))


class StaffIn(serializers.Serializer):
    full_name = serializers.CharField(required=False)
    user = serializers.IntegerField(required=False, allow_null=True)
    position = serializers.IntegerField(required=False, help_text="A position's id.")
    service = serializers.CharField(required=False, allow_blank=True)
    manager = serializers.IntegerField(required=False, allow_null=True, help_text="Another profile's id.")
    email = serializers.EmailField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


def _answer(pk: int, status=200) -> Response:
    person = get_object_or_404(StaffProfile.objects.select_related("position"), pk=pk)
    response = Response(StaffDetailOut(person).data, status=status)
    response["ETag"] = etag(person)
    if status == 201:
        response["Location"] = reverse("api:staff_profile", args=[pk])
    return response


class Staff(Api):
    """The commune's staff (`q`, `position`, `service` as the staff page's filters), by name: the
    unit (`capacity.view`); POST adds a profile (the cooperation officer and the administrator)."""

    serializer_class = StaffOut
    pagination_class = Pages
    ordering = ("full_name", "id")

    @extend_schema(responses=StaffOut(many=True))
    def get(self, request):
        access.require_view(request.user)
        people = StaffProfile.objects.select_related("position")
        form = StaffFilterForm(request.query_params or None)
        if form.is_valid():
            data = form.cleaned_data
            if data["q"]:
                people = people.filter(full_name__icontains=data["q"])
            if data["position"]:
                people = people.filter(position=data["position"])
            if data["service"]:
                people = people.filter(service__icontains=data["service"])
        page = self.paginate_queryset(people)
        return self.get_paginated_response(StaffOut(page, many=True).data)

    @extend_schema(request=StaffIn, responses={201: StaffDetailOut})
    def post(self, request):
        access.require_manage(request.user)
        form = on_top(ProfileForm, form_data(json_object(request)), refused=("version",))
        person = services.profile_create(actor=request.user, data=form.profile_data())
        return _answer(person.pk, status=201)


class StaffDetail(Api):
    """A staff profile's public part (not its assessments): the unit, the person and their manager;
    PATCH corrects it as the page (the cooperation officer and the administrator; If-Match)."""

    serializer_class = StaffDetailOut

    def get(self, request, pk: int):
        access.get_profile_for(request.user, pk)  # the unit; the person and their manager
        return _answer(pk)

    @extend_schema(request=StaffIn, parameters=[IF_MATCH], responses={200: StaffDetailOut})
    def patch(self, request, pk: int):
        access.require_manage(request.user)
        person = get_object_or_404(StaffProfile.objects.select_related("position", "manager"), pk=pk)
        version = expected_version(request, person)
        form = on_top(
            lambda data: ProfileForm(data, profile=person),
            form_data(json_object(request)),
            refused=("version",),
            extra={"version": str(version)},
        )
        services.profile_update(
            actor=request.user, profile=person, data=form.profile_data(), expected_version=version
        )
        return _answer(pk)


class LanguagesIn(serializers.Serializer):
    level_ar = serializers.IntegerField(required=False, allow_null=True, help_text="1-5; null: none.")
    level_fr = serializers.IntegerField(required=False, allow_null=True)
    level_en = serializers.IntegerField(required=False, allow_null=True)


class StaffLanguages(Api):
    """Set the level of a person in each language the unit follows, as the page (`level_<code>`; only
    those sent change, null removes one)."""

    serializer_class = LanguagesIn

    @extend_schema(request=LanguagesIn, responses={200: StaffDetailOut})
    def patch(self, request, pk: int):
        access.require_manage(request.user)
        person = get_object_or_404(StaffProfile, pk=pk)
        initial = {
            f"level_{code}": level for code, level in person.languages.values_list("language", "level")
        }
        form = on_top(lambda data: LanguagesForm(data, initial=initial), form_data(json_object(request)))
        services.languages_set(actor=request.user, profile=person, levels=form.levels())
        return _answer(pk)


# --- the skills catalogue and what positions need ---------------------------------------------------------


class LevelOut(serializers.Serializer):
    level = serializers.IntegerField()
    description = out.BestText("description")
    descriptions = out.AllTexts("description")


class SkillOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = out.BestText("name")
    levels = LevelOut(many=True)
    needs = serializers.SerializerMethodField(help_text="{position code: the level it needs}")

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_needs(self, skill):
        return {r.position.code: r.level for r in skill.requirements.all()}


class Skills(Api):
    """The skills in use, each level's meaning, and the level each position needs (the unit)."""

    serializer_class = SkillOut

    @extend_schema(responses=SkillOut(many=True))
    def get(self, request):
        access.require_view(request.user)
        return _skills_answer()


def _skills_answer() -> Response:
    skills = (
        Skill.objects.filter(is_active=True)
        .prefetch_related(
            Prefetch("levels", queryset=SkillLevel.objects.order_by("level")),
            Prefetch("requirements", queryset=Requirement.objects.select_related("position")),
        )
        .order_by("order", "code")
    )
    return Response(SkillOut(skills, many=True).data)


class LevelIn(serializers.Serializer):
    description_ar = serializers.CharField(required=False)
    description_fr = serializers.CharField(required=False)
    description_en = serializers.CharField(required=False)


class SkillLevelDetail(Api):
    """Say what one level of a skill means, in the three languages, as the page (only those sent)."""

    serializer_class = LevelOut

    @extend_schema(request=LevelIn, responses={200: LevelOut})
    def patch(self, request, pk: int, level: int):
        access.require_manage(request.user)
        found = get_object_or_404(SkillLevel, skill_id=get_object_or_404(Skill, pk=pk).pk, level=level)
        form = on_top(
            lambda data: SkillLevelForm(data, instance=SkillLevel.objects.get(pk=found.pk)),
            form_data(json_object(request)),
        )
        with transaction.atomic():
            services.skill_level_update(actor=request.user, skill_level=found, data=form.cleaned_data)
        return Response(LevelOut(SkillLevel.objects.get(pk=found.pk)).data)


class PositionNeeds(Api):
    """Set the level a position needs in each skill, as the page: `need_<skill id>` (1-5, null: not
    needed); only those sent change. Answers the skills."""

    serializer_class = SkillOut

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT},
        responses={200: SkillOut(many=True)},
        description="`need_<skill id>`: 1-5, or null when the position does not need it.",
    )
    def patch(self, request, pk: int):
        access.require_manage(request.user)
        position = get_object_or_404(Position, pk=pk)
        skills = list(Skill.objects.filter(is_active=True).order_by("order", "code"))
        initial = {
            f"need_{skill}": level for skill, level in position.requirements.values_list("skill_id", "level")
        }
        form = on_top(
            lambda data: RequirementsForm(data, skills=skills, initial=initial),
            form_data(json_object(request)),
        )
        services.requirements_set(actor=request.user, position=position, levels=form.levels())
        return _skills_answer()
