"""Agreements and their legal road under law 113-14, as the agreement pages show and move them."""

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.agreements import access, services
from sharaka.agreements.forms import (
    AgreementForm,
    AmendForm,
    DelegationForm,
    DocumentForm,
    ListFilterForm,
    MoveForm,
    ObligationForm,
    PartyForm,
    PlanActionForm,
)
from sharaka.agreements.models import (
    TAKEN_REFERENCE,
    Agreement,
    AgreementDocument,
    AgreementParty,
    Delegation,
    Obligation,
    PlanAction,
    StatusChange,
)
from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views.base import (
    CURSOR,
    IF_MATCH,
    Api,
    Pages,
    etag,
    expected_version,
    form_filter,
    form_parameters,
    version_held,
)
from sharaka.api.views.files import FIELDS_OR_FILE_PARTS, FILE, FILE_PARTS, FileAnswer
from sharaka.api.views.forms import (
    body_and_files,
    changes_to,
    files_as_files,
    form_data,
    json_object,
    on_top,
    valid,
    with_files,
)
from sharaka.core import uploads
from sharaka.core.forms import SharakaForm

FILTERS = form_parameters(
    {
        "kind": (str, "Agreement type code."),
        "status": (str, "State code."),
        "partner": (str, "A party: its id, or its acronym at scales with many partners."),
        "soon": (bool, "Only those with a deadline within 14 days or overdue."),
    }
)


class AgreementIn(serializers.Serializer):
    """The fields of the page's agreement form; a PATCH sends only those it changes."""

    kind = serializers.CharField(required=False, help_text="Agreement type code (not `amendment`).")
    reference = serializers.CharField(required=False, allow_blank=True)
    title_ar = serializers.CharField(required=False, allow_blank=True)
    title_fr = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    object_ar = serializers.CharField(required=False, allow_blank=True)
    object_fr = serializers.CharField(required=False, allow_blank=True)
    object_en = serializers.CharField(required=False, allow_blank=True)
    languages = serializers.CharField(required=False, allow_blank=True)
    foreign_money = serializers.BooleanField(required=False)
    starts_on = serializers.DateField(required=False, allow_null=True)
    duration_months = serializers.IntegerField(required=False, allow_null=True)
    renewal_terms = serializers.CharField(required=False, allow_blank=True)
    notice_months = serializers.IntegerField(required=False, allow_null=True)
    owner = serializers.IntegerField(required=False, allow_null=True, help_text="A staff member's id.")
    partners = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Creation only: the partners' ids (the commune is always a party).",
    )
    projects = serializers.ListField(child=serializers.IntegerField(), required=False)


LISTS = ("partners", "projects")


def _reference_taken():
    return Invalid({"reference": [str(TAKEN_REFERENCE)]})


class AgreementList(Api):
    """The agreements a role sees on the agreement list: every one for the commune's staff, those
    transmitted to it for the prefecture."""

    serializer_class = out.AgreementOut
    pagination_class = Pages
    ordering = ("-updated_at", "-id")

    def filter_form(self, request, data):
        return ListFilterForm(data, agreements=Agreement.objects.visible_to(request.user))

    def apply_filters(self, form, agreements):
        return form.filter(agreements, timezone.localdate())

    @extend_schema(parameters=[*FILTERS, *CURSOR], responses=out.AgreementOut(many=True))
    def get(self, request):
        if not access.may_see(request.user):
            raise Http404
        agreements = form_filter(self, request, Agreement.objects.visible_to(request.user))
        page = self.paginate_queryset(agreements)
        return self.get_paginated_response(out.AgreementOut(page, many=True).data)

    @extend_schema(request=AgreementIn, responses={201: out.AgreementDetailOut})
    def post(self, request):
        """Create an agreement as the page's "New agreement" form (the unit): at the idea stage, the
        commune and the partners named as parties."""
        access.require(request.user, "agreements.edit")
        form = on_top(
            lambda data: AgreementForm(data),
            form_data(json_object(request), lists=LISTS),
            refused=("version",),
        )
        try:
            with transaction.atomic():
                agreement = services.agreement_create(
                    actor=request.user,
                    data=form.agreement_data(),
                    partners=form.cleaned_data["partners"],
                    projects=form.cleaned_data["projects"],
                )
        except IntegrityError:
            raise _reference_taken() from None
        return detail(request, agreement.pk, status=201)


def detail(request, pk: int, status=200) -> Response:
    found = access.get_agreement_for(request.user, pk)
    agreement = Agreement.objects.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation").order_by("id")),
        "projects",
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
    ).get(pk=found.pk)
    response = Response(out.AgreementDetailOut(agreement, context={"request": request}).data, status=status)
    response["ETag"] = etag(agreement)
    if status == 201:
        response["Location"] = reverse("api:agreement", kwargs={"pk": agreement.pk})
    return response


class AgreementDetail(Api):
    """An agreement with its parties, projects and legal road (each step, when and why), and the
    moves the reader may make now. Its ETag is what a write's If-Match must carry. PATCH changes it as
    the page's edit form (the unit; once the council has deliberated, what it decided changes only
    through an amendment)."""

    serializer_class = out.AgreementDetailOut

    def get(self, request, pk: int):
        return detail(request, pk)

    @extend_schema(request=AgreementIn, parameters=[IF_MATCH], responses={200: out.AgreementDetailOut})
    def patch(self, request, pk: int):
        agreement = access.get_agreement_for(request.user, pk, write=True)
        version = expected_version(request, agreement)
        form = on_top(
            lambda data: AgreementForm(data, instance=Agreement.objects.get(pk=pk)),
            form_data(json_object(request), lists=LISTS),
            refused=("version",),
            extra={"version": str(version)},
        )
        try:
            with transaction.atomic():
                services.agreement_update(
                    actor=request.user,
                    agreement=agreement,
                    data=form.agreement_data(),
                    expected_version=version,
                    projects=form.cleaned_data["projects"],
                )
        except IntegrityError:
            raise _reference_taken() from None
        return detail(request, pk)


class AgreementMoveIn(serializers.Serializer):
    to = serializers.CharField(help_text="The state to move to (one of the agreement's `allowed_moves`).")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    document = serializers.FileField(
        required=False,
        help_text="multipart/form-data only: the document the step requires (decision, receipt, visa…).",
    )
    session = serializers.IntegerField(required=False, help_text="The council session's id (deliberation).")
    decision_number = serializers.CharField(required=False, allow_blank=True)


class AgreementMove(Api):
    """Move the agreement along its legal road, as the agreement page's road does: who may make each
    move (the prefecture records receipt, objection, visa), the document a step requires, the law's
    deadlines, the history and the ledger. JSON, or multipart/form-data with the `document`. Needs
    If-Match: an agreement changed since it was read gets 412."""

    serializer_class = out.AgreementDetailOut
    parser_classes = FIELDS_OR_FILE_PARTS

    @extend_schema(
        request={"application/json": AgreementMoveIn, "multipart/form-data": AgreementMoveIn},
        parameters=[IF_MATCH],
        responses={200: out.AgreementDetailOut},
    )
    def post(self, request, pk: int):
        agreement = access.get_agreement_for(request.user, pk)
        version = expected_version(request, agreement)
        fields, files = body_and_files(request)
        form = MoveForm(auto_id=False)
        files_as_files(form, fields)
        changes_to(form, {**fields, **files}, refused=("version",))
        form = MoveForm({**form_data(fields), "version": str(version)}, files)
        data = valid(form)
        services.agreement_advance(
            actor=request.user,
            agreement=agreement,
            to=data["to"],
            reason=data["reason"],
            document=data["document"],
            session=data["session"],
            decision_number=data["decision_number"],
            expected_version=version,
        )
        return detail(request, pk)


# --- obligations: reports, tranche calls, visits… the agreement binds its parties to ---------------------


class ObligationOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = out.choice("kind")
    title = serializers.CharField()
    due_on = serializers.DateField()
    state = out.choice("state")
    owner = serializers.SerializerMethodField()
    party = serializers.SerializerMethodField(help_text="The party it binds: a partner's name, or empty.")

    def get_owner(self, obligation) -> str:
        return out.person_name(obligation.owner)

    def get_party(self, obligation) -> str:
        party = obligation.party
        return str(party.organisation) if party and party.organisation_id else ""


class ObligationIn(serializers.Serializer):
    kind = serializers.CharField(help_text="report, tranche, visit, audit, other…")
    title = serializers.CharField()
    due_on = serializers.DateField()
    owner = serializers.IntegerField(required=False, allow_null=True, help_text="A staff member's id.")
    party = serializers.IntegerField(required=False, allow_null=True, help_text="A party of the agreement.")


def _obligations(agreement):
    return agreement.obligations.select_related("owner", "party__organisation").order_by("due_on", "id")


class AgreementObligations(Api):
    """The agreement's obligations, the earliest due first; POST adds one, as the agreement page's
    form (whoever may change the agreement)."""

    serializer_class = ObligationOut

    @extend_schema(responses=ObligationOut(many=True))
    def get(self, request, pk: int):
        agreement = access.get_agreement_for(request.user, pk)
        return Response(ObligationOut(_obligations(agreement), many=True).data)

    @extend_schema(request=ObligationIn, responses={201: ObligationOut})
    def post(self, request, pk: int):
        agreement = access.get_agreement_for(request.user, pk, write=True)
        blank = ObligationForm(agreement=agreement)
        body = changes_to(blank, form_data(json_object(request)))
        data = valid(ObligationForm(body, agreement=agreement))
        obligation = services.obligation_add(actor=request.user, agreement=agreement, data=data)
        return Response(ObligationOut(_obligations(agreement).get(pk=obligation.pk)).data, status=201)


class ObligationDone(Api):
    """Mark an obligation done (the report sent, the visit made), as the agreement page's button."""

    serializer_class = ObligationOut

    @extend_schema(request=None, responses={200: ObligationOut})
    def post(self, request, pk: int, obligation_pk: int):
        agreement = access.get_agreement_for(request.user, pk, write=True)
        obligation = get_object_or_404(_obligations(agreement), pk=obligation_pk)
        services.obligation_set_state(actor=request.user, obligation=obligation, state=Obligation.State.DONE)
        return Response(ObligationOut(_obligations(agreement).get(pk=obligation.pk)).data)


# --- parties and their resources (art. 150), amendments -----------------------------------------------


class PartyIn(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False, allow_null=True, help_text="A partner's id; null or absent: the commune."
    )
    cash_amount = serializers.DecimalField(max_digits=None, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(required=False, help_text="ISO 4217; MAD unless sent.")
    in_kind_value = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, allow_null=True
    )
    in_kind_description = serializers.CharField(required=False, allow_blank=True)


class AgreementParties(Api):
    """Add a party, or set the resources a party commits (cash, in kind), as the page's "A party and
    its resources" form: the whole of the party's resources as sent (the unit; refused once the
    council has deliberated). If-Match: the agreement's ETag (a party set changes its version)."""

    serializer_class = out.AgreementDetailOut

    @extend_schema(request=PartyIn, parameters=[IF_MATCH], responses={200: out.AgreementDetailOut})
    def post(self, request, pk: int):
        agreement = access.get_agreement_for(request.user, pk, write=True)
        version = expected_version(request, agreement)
        form = on_top(PartyForm, form_data(json_object(request)))
        with version_held(Agreement, agreement.pk, version):
            services.agreement_party_set(actor=request.user, agreement=agreement, **form.cleaned_data)
        return detail(request, pk)


class AmendmentIn(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the agreement is amended.")
    reference = serializers.CharField(required=False, allow_blank=True)
    object_ar = serializers.CharField(required=False, allow_blank=True)
    object_fr = serializers.CharField(required=False, allow_blank=True)
    object_en = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    duration_months = serializers.IntegerField(required=False, allow_null=True)
    renewal_terms = serializers.CharField(required=False, allow_blank=True)
    notice_months = serializers.IntegerField(required=False, allow_null=True)


class AgreementAmendments(Api):
    """Amend an agreement the council deliberated on, as the page's "Amend the agreement": only the
    fields sent change (the others stay the agreement's); the amendment is a new agreement on the same
    legal road (201, its Location), holding what it changes (the unit)."""

    serializer_class = out.AgreementDetailOut

    @extend_schema(request=AmendmentIn, responses={201: out.AgreementDetailOut})
    def post(self, request, pk: int):
        agreement = access.get_agreement_for(request.user, pk, write=True)
        initial = {k: getattr(agreement, k) for k in services.AMENDABLE_FIELDS}
        form = on_top(lambda data: AmendForm(data, initial=initial), form_data(json_object(request)))
        try:
            with transaction.atomic():
                amendment = services.agreement_amend(
                    actor=request.user,
                    agreement=agreement,
                    changes=form.changes(),
                    reason=form.cleaned_data["reason"],
                    reference=form.cleaned_data["reference"],
                )
        except IntegrityError:
            raise _reference_taken() from None
        return detail(request, amendment.pk, status=201)


# --- the documents of the road ------------------------------------------------------------------------


class AgreementDocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = out.choice("kind")
    title = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = out.UTC()
    superseded = serializers.SerializerMethodField(help_text="A newer document of the same type replaced it.")
    url = serializers.SerializerMethodField()

    def get_superseded(self, document) -> bool:
        return document.superseded_by_id is not None

    def get_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(
                "api:agreement_document_file",
                kwargs={"pk": document.agreement_id, "document_pk": document.pk},
            )
        )


class AgreementDocumentIn(serializers.Serializer):
    kind = serializers.CharField(
        help_text="Document type code: decision, transmission_receipt, visa, signed_text…"
    )
    title = serializers.CharField()
    file = serializers.FileField()


class AgreementDocuments(Api):
    """The documents of the agreement's road (decision, receipt, visa, signed text…), the newest
    first; a newer one of a type supersedes the older, which is kept. POST (multipart/form-data) adds
    one as the page's "Add a document" (the unit)."""

    serializer_class = AgreementDocumentOut
    parser_classes = FILE_PARTS

    @extend_schema(responses=AgreementDocumentOut(many=True))
    def get(self, request, pk: int):
        agreement = access.get_agreement_for(request.user, pk)
        documents = agreement.documents.order_by("-uploaded_at", "-id")
        return Response(AgreementDocumentOut(documents, many=True, context={"request": request}).data)

    @extend_schema(
        request={"multipart/form-data": AgreementDocumentIn}, responses={201: AgreementDocumentOut}
    )
    def post(self, request, pk: int):
        agreement = access.get_agreement_for(request.user, pk, write=True)
        data = with_files(request, DocumentForm).cleaned_data
        document = services.agreement_document_add(
            actor=request.user,
            agreement=agreement,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
        )
        return Response(AgreementDocumentOut(document, context={"request": request}).data, status=201)


class AgreementDocumentFile(FileAnswer):
    """The document's file, to whoever reads the agreement (as an attachment, never sniffed)."""

    @FILE
    def get(self, request, pk: int, document_pk: int):
        agreement = access.get_agreement_for(request.user, pk)
        document = get_object_or_404(AgreementDocument, pk=document_pk, agreement=agreement)
        return uploads.serve(document.file, document.content_type)


# --- twinning: delegations and the joint action plan --------------------------------------------------


def _twinning(request, pk: int, write=False) -> Agreement:
    agreement = access.get_agreement_for(request.user, pk, write=write)
    if agreement.kind not in services.TWINNING_KINDS:
        raise Http404
    return agreement


class DelegationOut(serializers.Serializer):
    id = serializers.IntegerField()
    direction = out.choice("direction")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    people = serializers.CharField()
    purpose = serializers.CharField()
    outcomes = serializers.CharField()


class DelegationIn(serializers.Serializer):
    direction = serializers.CharField(help_text="incoming or outgoing.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    people = serializers.CharField(help_text="Names and functions, one a line.")
    purpose = serializers.CharField()
    outcomes = serializers.CharField(required=False, allow_blank=True)


class AgreementDelegations(Api):
    """A twinning's delegations and visits, the latest first; POST records one, as the page (the
    unit). Only for twinning and decentralised-cooperation agreements (404 for the others)."""

    serializer_class = DelegationOut

    @extend_schema(responses=DelegationOut(many=True))
    def get(self, request, pk: int):
        agreement = _twinning(request, pk)
        return Response(DelegationOut(agreement.delegations.order_by("-starts_on", "-id"), many=True).data)

    @extend_schema(request=DelegationIn, responses={201: DelegationOut})
    def post(self, request, pk: int):
        agreement = _twinning(request, pk, write=True)
        form = on_top(DelegationForm, form_data(json_object(request)))
        delegation = services.delegation_add(actor=request.user, agreement=agreement, data=form.cleaned_data)
        return Response(DelegationOut(Delegation.objects.get(pk=delegation.pk)).data, status=201)


class PlanActionOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    owner = serializers.SerializerMethodField()
    partner_owner = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField()
    state = out.choice("state")
    allowed_moves = serializers.SerializerMethodField()

    def get_owner(self, action) -> str:
        return out.person_name(action.owner)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, action):
        from sharaka.agreements.obligations import PLAN_ACTION

        return PLAN_ACTION.allowed_targets(self.context["request"].user, action)


class PlanActionIn(serializers.Serializer):
    title = serializers.CharField()
    owner = serializers.IntegerField(required=False, allow_null=True, help_text="A staff member's id.")
    partner_owner = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField()


def _plan_actions(agreement):
    return agreement.plan_actions.select_related("owner").order_by("due_on", "id")


class AgreementPlanActions(Api):
    """A twinning's joint action plan; POST adds an action, as the page (the unit). Only for twinning
    and decentralised-cooperation agreements (404 for the others)."""

    serializer_class = PlanActionOut

    @extend_schema(responses=PlanActionOut(many=True))
    def get(self, request, pk: int):
        agreement = _twinning(request, pk)
        return Response(PlanActionOut(_plan_actions(agreement), many=True, context={"request": request}).data)

    @extend_schema(request=PlanActionIn, responses={201: PlanActionOut})
    def post(self, request, pk: int):
        agreement = _twinning(request, pk, write=True)
        form = on_top(PlanActionForm, form_data(json_object(request)))
        action = services.plan_action_add(actor=request.user, agreement=agreement, data=form.cleaned_data)
        answer = PlanActionOut(_plan_actions(agreement).get(pk=action.pk), context={"request": request})
        return Response(answer.data, status=201)


class PlanActionMove(Api):
    """Move a joint-plan action (started, done, dropped…) as the page's buttons (the unit)."""

    serializer_class = out.MoveIn

    @extend_schema(request=out.MoveIn, responses={200: PlanActionOut})
    def post(self, request, pk: int, action_pk: int):
        agreement = _twinning(request, pk, write=True)
        action = get_object_or_404(PlanAction, pk=action_pk, agreement=agreement)
        body = form_data(json_object(request))
        data = valid(_MoveForm(body))
        services.plan_action_set_state(
            actor=request.user, action=action, state=data["to"], reason=data["reason"]
        )
        answer = PlanActionOut(_plan_actions(agreement).get(pk=action.pk), context={"request": request})
        return Response(answer.data)


class _MoveForm(SharakaForm):
    """A move's two fields (the page's buttons send the state alone; the pipeline says what is allowed)."""

    to = forms.CharField(max_length=40)
    reason = forms.CharField(required=False, max_length=2000)
