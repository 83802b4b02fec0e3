from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sharaka.agreements import access
from sharaka.agreements.forms import ListFilterForm
from sharaka.agreements.models import Agreement, AgreementParty, StatusChange
from sharaka.api import serializers as out
from sharaka.api.views.base import CURSOR, Api, Pages, form_filter, form_parameters

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


class AgreementDetail(Api):
    """An agreement with its parties, projects and legal road (each step, when and why)."""

    serializer_class = out.AgreementDetailOut

    def get(self, request, pk: int):
        found = access.get_agreement_for(request.user, pk)
        agreement = Agreement.objects.prefetch_related(
            Prefetch(
                "parties", queryset=AgreementParty.objects.select_related("organisation").order_by("id")
            ),
            "projects",
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
        ).get(pk=found.pk)
        return Response(out.AgreementDetailOut(agreement).data)
