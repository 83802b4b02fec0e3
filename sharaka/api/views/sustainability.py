"""A project's sustainability: its plan (who keeps the results once the donor's money ends) and the
post-support checks at 6, 12 and 24 months, recorded from the field as the check's page records them."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import Api
from sharaka.api.views.files import FILE, FileAnswer, fields_or_file_parts
from sharaka.api.views.forms import (
    body_and_files,
    changes_to,
    current_data,
    files_as_files,
    form_data,
    valid,
)
from sharaka.core import uploads
from sharaka.sustainability import access as sustainability_access
from sharaka.sustainability import queries as sustainability_queries
from sharaka.sustainability import services
from sharaka.sustainability.forms import CheckForm
from sharaka.sustainability.models import Check, CheckPhoto, Plan


class CostOut(serializers.Serializer):
    what = serializers.CharField()
    amount_per_year_mad = serializers.DecimalField(
        max_digits=None, decimal_places=2, source="amount_per_year"
    )
    payer = out.choice("payer_kind")
    payer_detail = serializers.CharField()
    confirmed = serializers.BooleanField()


class PlanOut(serializers.Serializer):
    project = serializers.CharField(source="project.code")
    exit_strategy = serializers.CharField()
    handover_on = serializers.DateField(allow_null=True)
    maintainer = out.choice("maintainer_kind")
    maintainer_name = serializers.CharField()
    no_recurrent_cost = serializers.BooleanField()
    coverage_percent = serializers.SerializerMethodField()
    costs = CostOut(many=True)
    version = serializers.IntegerField()

    @extend_schema_field(serializers.DecimalField(max_digits=None, decimal_places=2))
    def get_coverage_percent(self, plan):
        return str(sustainability_queries.coverage(plan))


class ProjectSustainability(Api):
    """The project's sustainability plan: who keeps the results after the donor's money ends, the
    recurrent costs, who pays them and the share covered: whoever reads the project (a partner viewer
    the projects shared with its organisation, as on the plan's page); 404 while it has no plan."""

    serializer_class = PlanOut

    def get(self, request, pk: int):
        project = sustainability_access.get_project_for(request.user, pk)
        plan = (
            Plan.objects.select_related("project").prefetch_related("costs").filter(project=project).first()
        )
        if plan is None:
            raise Http404
        return Response(PlanOut(plan).data)


# --- post-support checks ------------------------------------------------------------------------------


class PhotoOut(serializers.Serializer):
    id = serializers.IntegerField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, photo) -> str:
        check = photo.check_visit
        return self.context["request"].build_absolute_uri(
            reverse(
                "api:project_check_photo",
                kwargs={"pk": check.project_id, "check_pk": check.pk, "photo_pk": photo.pk},
            )
        )


class CheckOut(serializers.Serializer):
    id = serializers.IntegerField()
    months = serializers.IntegerField(help_text="6, 12 or 24 months after the project's end.")
    due_on = serializers.DateField()
    done = serializers.BooleanField()
    checked_on = serializers.DateField(allow_null=True)
    checked_by = serializers.SerializerMethodField()
    working = out.choice("working")
    used = out.choice("used")
    maintained = out.choice("maintained")
    findings = serializers.CharField()
    photos = PhotoOut(many=True, source="photos.all")

    def get_checked_by(self, check) -> str:
        user = check.checked_by
        return (user.get_full_name() or user.get_username()) if user else ""


class CheckIn(serializers.Serializer):
    """The fields of the check's page; only those sent change (a first record sends them all)."""

    checked_on = serializers.DateField(required=False, help_text="The day of the visit: not in the future.")
    working = serializers.CharField(required=False, help_text="yes, partly or no.")
    used = serializers.CharField(required=False, help_text="yes, partly or no.")
    maintained = serializers.CharField(required=False, help_text="yes, partly or no.")
    findings = serializers.CharField(required=False, allow_blank=True)
    photo = serializers.FileField(
        required=False, help_text="multipart/form-data only: a JPEG or PNG, re-encoded without its location."
    )


def _checks(project):
    return (
        Check.objects.filter(project=project)
        .select_related("checked_by")
        .prefetch_related("photos__check_visit")
        .order_by("due_on", "id")
    )


class ProjectChecks(Api):
    """The project's post-support checks, due and done (the commune's staff; 404 to the others)."""

    serializer_class = CheckOut

    @extend_schema(responses=CheckOut(many=True))
    def get(self, request, pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        return Response(CheckOut(_checks(project), many=True, context={"request": request}).data)


class ProjectCheck(Api):
    """One check; PATCH records what the visit found, as the check's page (the unit and the project's
    manager): JSON, or multipart/form-data with a `photo`. Recording it again corrects it."""

    serializer_class = CheckOut
    parser_classes = fields_or_file_parts()

    def get(self, request, pk: int, check_pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        return Response(CheckOut(_check(project, check_pk), context={"request": request}).data)

    @extend_schema(
        request={"application/json": CheckIn, "multipart/form-data": CheckIn}, responses={200: CheckOut}
    )
    def patch(self, request, pk: int, check_pk: int):
        project = sustainability_access.get_project_for(request.user, pk, write=True, internal=True)
        check = _check(project, check_pk)
        fields, files = body_and_files(request)
        instance = Check.objects.get(pk=check.pk)
        blank = CheckForm(instance=instance)
        files_as_files(blank, fields)
        changes_to(blank, {**form_data(fields), **files})
        form = CheckForm({**current_data(blank), **form_data(fields)}, files, instance=instance)
        valid(form)
        services.check_record(
            actor=request.user,
            check=check,
            data={name: form.cleaned_data[name] for name in CheckForm.Meta.fields},
            photo=form.cleaned_data.get("photo"),
        )
        return Response(CheckOut(_check(project, check_pk), context={"request": request}).data)


def _check(project, pk: int) -> Check:
    check = _checks(project).filter(pk=pk).first()
    if check is None:
        raise Http404
    return check


class CheckPhotoFile(FileAnswer):
    """A check's photo (re-encoded on upload, without its location), to the commune's staff."""

    @FILE
    def get(self, request, pk: int, check_pk: int, photo_pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        photo = CheckPhoto.objects.filter(
            pk=photo_pk, check_visit__pk=check_pk, check_visit__project=project
        ).first()
        if photo is None:
            raise Http404
        return uploads.serve(photo.file, photo.content_type, inline=True)
