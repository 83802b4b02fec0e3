"""The catalogue of funding calls and the commune's applications: the unit's internal work, read by
the commune's staff (funding/access.py); partners and the prefecture get 404."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from sharaka.api import serializers as out
from sharaka.api.views.base import CURSOR, Api, Pages
from sharaka.funding import access
from sharaka.funding.models import Application, Call


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
