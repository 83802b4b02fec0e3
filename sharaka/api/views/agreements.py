"""Agreements and their legal road under law 113-14, as the agreement pages show and move them."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.agreements import access, services
from sharaka.agreements.forms import ListFilterForm, MoveForm
from sharaka.agreements.models import Agreement, AgreementParty, StatusChange
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
from sharaka.api.views.files import fields_or_file_parts
from sharaka.api.views.forms import body_and_files, changes_to, files_as_files, form_data, valid

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
    parser_classes = fields_or_file_parts()

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
