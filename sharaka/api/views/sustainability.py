"""A project's sustainability: its plan (who keeps the results once the donor's money ends) and the
post-support checks at 6, 12 and 24 months, recorded from the field as the check's page records them."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import IF_MATCH, IF_MATCH_IF_ANY, Api, etag, expected_version, version_held
from sharaka.api.views.files import FIELDS_OR_FILE_PARTS, FILE, FILE_PARTS, FileAnswer
from sharaka.api.views.forms import (
    body_and_files,
    changes_to,
    current_data,
    files_as_files,
    form_data,
    json_object,
    on_top,
    valid,
    with_files,
)
from sharaka.core import uploads
from sharaka.core.roles import can
from sharaka.sustainability import access as sustainability_access
from sharaka.sustainability import pipeline as risk_pipeline
from sharaka.sustainability import queries as sustainability_queries
from sharaka.sustainability import services
from sharaka.sustainability.forms import (
    CheckForm,
    CostForm,
    EvidenceForm,
    PlanForm,
    RiskForm,
    RiskMoveForm,
    WaiveForm,
)
from sharaka.sustainability.models import (
    Check,
    CheckPhoto,
    Evidence,
    Plan,
    RecurrentCost,
    Risk,
    SustainabilitySettings,
)

CENT = Decimal("0.01")


class CostOut(serializers.Serializer):
    id = serializers.IntegerField()
    what = serializers.CharField()
    amount_per_year_mad = serializers.DecimalField(
        max_digits=None, decimal_places=2, source="amount_per_year"
    )
    payer = out.choice("payer_kind")
    payer_detail = serializers.CharField()
    confirmed = serializers.BooleanField()


class WaiverOut(serializers.Serializer):
    reason = serializers.CharField(source="waiver_reason")
    by = serializers.SerializerMethodField()
    at = serializers.DateTimeField(source="waived_at")
    coverage_percent = serializers.DecimalField(max_digits=None, decimal_places=2, source="waived_coverage")

    def get_by(self, plan) -> str:
        return out.person_name(plan.waived_by)


class PlanOut(serializers.Serializer):
    project = serializers.CharField(source="project.code")
    exit_strategy = serializers.CharField()
    handover_on = serializers.DateField(allow_null=True)
    maintainer = out.choice("maintainer_kind")
    maintainer_name = serializers.CharField()
    no_recurrent_cost = serializers.BooleanField()
    coverage_percent = serializers.SerializerMethodField()
    threshold_percent = serializers.SerializerMethodField(
        help_text="The unit's threshold: below it, the project closes only with the president's reason."
    )
    waiver = serializers.SerializerMethodField(
        help_text="The president's reason to close below the threshold."
    )
    costs = CostOut(many=True)
    version = serializers.IntegerField()

    @extend_schema_field(serializers.DecimalField(max_digits=None, decimal_places=2))
    def get_coverage_percent(self, plan):
        return str(Decimal(sustainability_queries.coverage(plan)).quantize(CENT))

    @extend_schema_field(serializers.DecimalField(max_digits=None, decimal_places=2))
    def get_threshold_percent(self, plan):
        return str(Decimal(SustainabilitySettings.current().coverage_threshold).quantize(CENT))

    @extend_schema_field(WaiverOut(allow_null=True))
    def get_waiver(self, plan):
        return WaiverOut(plan).data if plan.waived_at else None


class PlanIn(serializers.Serializer):
    """The fields of the plan's page; a change sends only those it changes."""

    exit_strategy = serializers.CharField(
        required=False, help_text="How the results are kept once the support ends."
    )
    maintainer_kind = serializers.CharField(required=False)
    maintainer_name = serializers.CharField(required=False, allow_blank=True)
    handover_on = serializers.DateField(required=False, allow_null=True)
    no_recurrent_cost = serializers.BooleanField(required=False)


class ProjectSustainability(Api):
    """The project's sustainability plan: who keeps the results after the donor's money ends, the
    recurrent costs, who pays them and the share covered: whoever reads the project (a partner viewer
    the projects shared with its organisation, as on the plan's page); 404 while it has no plan."""

    serializer_class = PlanOut

    def get(self, request, pk: int):
        return _plan_answer(sustainability_access.get_project_for(request.user, pk))

    @extend_schema(request=PlanIn, parameters=[IF_MATCH_IF_ANY], responses={200: PlanOut, 201: PlanOut})
    def patch(self, request, pk: int):
        """Write the plan (a project without one: 201, no If-Match) or change it (only the fields
        named, If-Match), as the plan's page (the unit and the project's manager)."""
        project = sustainability_access.get_project_for(request.user, pk, write=True)
        plan = Plan.objects.filter(project=project).first()
        version = expected_version(request, plan) if plan else None
        instance = Plan.objects.get(pk=plan.pk) if plan else None
        form = on_top(
            lambda data: PlanForm(data, instance=instance),
            form_data(json_object(request)),
            refused=("version",),
        )
        data = form.cleaned_data
        services.plan_save(
            actor=request.user,
            project=project,
            data={k: data[k] for k in PlanForm.Meta.fields},
            expected_version=version,
        )
        return _plan_answer(project, status=200 if plan else 201)


class WaiverIn(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the project may close with these costs uncovered.")


class PlanWaiver(Api):
    """The president records why the project may close with its coverage below the unit's threshold,
    as on the plan's page (the president only; refused when the coverage reaches the threshold). It
    holds while the coverage stays at least what it was. If-Match: the plan's ETag."""

    serializer_class = PlanOut

    @extend_schema(request=WaiverIn, parameters=[IF_MATCH], responses={200: PlanOut})
    def post(self, request, pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        plan = get_object_or_404(Plan, project=project)
        if not can(request.user, "sustainability.waive"):
            raise PermissionDenied
        version = expected_version(request, plan)
        body = form_data(json_object(request))
        changes_to(WaiveForm(), body)
        data = valid(WaiveForm(body))
        with version_held(Plan, plan.pk, version):
            services.plan_waive(actor=request.user, plan=plan, reason=data["reason"])
        return _plan_answer(project)


def _plan_answer(project, status=200) -> Response:
    """The plan with its ETag (404 while the project has none)."""
    plan = get_object_or_404(
        Plan.objects.select_related("project", "waived_by").prefetch_related("costs"), project=project
    )
    response = Response(PlanOut(plan).data, status=status)
    response["ETag"] = etag(plan)
    return response


class CostIn(serializers.Serializer):
    what = serializers.CharField(required=False)
    amount_per_year = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, help_text="MAD."
    )
    payer_kind = serializers.CharField(required=False)
    payer_detail = serializers.CharField(required=False, allow_blank=True)
    payer_organisation = serializers.IntegerField(required=False, allow_null=True)
    confirmed = serializers.BooleanField(required=False, help_text="Needs a piece of evidence of the plan.")
    evidence = serializers.IntegerField(required=False, allow_null=True, help_text="A document of the plan.")


def _plan_for_write(request, pk: int):
    project = sustainability_access.get_project_for(request.user, pk, write=True)
    return project, get_object_or_404(Plan, project=project)  # 404: write the plan first


class PlanCosts(Api):
    """Add a recurrent cost to the plan, with who pays it, as the page's form (answers the plan)."""

    serializer_class = PlanOut

    @extend_schema(request=CostIn, responses={201: PlanOut})
    def post(self, request, pk: int):
        project, plan = _plan_for_write(request, pk)
        data = on_top(lambda data: CostForm(data, plan=plan), form_data(json_object(request))).cleaned_data
        services.cost_save(actor=request.user, plan=plan, data={k: data[k] for k in CostForm.Meta.fields})
        return _plan_answer(project, status=201)


class PlanCost(Api):
    """Change a recurrent cost as the page's form: only the fields named (answers the plan)."""

    serializer_class = PlanOut

    @extend_schema(request=CostIn, responses={200: PlanOut})
    def patch(self, request, pk: int, cost_pk: int):
        project, plan = _plan_for_write(request, pk)
        cost = get_object_or_404(RecurrentCost, plan=plan, pk=cost_pk)
        instance = RecurrentCost.objects.get(pk=cost.pk)
        data = on_top(
            lambda data: CostForm(data, instance=instance, plan=plan), form_data(json_object(request))
        ).cleaned_data
        services.cost_save(
            actor=request.user, plan=plan, data={k: data[k] for k in CostForm.Meta.fields}, cost=cost
        )
        return _plan_answer(project)

    @extend_schema(request=None, responses={200: PlanOut})
    def delete(self, request, pk: int, cost_pk: int):
        """Take a cost out of the plan, as the page: archived, never deleted (answers the plan)."""
        project, plan = _plan_for_write(request, pk)
        cost = get_object_or_404(RecurrentCost, plan=plan, pk=cost_pk)
        services.cost_remove(actor=request.user, cost=cost)
        return _plan_answer(project)


# --- the plan's evidence: what proves who pays (a council decision, a letter, a contract) ---------------


class PlanEvidenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = out.choice("kind")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = out.UTC()
    url = serializers.SerializerMethodField()

    def get_url(self, evidence) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(
                "api:project_sustainability_evidence_file",
                kwargs={"pk": evidence.plan.project_id, "evidence_pk": evidence.pk},
            )
        )


class PlanEvidenceIn(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField(help_text="The type of document (decision, letter, contract…).")
    file = serializers.FileField()


class PlanEvidence(Api):
    """The documents that prove who pays the recurrent costs (the commune's staff, as on the plan's
    page); POST (multipart/form-data) adds one, as the page (the unit and the project's manager). A
    cost is confirmed with one of their ids."""

    serializer_class = PlanEvidenceOut
    parser_classes = FILE_PARTS

    @extend_schema(responses=PlanEvidenceOut(many=True))
    def get(self, request, pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        plan = get_object_or_404(Plan, project=project)
        evidence = plan.evidence.select_related("plan").order_by("id")
        return Response(PlanEvidenceOut(evidence, many=True, context={"request": request}).data)

    @extend_schema(request={"multipart/form-data": PlanEvidenceIn}, responses={201: PlanEvidenceOut})
    def post(self, request, pk: int):
        _project, plan = _plan_for_write(request, pk)
        data = with_files(request, EvidenceForm).cleaned_data
        evidence = services.evidence_upload(
            actor=request.user, plan=plan, title=data["title"], kind=data["kind"], upload=data["file"]
        )
        answer = PlanEvidenceOut(
            Evidence.objects.select_related("plan").get(pk=evidence.pk), context={"request": request}
        )
        return Response(answer.data, status=201)


class PlanEvidenceFile(FileAnswer):
    """A document of the plan, as stored, to the commune's staff."""

    @FILE
    def get(self, request, pk: int, evidence_pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        evidence = get_object_or_404(Evidence, plan__project=project, pk=evidence_pk)
        return uploads.serve(evidence.file, evidence.content_type)


# --- risks --------------------------------------------------------------------------------------------


class RiskOut(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    category = out.choice("category")
    likelihood = serializers.IntegerField()
    impact = serializers.IntegerField()
    score = serializers.IntegerField()
    mitigation = serializers.CharField()
    owner = serializers.SerializerMethodField()
    review_on = serializers.DateField()
    status = out.choice("status")
    allowed_moves = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_owner(self, risk) -> str:
        return out.person_name(risk.owner) if risk.owner_id else ""

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, risk):
        user = self.context["request"].user
        return list(risk_pipeline.PIPELINE.allowed_targets(user, risk))


class RiskIn(serializers.Serializer):
    description = serializers.CharField(required=False)
    category = serializers.CharField(required=False)
    likelihood = serializers.IntegerField(required=False, help_text="1 to 5.")
    impact = serializers.IntegerField(required=False, help_text="1 to 5.")
    mitigation = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.IntegerField(required=False, allow_null=True, help_text="A staff member's id.")
    review_on = serializers.DateField(required=False)


def _risk_answer(request, risk, status=200) -> Response:
    risk = Risk.objects.select_related("owner", "project").get(pk=risk.pk)
    response = Response(RiskOut(risk, context={"request": request}).data, status=status)
    response["ETag"] = etag(risk)
    return response


def _risk(project, pk: int) -> Risk:
    return get_object_or_404(Risk, project=project, pk=pk)


class ProjectRisks(Api):
    """The project's sustainability risks, the highest score first (the commune's staff), and a new
    one added as the page's form (the unit and the project's manager)."""

    serializer_class = RiskOut

    @extend_schema(responses=RiskOut(many=True))
    def get(self, request, pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        risks = (
            Risk.objects.filter(project=project).select_related("owner", "project").order_by("-score", "id")
        )
        return Response(RiskOut(risks, many=True, context={"request": request}).data)

    @extend_schema(request=RiskIn, responses={201: RiskOut})
    def post(self, request, pk: int):
        project = sustainability_access.get_project_for(request.user, pk, write=True, internal=True)
        data = on_top(RiskForm, form_data(json_object(request)), refused=("version",)).cleaned_data
        risk = services.risk_save(
            actor=request.user, project=project, data={k: data[k] for k in RiskForm.Meta.fields}
        )
        return _risk_answer(request, risk, status=201)


class ProjectRisk(Api):
    """One risk (its ETag); PATCH changes it as the page's form: only the fields named, If-Match."""

    serializer_class = RiskOut

    def get(self, request, pk: int, risk_pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        return _risk_answer(request, _risk(project, risk_pk))

    @extend_schema(request=RiskIn, parameters=[IF_MATCH], responses={200: RiskOut})
    def patch(self, request, pk: int, risk_pk: int):
        project = sustainability_access.get_project_for(request.user, pk, write=True, internal=True)
        risk = _risk(project, risk_pk)
        version = expected_version(request, risk)
        instance = Risk.objects.get(pk=risk.pk)
        data = on_top(
            lambda data: RiskForm(data, instance=instance),
            form_data(json_object(request)),
            refused=("version",),
            extra={"version": str(version)},
        ).cleaned_data
        services.risk_save(
            actor=request.user,
            project=project,
            data={k: data[k] for k in RiskForm.Meta.fields},
            risk=risk,
            expected_version=version,
        )
        return _risk_answer(request, risk)


class RiskMove(Api):
    """Move a risk (mitigated, realised, closed…) as the page's buttons, with the reason some moves
    need (the unit and the project's manager). If-Match."""

    serializer_class = out.MoveIn

    @extend_schema(request=out.MoveIn, parameters=[IF_MATCH], responses={200: RiskOut})
    def post(self, request, pk: int, risk_pk: int):
        project = sustainability_access.get_project_for(request.user, pk, write=True, internal=True)
        risk = _risk(project, risk_pk)
        version = expected_version(request, risk)
        body = form_data(json_object(request))
        changes_to(RiskMoveForm(), body)
        data = valid(RiskMoveForm(body))
        with version_held(Risk, risk.pk, version):
            services.risk_move(actor=request.user, risk=risk, to=data["to"], reason=data["reason"])
        return _risk_answer(request, risk)


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
        return out.person_name(check.checked_by)


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
    parser_classes = FIELDS_OR_FILE_PARTS

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
    return get_object_or_404(_checks(project), pk=pk)


class CheckPhotoFile(FileAnswer):
    """A check's photo (re-encoded on upload, without its location), to the commune's staff."""

    @FILE
    def get(self, request, pk: int, check_pk: int, photo_pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        photo = get_object_or_404(
            CheckPhoto, pk=photo_pk, check_visit__pk=check_pk, check_visit__project=project
        )
        return uploads.serve(photo.file, photo.content_type, inline=True)
