"""The catalogue of funding calls and the commune's applications: the unit's internal work, read by
the commune's staff (funding/access.py); partners and the prefecture get 404."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import CURSOR, IF_MATCH, Api, Pages, etag, expected_version
from sharaka.api.views.forms import changes_to, form_data, json_object, valid
from sharaka.funding import access, applications
from sharaka.funding.forms_applications import MoveForm
from sharaka.funding.models import Application, ApplicationStatusChange, Call
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


class ApplicationDetailOut(ApplicationOut):
    status_history = out.StatusChangeOut(many=True, source="status_changes.all")
    allowed_moves = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, application):
        user = self.context["request"].user
        if application.project.archived_at is not None:
            return []
        return list(PIPELINE.allowed_targets(user, application))


def application_detail(request, pk: int) -> Response:
    found = access.get_application_for(request.user, pk)
    application = (
        Application.objects.select_related("project")
        .prefetch_related(
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.order_by("changed_at", "id"))
        )
        .get(pk=found.pk)
    )
    response = Response(ApplicationDetailOut(application, context={"request": request}).data)
    response["ETag"] = etag(application)
    return response


class CallList(Api):
    """The catalogue of calls, the newest first."""

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


class ApplicationList(Api):
    """The commune's applications to calls, the newest first."""

    serializer_class = ApplicationOut
    pagination_class = Pages
    ordering = ("-id",)

    @extend_schema(parameters=CURSOR, responses=ApplicationOut(many=True))
    def get(self, request):
        if not access.sees(request.user):
            raise Http404
        page = self.paginate_queryset(Application.objects.select_related("project"))
        return self.get_paginated_response(ApplicationOut(page, many=True).data)


class ApplicationDetail(Api):
    """An application with its road (each move, when and why) and the moves the reader may make now;
    its ETag is what a move's If-Match must carry."""

    serializer_class = ApplicationDetailOut

    def get(self, request, pk: int):
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
