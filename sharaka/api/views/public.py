"""What the public portal shows, without a token: the published projects (portal.queries)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import CURSOR, Api, Pages
from sharaka.portal import queries


class PublicProjectOut(out.serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = out.BestText("title")
    titles = out.AllTexts("title")
    status = out.choice("status")
    planned_start = serializers.DateField(allow_null=True)
    planned_end = serializers.DateField(allow_null=True)
    localities = out.LocalityOut(many=True, read_only=True)


class PublicMoney(serializers.Serializer):
    received = serializers.DecimalField(max_digits=None, decimal_places=2)
    spent = serializers.DecimalField(max_digits=None, decimal_places=2)


class PublicProjectDetailOut(PublicProjectOut):
    summary = out.BestText("summary")
    summaries = out.AllTexts("summary")
    sectors = out.SectorOut(many=True, read_only=True)
    partners = out.ParticipationOut(many=True, read_only=True, source="participations")
    money_mad = serializers.SerializerMethodField()

    @out.extend_schema_field(PublicMoney)
    def get_money_mad(self, project):
        return PublicMoney(queries.project_money(project)).data


class Public(Api):
    authentication_classes = []
    permission_classes = [AllowAny]


class PublicProjectList(Public):
    """The projects published on the portal, by code."""

    serializer_class = PublicProjectOut
    pagination_class = Pages
    ordering = ("code",)

    @extend_schema(parameters=CURSOR, responses=PublicProjectOut(many=True))
    def get(self, request):
        page = self.paginate_queryset(queries.project_list().order_by("code"))
        return self.get_paginated_response(PublicProjectOut(page, many=True).data)


class PublicProjectDetail(Public):
    """A published project as its portal page shows it: partners, sectors, places, money received
    and spent in MAD."""

    serializer_class = PublicProjectDetailOut

    def get(self, request, pk: int):
        project = get_object_or_404(queries.project_detail_queryset(), pk=pk)
        return Response(PublicProjectDetailOut(project).data)
