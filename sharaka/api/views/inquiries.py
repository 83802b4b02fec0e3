"""Citizens' inquiries sent from the public portal, read and answered by the unit as on the inquiries
pages (the law on access to information gives them a deadline). Never anyone else's: they hold the
sender's name and contact."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import Api, Pages
from sharaka.api.views.forms import form_data, json_object, on_top
from sharaka.core.roles import can
from sharaka.portal import services
from sharaka.portal.forms import AnswerForm
from sharaka.portal.models import Inquiry


class InquiryOut(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    project = serializers.SerializerMethodField()
    name = serializers.CharField()
    contact = serializers.CharField()
    message = serializers.CharField()
    language = serializers.CharField()
    status = out.choice("status")
    received_at = out.UTC()
    due_on = serializers.DateField()
    answer = serializers.CharField()
    answer_is_public = serializers.BooleanField()

    def get_project(self, inquiry) -> str:
        return inquiry.project.code if inquiry.project_id else ""


class AnswerIn(serializers.Serializer):
    status = serializers.CharField(required=False, help_text="received, in_review, answered, closed…")
    answer = serializers.CharField(required=False, allow_blank=True)
    answer_is_public = serializers.BooleanField(required=False, help_text="Publish it with the project.")


def _require(user) -> None:
    if not can(user, "portal.publish"):
        raise PermissionDenied


class Inquiries(Api):
    """The inquiries, the earliest deadline first; `status=open` (the default) those not yet answered,
    `status=all` every one. The unit."""

    serializer_class = InquiryOut
    pagination_class = Pages
    ordering = ("due_on", "id")

    @extend_schema(
        parameters=[OpenApiParameter("status", str, OpenApiParameter.QUERY, enum=["open", "all"])],
        responses=InquiryOut(many=True),
    )
    def get(self, request):
        _require(request.user)
        inquiries = Inquiry.objects.select_related("project")
        if request.query_params.get("status", "open") != "all":
            inquiries = inquiries.filter(status__in=[Inquiry.Status.RECEIVED, Inquiry.Status.IN_REVIEW])
        page = self.paginate_queryset(inquiries)
        return self.get_paginated_response(InquiryOut(page, many=True).data)


class InquiryDetail(Api):
    """One inquiry; PATCH answers it, as the inquiry's page: its status, the answer, and whether the
    answer is published with the project (the unit)."""

    serializer_class = InquiryOut

    def get(self, request, pk: int):
        _require(request.user)
        return Response(InquiryOut(get_object_or_404(Inquiry.objects.select_related("project"), pk=pk)).data)

    @extend_schema(request=AnswerIn, responses={200: InquiryOut})
    def patch(self, request, pk: int):
        _require(request.user)
        inquiry = get_object_or_404(Inquiry.objects.select_related("project", "answered_by"), pk=pk)
        initial = {
            "status": inquiry.status,
            "answer": inquiry.answer,
            "answer_is_public": inquiry.answer_is_public,
        }
        form = on_top(lambda data: AnswerForm(data, initial=initial), form_data(json_object(request)))
        services.inquiry_answer(
            actor=request.user,
            inquiry=inquiry,
            status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"],
            publish=form.cleaned_data["answer_is_public"],
        )
        return Response(InquiryOut(Inquiry.objects.select_related("project").get(pk=pk)).data)
