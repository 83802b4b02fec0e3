"""Agreements and their legal road under law 113-14, as the agreement pages show and move them."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.agreements import access, services
from sharaka.agreements.forms import ListFilterForm, MoveForm, ObligationForm
from sharaka.agreements.models import Agreement, AgreementParty, Obligation, StatusChange
from sharaka.api import serializers as out
from sharaka.api.views.base import (
    CURSOR,
    IF_MATCH,
    Api,
    Pages,
    etag,
    expected_version,
    form_filter,
    form_parameters,
)
from sharaka.api.views.files import FIELDS_OR_FILE_PARTS
from sharaka.api.views.forms import (
    body_and_files,
    changes_to,
    files_as_files,
    form_data,
    json_object,
    valid,
)

FILTERS = form_parameters(
    {
        "kind": (str, "Agreement type code."),
        "status": (str, "State code."),
        "partner": (str, "A party: its id, or its acronym at scales with many partners."),
        "soon": (bool, "Only those with a deadline within 14 days or overdue."),
    }
)


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


def detail(request, pk: int) -> Response:
    found = access.get_agreement_for(request.user, pk)
    agreement = Agreement.objects.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation").order_by("id")),
        "projects",
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
    ).get(pk=found.pk)
    response = Response(out.AgreementDetailOut(agreement, context={"request": request}).data)
    response["ETag"] = etag(agreement)
    return response


class AgreementDetail(Api):
    """An agreement with its parties, projects and legal road (each step, when and why), and the
    moves the reader may make now. Its ETag is what a move's If-Match must carry."""

    serializer_class = out.AgreementDetailOut

    def get(self, request, pk: int):
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
        user = obligation.owner
        return (user.get_full_name() or user.get_username()) if user else ""

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
