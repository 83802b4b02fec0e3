"""The catalogue of funding calls and the commune's applications: the unit's internal work, read by
the commune's staff (funding/access.py); partners and the prefecture get 404."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views.base import (
    CURSOR,
    IF_MATCH,
    Api,
    Pages,
    etag,
    expected_version,
    version_in_if_match,
)
from sharaka.api.views.files import FILE, FILE_PARTS, FileAnswer
from sharaka.api.views.forms import (
    changes_to,
    form_data,
    json_object,
    on_top,
    valid,
    with_files,
)
from sharaka.core import uploads
from sharaka.funding import access, applications, calls, checklist, proposals, services_proposals
from sharaka.funding.forms_applications import ApplicationForm, ApplicationOpenForm, MoveForm
from sharaka.funding.forms_catalogue import MAX_SECTORS, STAGE_KINDS, ArchiveForm, CallForm, DocumentForm
from sharaka.funding.forms_proposals import ReuseForm, SectionForm
from sharaka.funding.models import Application, ApplicationStatusChange, Call, CallDocument, ProposalSection
from sharaka.funding.pipeline import PIPELINE


class StageOut(serializers.Serializer):
    kind = out.choice("kind")
    opens_on = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)


class CallOut(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = out.BestText("title")
    titles = out.AllTexts("title")
    funder = out.OrganisationRef()
    programme = serializers.CharField()
    state = serializers.SerializerMethodField(help_text="upcoming, open or closed, from the dates.")
    currency = serializers.CharField()
    min_grant = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    max_grant = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    rolling = serializers.BooleanField()
    stages = StageOut(many=True)
    url = serializers.CharField()
    version = serializers.IntegerField()

    def get_state(self, call) -> str:
        return str(call.status(self.context.get("today")))


class ApplicationOut(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.CharField(source="project.code")
    call = serializers.IntegerField(source="call_id")
    status = out.choice("status")
    currency = serializers.CharField()
    amount_requested = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    amount_awarded = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    submitted_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class CallDetailOut(CallOut):
    summary = out.BestText("summary")
    summaries = out.AllTexts("summary")
    commune_role = out.choice("commune_role")
    family = out.choice("family")
    cofinancing_rate = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    min_months = serializers.IntegerField(allow_null=True)
    max_months = serializers.IntegerField(allow_null=True)
    languages = serializers.CharField()
    archived = serializers.SerializerMethodField()

    def get_archived(self, call) -> bool:
        return call.archived_at is not None


class ApplicationDetailOut(ApplicationOut):
    status_history = out.StatusChangeOut(many=True, source="status_changes.all")
    allowed_moves = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, application):
        user = self.context["request"].user
        if application.project.archived_at is not None:
            return []
        return list(PIPELINE.allowed_targets(user, application))


def application_detail(request, pk: int, status=200) -> Response:
    found = access.get_application_for(request.user, pk)
    application = (
        Application.objects.select_related("project")
        .prefetch_related(
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.order_by("changed_at", "id"))
        )
        .get(pk=found.pk)
    )
    response = Response(ApplicationDetailOut(application, context={"request": request}).data, status=status)
    response["ETag"] = etag(application)
    if status == 201:
        response["Location"] = reverse("api:funding_application", kwargs={"pk": application.pk})
    return response


# The call form's fields (docs/api.md): the call's own, then per stage (eoi, concept_note,
# full_proposal) `<stage>_opens_on`, `<stage>_deadline`, `<stage>_days` and `<stage>_words` (one section
# a line, key=words), and `sector_1`…`sector_4` (DAC codes).
_CALL_TEXTS = (
    "programme reference title_ar title_fr title_en summary_ar summary_fr summary_en commune_role "
    "who_may_lead who_may_partner lead_model lead_country excluded_countries eligibility_note currency "
    "cofinancing_counts family url source other_attachments"
).split()
_CALL_LISTS = ("languages", "objectives", "areas", "sdgs", "attachments")


def _call_in():
    fields = {name: serializers.CharField(required=False, allow_blank=True) for name in _CALL_TEXTS}
    fields["funder"] = serializers.IntegerField(required=False, help_text="The funder: a partner's id.")
    for name in ("min_grant", "max_grant", "cofinancing_rate"):
        fields[name] = serializers.DecimalField(
            max_digits=None, decimal_places=2, required=False, allow_null=True
        )
    for name in ("min_months", "max_months"):
        fields[name] = serializers.IntegerField(required=False, allow_null=True)
    for name in ("opens_on", "as_of"):
        fields[name] = serializers.DateField(required=False, allow_null=True)
    fields["rolling"] = serializers.BooleanField(required=False)
    fields["languages"] = serializers.ListField(child=serializers.CharField(), required=False)
    for name in ("objectives", "areas", "sdgs"):
        fields[name] = serializers.ListField(child=serializers.IntegerField(), required=False)
    fields["attachments"] = serializers.ListField(child=serializers.CharField(), required=False)
    for kind in STAGE_KINDS:
        fields[f"{kind}_opens_on"] = serializers.DateField(required=False, allow_null=True)
        fields[f"{kind}_deadline"] = serializers.DateField(required=False, allow_null=True)
        fields[f"{kind}_days"] = serializers.IntegerField(required=False, allow_null=True)
        fields[f"{kind}_words"] = serializers.CharField(required=False, allow_blank=True)
    for n in range(1, MAX_SECTORS + 1):
        fields[f"sector_{n}"] = serializers.CharField(required=False, allow_blank=True)
    return type(
        "CallIn", (serializers.Serializer,), {**fields, "__doc__": "The fields of the page's call form."}
    )


CallIn = _call_in()


def _call_save(request, form, call):
    return calls.call_save(
        actor=request.user,
        call=call,
        data=form.call_data(),
        themes=form.themes(),
        sectors=form.sectors(),
        stages=form.stages(),
        attachments=form.attachment_pairs(),
        expected_version=form.cleaned_data.get("version"),
    )


def call_answer(request, pk: int, status=200) -> Response:
    call = get_object_or_404(Call.objects.select_related("funder").prefetch_related("stages"), pk=pk)
    response = Response(CallDetailOut(call, context={"today": timezone.localdate()}).data, status=status)
    response["ETag"] = etag(call)
    if status == 201:
        response["Location"] = reverse("api:funding_call", kwargs={"pk": call.pk})
    return response


class CallList(Api):
    """The catalogue of calls, the newest first; POST adds one, as the page's form (the unit)."""

    serializer_class = CallOut
    pagination_class = Pages
    ordering = ("-id",)

    @extend_schema(parameters=CURSOR, responses=CallOut(many=True))
    def get(self, request):
        if not access.sees(request.user):
            raise Http404
        calls = Call.objects.select_related("funder").prefetch_related("stages")
        page = self.paginate_queryset(calls)
        return self.get_paginated_response(
            CallOut(page, many=True, context={"today": timezone.localdate()}).data
        )

    @extend_schema(request=CallIn, responses={201: CallDetailOut})
    def post(self, request):
        access.require(request.user, "funding.edit")
        form = on_top(CallForm, form_data(json_object(request), lists=_CALL_LISTS), refused=("version",))
        call = _call_save(request, form, None)
        return call_answer(request, call.pk, status=201)


class CallDetail(Api):
    """A call of the catalogue with its stages; PATCH changes it as the page's form (the unit; an
    archived call no longer changes). If-Match."""

    serializer_class = CallDetailOut

    def get(self, request, pk: int):
        access.get_call_for(request.user, pk)
        return call_answer(request, pk)

    @extend_schema(request=CallIn, parameters=[IF_MATCH], responses={200: CallDetailOut})
    def patch(self, request, pk: int):
        call = access.get_call_for(request.user, pk, write=True)
        version = expected_version(request, call)
        form = on_top(
            lambda data: CallForm(data, instance=Call.objects.get(pk=pk)),
            form_data(json_object(request), lists=_CALL_LISTS),
            refused=("version",),
            extra={"version": str(version)},
        )
        _call_save(request, form, call)
        return call_answer(request, pk)


class CallArchiveIn(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the call leaves the catalogue.")


class CallArchive(Api):
    """Take a call out of the catalogue, with why: archived, never deleted (the unit)."""

    serializer_class = CallArchiveIn

    @extend_schema(request=CallArchiveIn, responses={200: CallDetailOut})
    def post(self, request, pk: int):
        call = access.get_call_for(request.user, pk, write=True)
        body = form_data(json_object(request))
        data = valid(ArchiveForm(changes_to(ArchiveForm(), body)))
        calls.call_archive(actor=request.user, call=call, reason=data["reason"])
        return call_answer(request, pk)


class CallDocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(
                "api:funding_call_document_file", kwargs={"pk": document.call_id, "document_pk": document.pk}
            )
        )


class CallDocumentIn(serializers.Serializer):
    title = serializers.CharField()
    file = serializers.FileField()


class CallDocuments(Api):
    """The call's documents (guidelines, forms…); POST (multipart/form-data) adds one (the unit)."""

    serializer_class = CallDocumentOut
    parser_classes = FILE_PARTS

    @extend_schema(responses=CallDocumentOut(many=True))
    def get(self, request, pk: int):
        call = access.get_call_for(request.user, pk)
        documents = CallDocument.objects.filter(call=call).order_by("id")
        return Response(CallDocumentOut(documents, many=True, context={"request": request}).data)

    @extend_schema(request={"multipart/form-data": CallDocumentIn}, responses={201: CallDocumentOut})
    def post(self, request, pk: int):
        call = access.get_call_for(request.user, pk, write=True)
        data = with_files(request, DocumentForm).cleaned_data
        document = calls.call_document_upload(
            actor=request.user, call=call, title=data["title"], upload=data["file"]
        )
        return Response(CallDocumentOut(document, context={"request": request}).data, status=201)


class CallDocumentFile(FileAnswer):
    """A document of the call, as stored."""

    @FILE
    def get(self, request, pk: int, document_pk: int):
        call = access.get_call_for(request.user, pk)
        document = get_object_or_404(CallDocument, pk=document_pk, call=call)
        return uploads.serve(document.file, document.content_type)


class ApplicationOpenIn(serializers.Serializer):
    project = serializers.IntegerField(help_text="An active project's id.")
    call = serializers.IntegerField(help_text="A call of the catalogue the commune may answer.")
    language = serializers.CharField(required=False, allow_blank=True, help_text="ar, fr or en.")
    lead = serializers.IntegerField(
        required=False, allow_null=True, help_text="The lead applicant: a partner."
    )
    amount_requested = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, allow_null=True
    )
    owner = serializers.IntegerField(required=False, allow_null=True, help_text="A staff member's id.")


class ApplicationIn(serializers.Serializer):
    lead = serializers.IntegerField(required=False, allow_null=True)
    language = serializers.CharField(required=False)
    amount_requested = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, allow_null=True
    )
    owner = serializers.IntegerField(required=False, allow_null=True)
    submitted_on = serializers.DateField(required=False, allow_null=True)
    decided_on = serializers.DateField(required=False, allow_null=True)
    feedback = serializers.CharField(required=False, allow_blank=True)
    lessons = serializers.CharField(required=False, allow_blank=True)


class ApplicationList(Api):
    """The commune's applications to calls, the newest first; POST opens one for a project, as the
    page's "Answer a call" (the unit): the go / no-go comes next."""

    serializer_class = ApplicationOut
    pagination_class = Pages
    ordering = ("-id",)

    @extend_schema(parameters=CURSOR, responses=ApplicationOut(many=True))
    def get(self, request):
        if not access.sees(request.user):
            raise Http404
        page = self.paginate_queryset(Application.objects.select_related("project"))
        return self.get_paginated_response(ApplicationOut(page, many=True).data)

    @extend_schema(request=ApplicationOpenIn, responses={201: ApplicationDetailOut})
    def post(self, request):
        access.require(request.user, "funding.edit")
        form = on_top(ApplicationOpenForm, form_data(json_object(request)))
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("project", "call")}
        if not data.get("owner"):
            data.pop("owner", None)
        application = applications.application_open(
            actor=request.user,
            project=form.cleaned_data["project"],
            call=form.cleaned_data["call"],
            data=data,
        )
        return application_detail(request, application.pk, status=201)


class ApplicationDetail(Api):
    """An application with its road (each move, when and why) and the moves the reader may make now;
    its ETag is what a write's If-Match must carry. PATCH changes it as the page's form (the unit)."""

    serializer_class = ApplicationDetailOut

    def get(self, request, pk: int):
        return application_detail(request, pk)

    @extend_schema(request=ApplicationIn, parameters=[IF_MATCH], responses={200: ApplicationDetailOut})
    def patch(self, request, pk: int):
        application = access.get_application_for(request.user, pk, write=True)
        version = expected_version(request, application)
        form = on_top(
            lambda data: ApplicationForm(data, application=application),
            form_data(json_object(request)),
            refused=("version",),
            extra={"version": str(version)},
        )
        applications.application_save(
            actor=request.user,
            application=application,
            data={k: form.cleaned_data[k] for k in ApplicationForm.FIELDS},
            expected_version=version,
        )
        return application_detail(request, pk)


class ApplicationMoveIn(serializers.Serializer):
    to = serializers.CharField(help_text="One of the application's `allowed_moves`.")
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Required for go, no-go, withdrawal and rejection."
    )
    amount_awarded = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, help_text="For an award, in the call's currency."
    )
    on = serializers.DateField(
        required=False, help_text="The day it was submitted or answered; today if none."
    )


class ApplicationMove(Api):
    """Move the application along its road, as its page's buttons: the go / no-go and a withdrawal
    (the unit or the president, with a reason), submitted, shortlisted, awarded (the amount; the
    funder joins the project and an agreement is started), rejected (the funder's reasons). If-Match."""

    serializer_class = ApplicationMoveIn

    @extend_schema(request=ApplicationMoveIn, parameters=[IF_MATCH], responses={200: ApplicationDetailOut})
    def post(self, request, pk: int):
        application = access.get_application_for(request.user, pk)
        access.require(request.user, "funding.decide")
        version = expected_version(request, application)
        body = form_data(json_object(request))
        changes_to(MoveForm(), body, refused=("version",))
        data = valid(MoveForm({**body, "version": str(version)}))
        applications.application_move(
            actor=request.user,
            application=application,
            to=data["to"],
            reason=data["reason"],
            data={"amount_awarded": data.get("amount_awarded"), "on": data.get("on")},
            expected_version=version,
        )
        return application_detail(request, pk)


# --- the proposal builder -------------------------------------------------------------------------------


def section_etag(application, key: str, version: int) -> str:
    return f'"funding.section-{application.pk}-{key}-v{version}"'


class ChecklistItemOut(serializers.Serializer):
    kind = serializers.CharField(
        help_text="section_missing, section_too_long, data_missing, attachment_missing…"
    )
    message = serializers.CharField()
    url = serializers.CharField(help_text="The page where it is put right.")


class SectionOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField(help_text="In the proposal's language.")
    label = serializers.CharField(help_text="In the reader's language.")
    text = serializers.CharField(help_text="The saved text, or the draft written from the project's data.")
    saved = serializers.BooleanField(source="is_saved")
    words = serializers.IntegerField()
    limit = serializers.IntegerField(allow_null=True, help_text="The call's word limit for this section.")
    too_long = serializers.BooleanField()
    version = serializers.IntegerField()
    etag = serializers.SerializerMethodField(help_text="What a change's If-Match carries.")

    def get_etag(self, section) -> str:
        return section_etag(self.context["application"], section.key, section.version)


class ProposalOut(serializers.Serializer):
    language = serializers.CharField()
    sections = serializers.SerializerMethodField()
    checklist = serializers.SerializerMethodField()

    @extend_schema_field(SectionOut(many=True))
    def get_sections(self, proposal):
        return SectionOut(proposal.sections, many=True, context={"application": proposal.application}).data

    @extend_schema_field(ChecklistItemOut(many=True))
    def get_checklist(self, proposal):
        return [
            {"kind": item.kind, "message": str(item.message), "url": item.url}
            for item in checklist.check(proposal)
        ]


class ApplicationProposal(Api):
    """The application's proposal as the builder shows it: each section's text (saved, or drafted
    from the project's data), its word count against the call's limit, and what is still to do."""

    serializer_class = ProposalOut

    def get(self, request, pk: int):
        application = access.get_application_for(request.user, pk)
        return Response(ProposalOut(proposals.build(application)).data)


class SectionIn(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, help_text="Empty: back to the draft written from the data."
    )


class ProposalSectionDetail(Api):
    """Save one section's text, as the builder (the unit, or the project's manager for their own
    projects). If-Match: the section's `etag` as read (version 0 for a section never saved)."""

    serializer_class = SectionOut

    @extend_schema(request=SectionIn, parameters=[IF_MATCH], responses={200: SectionOut})
    def put(self, request, pk: int, key: str):
        application = access.get_application_for(request.user, pk, proposal=True)
        if key not in proposals.sections_of(application):
            raise Http404
        version = version_in_if_match(request, f'"funding.section-{application.pk}-{key}-v')
        body = form_data(json_object(request))
        changes_to(SectionForm(), body, refused=("version",))
        data = valid(SectionForm({**body, "version": str(max(version, 0))}))
        services_proposals.section_save(  # another section's tag (-1) is stale: 412
            actor=request.user, application=application, key=key, text=data["text"], expected_version=version
        )
        return _section_answer(application, key)


def _section_answer(application, key: str) -> Response:
    section = proposals.build(application).section(key)
    answer = Response(SectionOut(section, context={"application": application}).data)
    answer["ETag"] = section_etag(application, key, section.version)
    return answer


class ReuseIn(serializers.Serializer):
    source = serializers.IntegerField(help_text="A section of an awarded application offered for reuse.")


class ProposalSectionReuse(Api):
    """Start a section from an awarded application's section offered for it (same funder or area,
    same section), as the builder's offer (the unit, or the project's manager)."""

    serializer_class = SectionOut

    @extend_schema(request=ReuseIn, responses={200: SectionOut})
    def post(self, request, pk: int, key: str):
        application = access.get_application_for(request.user, pk, proposal=True)
        if key not in proposals.sections_of(application):
            raise Http404
        body = form_data(json_object(request))
        data = valid(ReuseForm(changes_to(ReuseForm(), body)))
        source = ProposalSection.objects.select_related("application").filter(pk=data["source"]).first()
        if source is None or source.key != key:
            raise Invalid(
                {
                    "source": [
                        _(
                            "Only a section of an awarded application to the same funder or in the same area, for the same section, can be reused."
                        )
                    ]
                }
            )
        services_proposals.section_reuse(
            actor=request.user, application=application, key=key, source_section=source
        )
        return _section_answer(application, key)
