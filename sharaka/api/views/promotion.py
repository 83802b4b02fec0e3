"""The catalogue of opportunities the commune offers partners (a site to equip, a school to twin, an
event to sponsor), as the promotion pages keep it: the commune's staff read it, the unit writes it;
its public side is the portal's showcase."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views.base import IF_MATCH, Api, Pages, etag, expected_version, version_held
from sharaka.api.views.files import FILE, FILE_PARTS, FileAnswer
from sharaka.api.views.forms import (
    changes_to,
    form_data,
    json_object,
    on_top,
    valid,
    with_files,
)
from sharaka.core.roles import can
from sharaka.promotion import access, inquiries, renditions, services
from sharaka.promotion.forms import ArchiveForm, MoveForm, OpportunityForm, PhotoForm, PhotoMoveForm
from sharaka.promotion.forms_inquiries import DecisionForm
from sharaka.promotion.models import Opportunity, OpportunityInquiry, Photo
from sharaka.promotion.pipeline import PIPELINE


class OpportunityPhotoOut(serializers.Serializer):
    id = serializers.IntegerField()
    captions = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(out.Texts)
    def get_captions(self, photo):
        return {code: getattr(photo, f"caption_{code}") for code in ("ar", "fr", "en")}

    def get_url(self, photo) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:promotion_photo_file", args=[photo.pk])
        )


class OpportunityOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = out.choice("kind")
    status = out.choice("status")
    title = out.BestText("title")
    titles = out.AllTexts("title")
    partner_sought = out.choice("partner_sought")
    estimated_cost = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    published = serializers.SerializerMethodField()
    archived = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_published(self, opportunity) -> bool:
        return opportunity.published_at is not None

    def get_archived(self, opportunity) -> bool:
        return opportunity.archived_at is not None


class OpportunityDetailOut(OpportunityOut):
    summary = out.BestText("summary")
    summaries = out.AllTexts("summary")
    locality = serializers.IntegerField(source="locality_id", allow_null=True)
    latitude = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    longitude = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    owner = serializers.SerializerMethodField()
    internal_notes = serializers.CharField()
    photos = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()
    publish_problems = serializers.SerializerMethodField(help_text="What stops it going on the portal.")

    def get_owner(self, opportunity) -> str:
        return out.person_name(opportunity.owner)

    @extend_schema_field(OpportunityPhotoOut(many=True))
    def get_photos(self, opportunity):
        return OpportunityPhotoOut(
            opportunity.photos.order_by("order", "id"), many=True, context=self.context
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, opportunity):
        if opportunity.archived_at is not None or not access.may_edit(self.context["request"].user):
            return []
        return list(PIPELINE.allowed_targets(self.context["request"].user, opportunity))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_publish_problems(self, opportunity):
        return [str(problem) for problem in services.publish_problems(opportunity)]


class OpportunityIn(serializers.Serializer):
    """The fields of the page's opportunity form; a PATCH sends only those it changes."""

    code = serializers.CharField(required=False, help_text="Letters, digits, hyphens: its public address.")
    kind = serializers.CharField(required=False)
    title_ar = serializers.CharField(required=False, allow_blank=True)
    title_fr = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    title_zgh = serializers.CharField(required=False, allow_blank=True)
    summary_ar = serializers.CharField(required=False, allow_blank=True)
    summary_fr = serializers.CharField(required=False, allow_blank=True)
    summary_en = serializers.CharField(required=False, allow_blank=True)
    locality = serializers.IntegerField(required=False, allow_null=True)
    latitude = serializers.DecimalField(max_digits=8, decimal_places=5, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=8, decimal_places=5, required=False, allow_null=True)
    estimated_cost = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(required=False)
    partner_sought = serializers.CharField(required=False)
    owner = serializers.IntegerField(required=False, allow_null=True)
    internal_notes = serializers.CharField(required=False, allow_blank=True)


def _answer(request, pk: int, status=200) -> Response:
    opportunity = get_object_or_404(Opportunity.objects.select_related("locality", "owner"), pk=pk)
    response = Response(OpportunityDetailOut(opportunity, context={"request": request}).data, status=status)
    response["ETag"] = etag(opportunity)
    if status == 201:
        response["Location"] = reverse("api:promotion_opportunity", args=[pk])
    return response


class Opportunities(Api):
    """The opportunities (`status`, `kind`; `archived=true` the archived ones), by kind and code; POST
    creates one as a draft, as the page's form (the unit)."""

    serializer_class = OpportunityOut
    pagination_class = Pages
    ordering = ("kind", "code")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, OpenApiParameter.QUERY),
            OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.QUERY),
            OpenApiParameter("archived", OpenApiTypes.BOOL, OpenApiParameter.QUERY),
        ],
        responses=OpportunityOut(many=True),
    )
    def get(self, request):
        access.require(request.user)
        opportunities = Opportunity.objects.all()
        status, kind = request.query_params.get("status", ""), request.query_params.get("kind", "")
        if status in Opportunity.Status.values:
            opportunities = opportunities.filter(status=status)
        if kind in Opportunity.Kind.values:
            opportunities = opportunities.filter(kind=kind)
        archived = request.query_params.get("archived") in ("true", "1")
        opportunities = opportunities.filter(archived_at__isnull=not archived)
        page = self.paginate_queryset(opportunities)
        return self.get_paginated_response(OpportunityOut(page, many=True).data)

    @extend_schema(request=OpportunityIn, responses={201: OpportunityDetailOut})
    def post(self, request):
        access.require(request.user, "promotion.edit")
        form = on_top(
            lambda data: OpportunityForm(data, creator=request.user),
            form_data(json_object(request)),
            refused=("version",),
        )
        created = services.opportunity_create(actor=request.user, data=form.opportunity_data())
        return _answer(request, created.pk, status=201)


class OpportunityDetail(Api):
    """An opportunity with its photos, the moves the reader may make and what stops it going on the
    portal; PATCH changes it as the page's form (the unit; an archived one no longer changes)."""

    serializer_class = OpportunityDetailOut

    def get(self, request, pk: int):
        access.get_opportunity_for(request.user, pk)
        return _answer(request, pk)

    @extend_schema(request=OpportunityIn, parameters=[IF_MATCH], responses={200: OpportunityDetailOut})
    def patch(self, request, pk: int):
        opportunity = access.get_opportunity_for(request.user, pk, write=True)
        if opportunity.archived_at is not None:
            raise PermissionDenied(_("This opportunity is archived: it can no longer be changed."))
        version = expected_version(request, opportunity)
        form = on_top(
            lambda data: OpportunityForm(data, instance=Opportunity.objects.get(pk=pk)),
            form_data(json_object(request)),
            refused=("version",),
            extra={"version": str(version)},
        )
        services.opportunity_update(
            actor=request.user,
            opportunity=opportunity,
            data=form.opportunity_data(),
            expected_version=version,
        )
        return _answer(request, pk)


class OpportunityMove(Api):
    """Move the opportunity along its road (open, in discussion, closed…) as the page's buttons (the
    unit; closing needs a reason). If-Match."""

    serializer_class = out.MoveIn

    @extend_schema(request=out.MoveIn, parameters=[IF_MATCH], responses={200: OpportunityDetailOut})
    def post(self, request, pk: int):
        opportunity = access.get_opportunity_for(request.user, pk, write=True)
        version = expected_version(request, opportunity)
        body = form_data(json_object(request))
        blank = MoveForm(opportunity=opportunity, user=request.user)
        changes_to(blank, body)
        data = valid(MoveForm(body, opportunity=opportunity, user=request.user))
        with version_held(Opportunity, pk, version):
            services.opportunity_move(
                actor=request.user, opportunity=opportunity, to=data["to"], reason=data["reason"]
            )
        return _answer(request, pk)


class OpportunityPublicationIn(serializers.Serializer):
    published = serializers.BooleanField(help_text="true: on the portal's showcase (if nothing stops it).")


class OpportunityPublication(Api):
    """Put the opportunity on the portal's showcase, or take it off (the unit): refused with what
    stops it (`publish_problems`)."""

    serializer_class = OpportunityPublicationIn

    @extend_schema(request=OpportunityPublicationIn, responses={200: OpportunityDetailOut})
    def post(self, request, pk: int):
        opportunity = access.get_opportunity_for(request.user, pk, write=True)
        body = json_object(request)
        if set(body) - {"published"} or not isinstance(body.get("published"), bool):
            raise Invalid({"published": [_("Send true or false.")]})
        if body["published"]:
            services.opportunity_publish(actor=request.user, opportunity=opportunity)
        else:
            services.opportunity_unpublish(actor=request.user, opportunity=opportunity)
        return _answer(request, pk)


class OpportunityArchiveIn(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class OpportunityArchive(Api):
    """Archive the opportunity (off the portal, kept): the unit."""

    serializer_class = OpportunityArchiveIn

    @extend_schema(request=OpportunityArchiveIn, responses={200: OpportunityDetailOut})
    def post(self, request, pk: int):
        opportunity = access.get_opportunity_for(request.user, pk, write=True)
        data = valid(ArchiveForm(changes_to(ArchiveForm(), form_data(json_object(request)))))
        services.opportunity_archive(actor=request.user, opportunity=opportunity, reason=data["reason"])
        return _answer(request, pk)


class OpportunityPhotoIn(serializers.Serializer):
    image = serializers.ImageField(
        help_text="JPEG or PNG; re-encoded, its location and other metadata removed."
    )
    caption_ar = serializers.CharField(required=False, allow_blank=True)
    caption_fr = serializers.CharField(required=False, allow_blank=True)
    caption_en = serializers.CharField(required=False, allow_blank=True)


class OpportunityPhotos(Api):
    """Add a photo (multipart/form-data), as the page: a caption in one language at least, for those
    who cannot see it (the unit)."""

    serializer_class = OpportunityPhotoOut
    parser_classes = FILE_PARTS

    @extend_schema(request={"multipart/form-data": OpportunityPhotoIn}, responses={201: OpportunityPhotoOut})
    def post(self, request, pk: int):
        opportunity = access.get_opportunity_for(request.user, pk, write=True)
        if opportunity.archived_at is not None:
            raise PermissionDenied(_("This opportunity is archived: it can no longer be changed."))
        data = with_files(request, PhotoForm).cleaned_data
        photo = services.photo_add(
            actor=request.user, opportunity=opportunity, upload=data["image"], captions=data
        )
        return Response(OpportunityPhotoOut(photo, context={"request": request}).data, status=201)


def _photo(request, pk: int, *, write=False) -> Photo:
    access.require(request.user, "promotion.edit" if write else "promotion.view")
    return get_object_or_404(Photo.objects.select_related("opportunity"), pk=pk)


class PhotoDetail(Api):
    """Remove a photo (the unit)."""

    serializer_class = OpportunityPhotoOut

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        services.photo_remove(actor=request.user, photo=_photo(request, pk, write=True))
        return Response(status=204)


class OpportunityPhotoMoveIn(serializers.Serializer):
    step = serializers.IntegerField(help_text="-1: one place earlier; 1: one later.")


class PhotoMove(Api):
    """Move a photo one place earlier or later among the opportunity's (the unit)."""

    serializer_class = OpportunityPhotoMoveIn

    @extend_schema(request=OpportunityPhotoMoveIn, responses={200: OpportunityDetailOut})
    def post(self, request, pk: int):
        photo = _photo(request, pk, write=True)
        data = valid(PhotoMoveForm(changes_to(PhotoMoveForm(), form_data(json_object(request)))))
        services.photo_move(actor=request.user, photo=photo, step=data["step"])
        return _answer(request, photo.opportunity_id)


class PhotoFile(FileAnswer):
    """The photo, at the unit pages' small size, published or not (the commune's staff)."""

    @FILE
    def get(self, request, pk: int):
        return renditions.serve(_photo(request, pk), "small", public=False)


# --- inquiries from the showcase: companies and partners asking about an opportunity ---------------------


class OpportunityInquiryOut(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    opportunity = serializers.CharField(source="opportunity.code")
    organisation_name = serializers.CharField()
    country = serializers.CharField()
    message = serializers.CharField()
    language = serializers.CharField()
    received_at = out.UTC()
    organisation = serializers.IntegerField(
        source="organisation_id", allow_null=True, help_text="The partner it landed on."
    )
    resolution = out.choice("resolution")
    possible_duplicate = serializers.IntegerField(
        source="possible_duplicate_id", allow_null=True, help_text="A known partner it may be."
    )


class OpportunityInquiryWithPeopleOut(OpportunityInquiryOut):
    name = serializers.CharField()
    email = serializers.CharField()


def _inquiry_serializer(user):
    """The sender's name and e-mail for the roles that see partners' people (as on the pages)."""
    return OpportunityInquiryWithPeopleOut if can(user, "partners.view_contacts") else OpportunityInquiryOut


class OpportunityInquiries(Api):
    """What companies and partners asked about opportunities from the showcase, the possible
    duplicates of a known partner first, then the latest (the commune's staff)."""

    serializer_class = OpportunityInquiryWithPeopleOut
    pagination_class = Pages
    ordering = ("-id",)

    @extend_schema(responses=OpportunityInquiryWithPeopleOut(many=True))
    def get(self, request):
        access.require(request.user)
        inquiries = OpportunityInquiry.objects.select_related("opportunity")
        page = self.paginate_queryset(inquiries)
        return self.get_paginated_response(_inquiry_serializer(request.user)(page, many=True).data)


class DecisionIn(serializers.Serializer):
    decision = serializers.CharField(help_text="same (move it to the known partner) or different.")


class OpportunityInquiryDetail(Api):
    """One inquiry; POST decides a possible duplicate, as its page: the same organisation as the
    known partner (the inquiry and its follow-up move to it) or different ones (the unit)."""

    serializer_class = OpportunityInquiryWithPeopleOut

    def get(self, request, pk: int):
        access.require(request.user)
        inquiry = get_object_or_404(OpportunityInquiry.objects.select_related("opportunity"), pk=pk)
        return Response(_inquiry_serializer(request.user)(inquiry).data)

    @extend_schema(request=DecisionIn, responses={200: OpportunityInquiryWithPeopleOut})
    def post(self, request, pk: int):
        access.require(request.user, "promotion.edit")
        inquiry = get_object_or_404(OpportunityInquiry.objects.select_related("opportunity"), pk=pk)
        data = valid(DecisionForm(changes_to(DecisionForm(), form_data(json_object(request)))))
        decide = (
            inquiries.inquiry_same_organisation
            if data["decision"] == "same"
            else inquiries.inquiry_different_organisations
        )
        decide(actor=request.user, inquiry=inquiry)
        inquiry = OpportunityInquiry.objects.select_related("opportunity").get(pk=pk)
        return Response(_inquiry_serializer(request.user)(inquiry).data)
