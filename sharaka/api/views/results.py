"""A project's results chain and the values reported for its periods, as their pages show and write them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views import chain
from sharaka.api.views.base import IF_MATCH, Api, etag, expected_version
from sharaka.api.views.files import FILE, FILE_PARTS, FileAnswer
from sharaka.api.views.forms import (
    body_and_files,
    changes_to,
    current_data,
    files_as_files,
    form_data,
    json_object,
    valid,
)
from sharaka.core import uploads
from sharaka.results import access as results_access
from sharaka.results import pipeline, services
from sharaka.results.forms import (
    EvidenceForm,
    IndicatorForm,
    MoveForm,
    PeriodForm,
    ResultForm,
    UnlockForm,
    UpdateForm,
)
from sharaka.results.models import (
    Disaggregation,
    Evidence,
    Indicator,
    Period,
    Result,
    Update,
    UpdateStatusChange,
)


class PeriodOut(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    target = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(
        max_digits=None, decimal_places=2, allow_null=True, help_text="From approved updates only."
    )
    target_comment = serializers.CharField()
    locked = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_locked(self, period) -> bool:
        return period.locked_at is not None


class IndicatorOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = out.BestText("title")
    titles = out.AllTexts("title")
    measure = out.choice("measure")
    unit = out.BestText("unit")
    ascending = serializers.BooleanField()
    baseline_value = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    baseline_year = serializers.IntegerField(allow_null=True)
    position = serializers.IntegerField()
    version = serializers.IntegerField()
    periods = PeriodOut(many=True)


class ResultOut(serializers.Serializer):
    id = serializers.IntegerField()
    type = out.choice("type")
    title = out.BestText("title")
    titles = out.AllTexts("title")
    description = out.BestText("description")
    descriptions = out.AllTexts("description")
    position = serializers.IntegerField()
    version = serializers.IntegerField()
    indicators = IndicatorOut(many=True)


# The chain as the serializers nest it, in the pages' order: each level read in one query.
def _indicators():
    return Indicator.objects.order_by("position", "id").prefetch_related(
        Prefetch("periods", queryset=Period.objects.order_by("start", "id"))
    )


def _results():
    return Result.objects.prefetch_related(Prefetch("indicators", queryset=_indicators()))


class ProjectResults(Api):
    """The project's results, indicators and periods with their targets and the values approved so
    far (drafts and updates waiting for approval are the commune's own work: not here)."""

    serializer_class = ResultOut

    @extend_schema(responses=ResultOut(many=True))
    def get(self, request, pk: int):
        project = results_access.get_project_for(request.user, pk)
        results = _results().filter(project=project).order_by("position", "id")
        return Response(ResultOut(results, many=True).data)

    @extend_schema(request=chain.ResultIn, responses={201: ResultOut})
    def post(self, request, pk: int):
        project = results_access.get_project_for(request.user, pk, write=True)
        result = chain.create(request, ResultForm, services.result_save, project=project, result=None)
        return chain.answer(ResultOut, result, _results(), status=201)


class ProjectResult(Api):
    """One result of the chain (GET with its ETag); PATCH changes it as the page's form (the unit and
    the project's manager), only the fields named, If-Match. POST `indicators/` adds an indicator."""

    serializer_class = ResultOut

    def get(self, request, pk: int, result_pk: int):
        project = results_access.get_project_for(request.user, pk)
        return chain.answer(
            ResultOut, results_access.get_result_for(request.user, project, result_pk), _results()
        )

    @extend_schema(request=chain.ResultIn, parameters=[IF_MATCH], responses={200: ResultOut})
    def patch(self, request, pk: int, result_pk: int):
        project = results_access.get_project_for(request.user, pk)
        result = results_access.get_result_for(request.user, project, result_pk, write=True)
        saved = chain.change(
            request, result, ResultForm, services.result_save, project=project, result=result
        )
        return chain.answer(ResultOut, saved, _results())


class ResultIndicators(Api):
    """Add an indicator to a result, as the page's form (the unit and the project's manager)."""

    serializer_class = IndicatorOut

    @extend_schema(request=chain.IndicatorIn, responses={201: IndicatorOut})
    def post(self, request, pk: int, result_pk: int):
        project = results_access.get_project_for(request.user, pk)
        result = results_access.get_result_for(request.user, project, result_pk, write=True)
        indicator = chain.create(
            request, IndicatorForm, services.indicator_save, result=result, indicator=None
        )
        return chain.answer(IndicatorOut, indicator, _indicators(), status=201)


class ProjectIndicator(Api):
    """One indicator with its periods (GET with its ETag); PATCH changes it as the page's form, only
    the fields named, If-Match. POST `periods/` adds a period with its target."""

    serializer_class = IndicatorOut

    def get(self, request, pk: int, indicator_pk: int):
        project = results_access.get_project_for(request.user, pk)
        return chain.answer(
            IndicatorOut, results_access.get_indicator_for(request.user, project, indicator_pk), _indicators()
        )

    @extend_schema(request=chain.IndicatorIn, parameters=[IF_MATCH], responses={200: IndicatorOut})
    def patch(self, request, pk: int, indicator_pk: int):
        project = results_access.get_project_for(request.user, pk)
        indicator = results_access.get_indicator_for(request.user, project, indicator_pk, write=True)
        saved = chain.change(
            request,
            indicator,
            IndicatorForm,
            services.indicator_save,
            result=indicator.result,
            indicator=indicator,
        )
        return chain.answer(IndicatorOut, saved, _indicators())


class IndicatorPeriods(Api):
    """Add a period with its target to an indicator, as the page's form."""

    serializer_class = PeriodOut

    @extend_schema(request=chain.PeriodIn, responses={201: PeriodOut})
    def post(self, request, pk: int, indicator_pk: int):
        project = results_access.get_project_for(request.user, pk)
        indicator = results_access.get_indicator_for(request.user, project, indicator_pk, write=True)
        period = chain.create(request, PeriodForm, services.period_save, indicator=indicator, period=None)
        return chain.answer(PeriodOut, period, Period.objects, status=201)


class ProjectPeriod(Api):
    """One period (GET with its ETag); PATCH changes its dates or target as the page's form (not
    once locked), only the fields named, If-Match."""

    serializer_class = PeriodOut

    def get(self, request, pk: int, period_pk: int):
        project = results_access.get_project_for(request.user, pk)
        return chain.answer(
            PeriodOut, results_access.get_period_for(request.user, project, period_pk), Period.objects
        )

    @extend_schema(request=chain.PeriodIn, parameters=[IF_MATCH], responses={200: PeriodOut})
    def patch(self, request, pk: int, period_pk: int):
        project = results_access.get_project_for(request.user, pk)
        period = results_access.get_period_for(request.user, project, period_pk, write=True)
        saved = chain.change(
            request, period, PeriodForm, services.period_save, indicator=period.indicator, period=period
        )
        return chain.answer(PeriodOut, saved, Period.objects)


# --- updates: the values reported for a period, along their road (draft → submitted → approved) -------


class PartIn(serializers.Serializer):
    dimension = serializers.CharField(help_text="sex, age or locality.")
    category = serializers.CharField(
        required=False, help_text="For sex: female or male; for age: 0-14, 15-24, 25-64 or 65+."
    )
    locality = serializers.IntegerField(required=False, help_text="For locality: the locality's id.")
    value = serializers.DecimalField(max_digits=None, decimal_places=2)


class UpdateIn(serializers.Serializer):
    """The fields of the page's update form; a PATCH sends only those it changes."""

    value = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, help_text="None for a qualitative indicator."
    )
    narrative_ar = serializers.CharField(required=False, allow_blank=True)
    narrative_fr = serializers.CharField(required=False, allow_blank=True)
    narrative_en = serializers.CharField(required=False, allow_blank=True)
    disaggregations = PartIn(
        many=True, required=False, help_text="All the parts: sent in a PATCH, they replace those kept."
    )


class PartOut(serializers.Serializer):
    dimension = serializers.CharField()
    category = serializers.CharField()
    locality = serializers.IntegerField(source="locality_id", allow_null=True)
    label = serializers.SerializerMethodField()
    value = serializers.DecimalField(max_digits=None, decimal_places=2)

    def get_label(self, part) -> str:
        return str(part.locality) if part.locality_id else part.get_category_display()


class EvidenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = out.UTC()
    url = serializers.SerializerMethodField()

    def get_url(self, evidence) -> str:
        project = evidence.update.period.indicator.result.project_id
        return self.context["request"].build_absolute_uri(
            reverse(
                "api:project_result_update_evidence_file",
                kwargs={"pk": project, "update_pk": evidence.update_id, "evidence_pk": evidence.pk},
            )
        )


class UpdateOut(serializers.Serializer):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    indicator = serializers.IntegerField(source="period.indicator_id")
    status = out.choice("status")
    value = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    narrative = out.BestText("narrative")
    narratives = out.AllTexts("narrative")
    disaggregations = PartOut(many=True, source="disaggregations.all")
    evidence = EvidenceOut(many=True, source="evidence.all")
    submitted_at = out.UTC(allow_null=True)
    approved_at = out.UTC(allow_null=True)
    status_history = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    @extend_schema_field(out.StatusChangeOut(many=True))
    def get_status_history(self, update):
        """Every move for the commune's staff; a partner reads the approval alone, as on the page."""
        changes = update.status_changes.all()
        if not results_access.sees_unapproved(self.context["request"].user):
            changes = [c for c in changes if c.new_status == pipeline.Status.APPROVED]
        return out.StatusChangeOut(changes, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, update):
        return results_access.allowed_moves(self.context["request"].user, update)


def _updates():
    return Update.objects.select_related(
        "period__indicator__result__project", "period__indicator"
    ).prefetch_related(
        Prefetch("disaggregations", queryset=Disaggregation.objects.select_related("locality")),
        Prefetch("status_changes", queryset=UpdateStatusChange.objects.order_by("changed_at", "id")),
        Prefetch("evidence", queryset=Evidence.objects.order_by("id")),
    )


def _update_answer(request, project, pk: int, status: int = 200) -> Response:
    update = results_access.get_update_for(request.user, project, pk)
    update = _updates().get(pk=update.pk)
    response = Response(UpdateOut(update, context={"request": request}).data, status=status)
    response["ETag"] = etag(update)
    if status == 201:
        response["Location"] = reverse(
            "api:project_result_update", kwargs={"pk": project.pk, "update_pk": pk}
        )
    return response


def _parts(form: UpdateForm, rows) -> dict:
    """The body's `disaggregations` as the page's grid fields (`part_sex_female`, `part_locality_3`…):
    each part once, of a dimension and category the grid has."""
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise Invalid({"disaggregations": [_("Send a list of parts, each an object.")]})
    names, wrong = {}, {}
    for index, row in enumerate(rows):
        name = UpdateForm.part_field(row.get("dimension"), row.get("category"), row.get("locality"))
        if name not in form.fields:
            wrong[f"disaggregations.{index}"] = [
                _(
                    "No such part: give sex with female or male, age with 0-14, 15-24, 25-64 or 65+, "
                    "or locality with a locality's id."
                )
            ]
        elif name in names:
            wrong[f"disaggregations.{index}"] = [_("Each category is given once per update.")]
        else:
            names[name] = row.get("value")
    if wrong:
        raise Invalid(wrong)
    return form_data(names)


def _grid(form: UpdateForm) -> tuple[str, ...]:
    return tuple(name for name in form.fields if name.startswith("part_"))


def _save(request, form: UpdateForm, *, period, update, version) -> Update:
    valid(form)
    return services.update_save(
        actor=request.user,
        period=period,
        update=update,
        data=form.data_for_service(),
        disaggregations=form.disaggregations(),
        expected_version=version,
    )


class PeriodUpdates(Api):
    """The updates reported for a period (a partner reads the approved ones), and a new draft, written
    as the page's "Report a value" form writes it (the unit and the project's manager)."""

    serializer_class = UpdateOut

    @extend_schema(responses=UpdateOut(many=True))
    def get(self, request, pk: int, period_pk: int):
        project = results_access.get_project_for(request.user, pk)
        period = results_access.get_period_for(request.user, project, period_pk)
        updates = results_access.visible_updates(request.user, _updates().filter(period=period))
        return Response(UpdateOut(updates.order_by("id"), many=True, context={"request": request}).data)

    @extend_schema(request=UpdateIn, responses={201: UpdateOut})
    def post(self, request, pk: int, period_pk: int):
        project = results_access.get_project_for(request.user, pk)
        period = results_access.get_period_for(request.user, project, period_pk)
        if not results_access.may_report(request.user, project):
            raise PermissionDenied
        body = json_object(request)
        blank = UpdateForm(indicator=period.indicator)
        fields = form_data({k: v for k, v in body.items() if k != "disaggregations"})
        changes_to(blank, fields, refused=("version", *_grid(blank)))
        parts = _parts(blank, body.get("disaggregations") or [])
        form = UpdateForm({**fields, **parts}, indicator=period.indicator)
        saved = _save(request, form, period=period, update=None, version=None)
        return _update_answer(request, project, saved.pk, status=201)


class UpdateDetail(Api):
    """One update with its parts, road and the moves the reader may make now; its ETag is what a
    write's If-Match must carry. PATCH corrects a draft or a returned update, as the page's form."""

    serializer_class = UpdateOut

    def get(self, request, pk: int, update_pk: int):
        project = results_access.get_project_for(request.user, pk)
        return _update_answer(request, project, update_pk)

    @extend_schema(request=UpdateIn, parameters=[IF_MATCH], responses={200: UpdateOut})
    def patch(self, request, pk: int, update_pk: int):
        project = results_access.get_project_for(request.user, pk)
        update = results_access.get_update_for(request.user, project, update_pk, write=True)
        version = expected_version(request, update)
        body = json_object(request)
        instance = Update.objects.get(pk=update.pk)
        blank = UpdateForm(instance=instance, indicator=update.period.indicator)
        fields = form_data({k: v for k, v in body.items() if k != "disaggregations"})
        changes = changes_to(blank, fields, refused=("version", *_grid(blank)))
        data = current_data(blank)
        if "disaggregations" in body:
            data = {k: v for k, v in data.items() if k not in _grid(blank)}
            data.update(_parts(blank, body["disaggregations"]))
        data.update(changes)
        data["version"] = str(version)
        form = UpdateForm(data, instance=instance, indicator=update.period.indicator)
        _save(request, form, period=update.period, update=update, version=version)
        return _update_answer(request, project, update.pk)


class UpdateMove(Api):
    """Submit, approve or return an update, as the page's buttons do (the same road, four eyes, comment
    required to return, history and ledger entry; an approval makes the value the period's actual).
    Needs If-Match: an update changed since it was read gets 412."""

    serializer_class = out.MoveIn

    @extend_schema(request=out.MoveIn, parameters=[IF_MATCH], responses={200: UpdateOut})
    def post(self, request, pk: int, update_pk: int):
        project = results_access.get_project_for(request.user, pk)
        update = results_access.get_update_for(request.user, project, update_pk)
        results_access.require_internal(request.user)
        version = expected_version(request, update)
        data = valid(MoveForm({**form_data(json_object(request)), "version": str(version)}))
        services.update_move(
            actor=request.user,
            update=update,
            to=data["to"],
            reason=data["reason"],
            expected_version=version,
        )
        return _update_answer(request, project, update.pk)


class EvidenceIn(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, help_text="By default the file's name.")
    file = serializers.FileField(help_text="PDF, an office document or a photo, as on the page.")


class UpdateEvidence(Api):
    """Attach a document or photo proving a draft or returned update (multipart/form-data), through
    the page's form and the application's one upload check (type read from the content, size)."""

    serializer_class = EvidenceOut
    parser_classes = FILE_PARTS

    @extend_schema(request={"multipart/form-data": EvidenceIn}, responses={201: EvidenceOut})
    def post(self, request, pk: int, update_pk: int):
        project = results_access.get_project_for(request.user, pk)
        update = results_access.get_update_for(request.user, project, update_pk, write=True)
        fields, files = body_and_files(request)
        files_as_files(EvidenceForm(), fields)
        changes_to(EvidenceForm(), {**fields, **files})
        form = EvidenceForm(form_data(fields), files)
        data = valid(form)
        evidence = services.evidence_upload(
            actor=request.user, update=update, title=data["title"], upload=data["file"]
        )
        evidence = Evidence.objects.select_related("update__period__indicator__result").get(pk=evidence.pk)
        return Response(EvidenceOut(evidence, context={"request": request}).data, status=201)


class UpdateEvidenceFile(FileAnswer):
    """The file of a piece of evidence, to whoever reads its update (a partner: approved updates only)."""

    @FILE
    def get(self, request, pk: int, update_pk: int, evidence_pk: int):
        project = results_access.get_project_for(request.user, pk)
        update = results_access.get_update_for(request.user, project, update_pk)
        evidence = get_object_or_404(Evidence, update=update, pk=evidence_pk)
        return uploads.serve(evidence.file, evidence.content_type)


# --- locks ------------------------------------------------------------------------------------------------


class UnlockIn(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the period is reopened: it goes into the ledger.")


def _lockable(request, pk: int, period_pk: int):
    project = results_access.get_project_for(request.user, pk)
    period = results_access.get_period_for(request.user, project, period_pk)
    if not results_access.may_lock(request.user) or project.archived_at is not None:
        raise PermissionDenied
    return project, period


class PeriodLock(Api):
    """Lock a period (the unit or the president): nothing is then reported, moved or retargeted in it.
    Locking a locked period changes nothing."""

    serializer_class = PeriodOut

    @extend_schema(request=None, responses={200: PeriodOut})
    def post(self, request, pk: int, period_pk: int):
        project, period = _lockable(request, pk, period_pk)
        services.period_lock(actor=request.user, period=period)
        return chain.answer(
            PeriodOut, results_access.get_period_for(request.user, project, period_pk), Period.objects
        )


class PeriodUnlock(Api):
    """Reopen a locked period, saying why (the unit or the president): the reason goes into the ledger."""

    serializer_class = UnlockIn

    @extend_schema(request=UnlockIn, responses={200: PeriodOut})
    def post(self, request, pk: int, period_pk: int):
        project, period = _lockable(request, pk, period_pk)
        body = form_data(json_object(request))
        changes_to(UnlockForm(), body)
        data = valid(UnlockForm(body))
        services.period_unlock(actor=request.user, period=period, reason=data["reason"])
        return chain.answer(
            PeriodOut, results_access.get_period_for(request.user, project, period_pk), Period.objects
        )
