from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import CURSOR, Api, Pages, form_filter, form_parameters
from sharaka.partners import access
from sharaka.partners.forms import PartnerFilterForm

FILTERS = form_parameters(
    {
        "q": (str, "Words of the name, acronym or identifier (as the partner list's search box)."),
        "model": (str, "Partnership model code."),
        "stage": (str, "Relationship stage code."),
        "country": (str, "ISO 3166 country code."),
        "area": (str, "Focus area code."),
    }
)


class PartnerList(Api):
    """The partners a role sees on the partner list: every partner for the commune's staff, its own
    organisation for a partner viewer."""

    serializer_class = out.PartnerOut
    pagination_class = Pages
    ordering = ("-updated_at", "-id")

    def filter_form(self, request, data):
        return PartnerFilterForm(
            data,
            countries=list(
                access.visible_organisations(request.user)
                .values_list("country", flat=True)
                .distinct()
                .order_by()
            ),
        )

    @extend_schema(parameters=[*FILTERS, *CURSOR], responses=out.PartnerOut(many=True))
    def get(self, request):
        if not access.may_list(request.user):
            raise Http404
        orgs = form_filter(self, request, access.visible_organisations(request.user))
        page = self.paginate_queryset(orgs)
        return self.get_paginated_response(out.PartnerOut(page, many=True).data)


class PartnerDetail(Api):
    serializer_class = out.PartnerDetailOut

    @extend_schema(responses=out.PartnerWithContactsOut)
    def get(self, request, pk: int):
        org = access.get_organisation_for(request.user, pk)
        if access.sees_contacts(request.user):
            data = out.PartnerWithContactsOut(org).data
        else:
            data = out.PartnerDetailOut(org).data
        return Response(data)
