"""Partners and their contacts, as the partner pages show and change them."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

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
from sharaka.api.views.files import FIELDS_OR_FILE_PARTS, FILE, FileAnswer
from sharaka.api.views.forms import (
    changes_to,
    current_data,
    form_data,
    json_object,
    on_top,
    valid,
    with_files,
)
from sharaka.core import uploads
from sharaka.partners import access, services
from sharaka.partners.forms import (
    ContactForm,
    NegotiationRoundForm,
    OrganisationEditForm,
    OrganisationForm,
    PartnerFilterForm,
)
from sharaka.partners.models import Contact, NegotiationRound, Organisation

FILTERS = form_parameters(
    {
        "q": (str, "Words of the name, acronym or identifier (as the partner list's search box)."),
        "model": (str, "Partnership model code."),
        "stage": (str, "Relationship stage code."),
        "country": (str, "ISO 3166 country code."),
        "area": (str, "Focus area code."),
    }
)


class PartnerIn(serializers.Serializer):
    """The fields of the page's "Edit the partner" form; a PATCH sends only those it changes."""

    name_ar = serializers.CharField(required=False, allow_blank=True)
    name_fr = serializers.CharField(required=False, allow_blank=True)
    name_en = serializers.CharField(required=False, allow_blank=True)
    acronym = serializers.CharField(required=False, allow_blank=True)
    model = serializers.CharField(required=False)
    legal_type = serializers.CharField(required=False)
    iati_identifier = serializers.CharField(required=False, allow_blank=True)
    iati_type = serializers.CharField(required=False, allow_blank=True)
    country = serializers.CharField(required=False, allow_blank=True)
    website = serializers.CharField(required=False, allow_blank=True)
    working_language = serializers.CharField(required=False, allow_blank=True)
    focus_areas = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="The ids of the focus areas (all of them).",
    )
    stage = serializers.CharField(required=False)
    description_ar = serializers.CharField(required=False, allow_blank=True)
    description_fr = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    internal_notes = serializers.CharField(required=False, allow_blank=True)


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

    @extend_schema(request=PartnerIn, responses={201: out.PartnerWithContactsOut})
    def post(self, request):
        """Add a partner as the page's "Add a partner" form (the unit): the same fields as the PATCH
        below; `focus_areas` a list of ids."""
        access.require(request.user, "partners.edit")
        form = on_top(OrganisationForm, form_data(json_object(request), lists=("focus_areas",)))
        data = dict(form.cleaned_data)
        focus_areas = data.pop("focus_areas")
        org = services.organisation_create(actor=request.user, data=data, focus_areas=focus_areas)
        response = _detail(request, Organisation.objects.get(pk=org.pk), status=201)
        response["Location"] = reverse("api:partner", kwargs={"pk": org.pk})
        return response


def _detail(request, org, status=200):
    serializer = out.PartnerWithContactsOut if access.sees_contacts(request.user) else out.PartnerDetailOut
    response = Response(serializer(org).data, status=status)
    response["ETag"] = etag(org)
    return response


class PartnerDetail(Api):
    """A partner (its contacts for the roles that see them). PATCH changes it as the page's edit
    form does (the unit only), with If-Match: a partner changed since it was read gets 412."""

    serializer_class = out.PartnerDetailOut

    @extend_schema(responses=out.PartnerWithContactsOut)
    def get(self, request, pk: int):
        return _detail(request, access.get_organisation_for(request.user, pk))

    @extend_schema(
        request=PartnerIn,
        parameters=[IF_MATCH],
        responses={200: out.PartnerWithContactsOut},
    )
    def patch(self, request, pk: int):
        org = access.get_organisation_for(request.user, pk, write=True)
        version = expected_version(request, org)
        blank = OrganisationEditForm(instance=org)
        changes = changes_to(blank, form_data(request.data, lists=("focus_areas",)))
        form = OrganisationEditForm(
            {**current_data(blank), **changes, "version": str(version)},
            instance=Organisation.objects.get(pk=org.pk),
        )
        data = dict(valid(form))
        focus_areas = data.pop("focus_areas")
        services.organisation_update(
            actor=request.user,
            organisation=org,
            data=data,
            expected_version=data.pop("version"),
            focus_areas=focus_areas,
        )
        return _detail(request, Organisation.objects.get(pk=org.pk))


# --- contacts -----------------------------------------------------------------------------------------


class ContactIn(serializers.Serializer):
    """The fields of the page's contact form; a PATCH sends only those it changes."""

    name = serializers.CharField(required=False)
    position = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(
        required=False, allow_blank=True, help_text="Digits, spaces, an optional +."
    )
    languages = serializers.CharField(required=False, allow_blank=True)
    is_primary = serializers.BooleanField(
        required=False, help_text="The main contact; the previous one, if any, stops being the main one."
    )


class PartnerContacts(Api):
    """Add a person to a partner's contacts, as the page's "Add a contact" form (the unit only)."""

    serializer_class = out.ContactOut

    @extend_schema(request=ContactIn, responses={201: out.ContactOut})
    def post(self, request, pk: int):
        org = access.get_organisation_for(request.user, pk, write=True)
        body = form_data(json_object(request))
        changes_to(ContactForm(), body)
        data = valid(ContactForm(body))
        contact = services.contact_add(actor=request.user, organisation=org, data=data)
        return Response(out.ContactOut(contact).data, status=201)


class PartnerContact(Api):
    """Change a contact as the page's contact form does (the unit only): only the fields named."""

    serializer_class = out.ContactOut

    @extend_schema(request=ContactIn, responses={200: out.ContactOut})
    def patch(self, request, pk: int, contact_pk: int):
        org = access.get_organisation_for(request.user, pk, write=True)
        contact = get_object_or_404(Contact, organisation=org, pk=contact_pk)
        row = Contact.objects.get(pk=contact.pk)  # the form's own copy: `contact` stays as read
        data = on_top(
            lambda data: ContactForm(data, instance=row), form_data(json_object(request))
        ).cleaned_data
        contact = services.contact_update(actor=request.user, contact=contact, data=data)
        return Response(out.ContactOut(contact).data)


# --- negotiation rounds ---------------------------------------------------------------------------------


class NegotiationOut(serializers.Serializer):
    id = serializers.IntegerField()
    topic = serializers.CharField()
    round_number = serializers.IntegerField()
    date = serializers.DateField()
    our_position = serializers.CharField()
    their_position = serializers.CharField()
    outcome = serializers.CharField()
    minutes = serializers.SerializerMethodField(help_text="The minutes' file, if any.")

    def get_minutes(self, round_) -> str:
        if not round_.minutes:
            return ""
        return self.context["request"].build_absolute_uri(
            reverse(
                "api:partner_negotiation_minutes",
                kwargs={"pk": round_.organisation_id, "round_pk": round_.pk},
            )
        )


class NegotiationIn(serializers.Serializer):
    topic = serializers.CharField(help_text="The same topic groups the rounds of one negotiation.")
    round_number = serializers.IntegerField(required=False, allow_null=True, help_text="Empty: the next.")
    date = serializers.DateField(required=False, help_text="Today unless sent.")
    our_position = serializers.CharField()
    their_position = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True)
    minutes = serializers.FileField(required=False, help_text="multipart/form-data only.")


def _internal_organisation(request, pk: int, *, write=False) -> Organisation:
    org = access.get_organisation_for(request.user, pk, write=write)
    if not access.sees_internal(request.user):
        raise Http404
    return org


class PartnerNegotiations(Api):
    """The rounds of the commune's negotiations with this partner (positions, outcome, minutes): the
    commune's staff, never a partner. POST records one, as the page's form (the unit): JSON, or
    multipart/form-data with the `minutes`."""

    serializer_class = NegotiationOut
    parser_classes = FIELDS_OR_FILE_PARTS

    @extend_schema(responses=NegotiationOut(many=True))
    def get(self, request, pk: int):
        org = _internal_organisation(request, pk)
        rounds = org.negotiation_rounds.order_by("topic", "round_number", "id")
        return Response(NegotiationOut(rounds, many=True, context={"request": request}).data)

    @extend_schema(
        request={"application/json": NegotiationIn, "multipart/form-data": NegotiationIn},
        responses={201: NegotiationOut},
    )
    def post(self, request, pk: int):
        org = _internal_organisation(request, pk, write=True)
        data = with_files(request, NegotiationRoundForm).cleaned_data
        round_ = services.negotiation_round_record(actor=request.user, organisation=org, data=data)
        answer = NegotiationOut(NegotiationRound.objects.get(pk=round_.pk), context={"request": request})
        return Response(answer.data, status=201)


class NegotiationMinutes(FileAnswer):
    """The minutes of a round, to the commune's staff only."""

    @FILE
    def get(self, request, pk: int, round_pk: int):
        org = _internal_organisation(request, pk)
        round_ = get_object_or_404(org.negotiation_rounds, pk=round_pk)
        if not round_.minutes:
            raise Http404
        return uploads.serve(round_.minutes, _minutes_type(round_.minutes.name))


def _minutes_type(name: str) -> str:
    kind = uploads.KINDS.get("." + name.rsplit(".", 1)[-1].lower()) if "." in name else None
    return kind.content_type if kind else "application/octet-stream"
