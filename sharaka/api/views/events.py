"""The commune's events (a festival, a forum) and their sponsors, as the events pages keep them: the
commune's staff read them, the unit writes them; published ones are on the portal. A sponsorship
that carries money is corrected, never deleted."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.errors import Invalid, PreconditionRequired
from sharaka.api.views.base import IF_MATCH, Api, Pages, etag, expected_version, version_held
from sharaka.api.views.forms import changes_to, form_data, json_object, on_top, valid
from sharaka.promotion import events
from sharaka.promotion.access_events import get_event_for, get_sponsorship_for, require
from sharaka.promotion.forms_events import EventForm, OptionalReasonForm, ReasonForm, SponsorshipForm
from sharaka.promotion.models import Event, Sponsorship


def sponsorship_etag(sponsorship) -> str:
    return f'"promotion.sponsorship-{sponsorship.pk}-f{events.fingerprint(sponsorship)}"'


class SponsorshipOut(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = out.OrganisationRef()
    role = out.choice("role")
    amount = serializers.DecimalField(max_digits=None, decimal_places=2)
    currency = serializers.CharField()
    agreed_on = serializers.DateField()
    in_kind = serializers.CharField()
    in_kind_value = serializers.DecimalField(max_digits=None, decimal_places=2, help_text="MAD.")
    given_back = serializers.CharField()
    is_public = serializers.BooleanField()
    etag = serializers.SerializerMethodField(help_text="What a correction's If-Match carries.")

    def get_etag(self, sponsorship) -> str:
        return sponsorship_etag(sponsorship)


class EventOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = out.BestText("title")
    titles = out.AllTexts("title")
    edition = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField()
    published = serializers.SerializerMethodField()
    archived = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_published(self, event) -> bool:
        return event.published_at is not None

    def get_archived(self, event) -> bool:
        return event.archived_at is not None


class TotalsOut(serializers.Serializer):
    cash_mad = serializers.DecimalField(max_digits=None, decimal_places=2)
    in_kind_mad = serializers.DecimalField(max_digits=None, decimal_places=2)
    total_mad = serializers.DecimalField(max_digits=None, decimal_places=2)
    complete = serializers.BooleanField(help_text="false: some cash has no rate for its date yet.")


class EventDetailOut(EventOut):
    summary = out.BestText("summary")
    summaries = out.AllTexts("summary")
    locality = serializers.IntegerField(source="locality_id", allow_null=True)
    visitors = serializers.IntegerField(allow_null=True)
    opportunity = serializers.IntegerField(source="opportunity_id", allow_null=True)
    sponsorships = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()

    @extend_schema_field(SponsorshipOut(many=True))
    def get_sponsorships(self, event):
        return SponsorshipOut(self.context["sponsorships"], many=True).data

    @extend_schema_field(TotalsOut)
    def get_totals(self, event):
        return TotalsOut(events.event_totals(self.context["sponsorships"])).data


class EventIn(serializers.Serializer):
    """The fields of the page's event form; a PATCH sends only those it changes."""

    title_ar = serializers.CharField(required=False, allow_blank=True)
    title_fr = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    title_zgh = serializers.CharField(required=False, allow_blank=True)
    edition = serializers.IntegerField(required=False, allow_null=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    locality = serializers.IntegerField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True)
    summary_ar = serializers.CharField(required=False, allow_blank=True)
    summary_fr = serializers.CharField(required=False, allow_blank=True)
    summary_en = serializers.CharField(required=False, allow_blank=True)
    visitors = serializers.IntegerField(required=False, allow_null=True)
    opportunity = serializers.IntegerField(required=False, allow_null=True)


class SponsorshipIn(serializers.Serializer):
    organisation = serializers.IntegerField(required=False, help_text="A partner's id.")
    role = serializers.CharField(required=False)
    amount = serializers.DecimalField(max_digits=None, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(required=False)
    agreed_on = serializers.DateField(required=False)
    in_kind = serializers.CharField(required=False, allow_blank=True)
    in_kind_value = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, allow_null=True
    )
    given_back = serializers.CharField(required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False)


def _answer(pk: int, status=200) -> Response:
    event = get_object_or_404(Event.objects.select_related("locality", "opportunity"), pk=pk)
    sponsorships = list(event.sponsorships.select_related("organisation").order_by("id"))
    response = Response(EventDetailOut(event, context={"sponsorships": sponsorships}).data, status=status)
    response["ETag"] = etag(event)
    if status == 201:
        response["Location"] = reverse("api:promotion_event", args=[pk])
    return response


class Events(Api):
    """The events, the latest first (`archived=true` the archived ones): the commune's staff; POST
    records one, as the page (the unit)."""

    serializer_class = EventOut
    pagination_class = Pages
    ordering = ("-starts_on", "-id")

    @extend_schema(
        parameters=[OpenApiParameter("archived", OpenApiTypes.BOOL, OpenApiParameter.QUERY)],
        responses=EventOut(many=True),
    )
    def get(self, request):
        require(request.user, "promotion.view")
        archived = request.query_params.get("archived") in ("true", "1")
        page = self.paginate_queryset(Event.objects.filter(archived_at__isnull=not archived))
        return self.get_paginated_response(EventOut(page, many=True).data)

    @extend_schema(request=EventIn, responses={201: EventDetailOut})
    def post(self, request):
        require(request.user, "promotion.edit")
        form = on_top(EventForm, form_data(json_object(request)), refused=("version",))
        event = events.event_create(actor=request.user, data=form.event_data())
        return _answer(event.pk, status=201)


class EventDetail(Api):
    """An event with its sponsors and their totals in MAD; PATCH changes it as the page's form (the
    unit; an archived event no longer changes). If-Match."""

    serializer_class = EventDetailOut

    def get(self, request, pk: int):
        get_event_for(request.user, pk)
        return _answer(pk)

    @extend_schema(request=EventIn, parameters=[IF_MATCH], responses={200: EventDetailOut})
    def patch(self, request, pk: int):
        event = get_event_for(request.user, pk, write=True)
        version = expected_version(request, event)
        form = on_top(
            lambda data: EventForm(data, instance=Event.objects.get(pk=pk)),
            form_data(json_object(request)),
            refused=("version",),
            extra={"version": str(version)},
        )
        events.event_update(actor=request.user, event=event, data=form.event_data(), expected_version=version)
        return _answer(pk)


class EventPublicationIn(serializers.Serializer):
    published = serializers.BooleanField(help_text="true: on the portal (titles in the public languages).")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="Why it leaves the portal.")


class EventPublication(Api):
    """Put the event on the portal, or take it off with an optional reason (the unit). If-Match."""

    serializer_class = EventPublicationIn

    @extend_schema(request=EventPublicationIn, parameters=[IF_MATCH], responses={200: EventDetailOut})
    def post(self, request, pk: int):
        event = get_event_for(request.user, pk, write=True)
        version = expected_version(request, event)
        body = json_object(request)
        published = body.get("published")
        if not isinstance(published, bool):
            raise Invalid({"published": [_("Send true or false.")]})
        rest = form_data({k: v for k, v in body.items() if k != "published"})
        data = valid(OptionalReasonForm(changes_to(OptionalReasonForm(), rest)))
        if published:
            events.event_publish(actor=request.user, event=event, expected_version=version)
        else:
            with version_held(Event, pk, version):
                events.event_unpublish(actor=request.user, event=event, reason=data["reason"])
        return _answer(pk)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField()


class EventArchive(Api):
    """Archive the event with why: kept, with its sponsors (the unit)."""

    serializer_class = ReasonIn

    @extend_schema(request=ReasonIn, responses={200: EventDetailOut})
    def post(self, request, pk: int):
        event = get_event_for(request.user, pk, write=True)
        data = valid(ReasonForm(changes_to(ReasonForm(), form_data(json_object(request)))))
        events.event_archive(actor=request.user, event=event, reason=data["reason"])
        return _answer(pk)


class EventSponsorships(Api):
    """Add a sponsor to the event, as the page (the unit): cash in a currency at the day agreed,
    support in kind valued in MAD, what the commune gives back."""

    serializer_class = SponsorshipOut

    @extend_schema(request=SponsorshipIn, responses={201: SponsorshipOut})
    def post(self, request, pk: int):
        event = get_event_for(request.user, pk, write=True)
        form = on_top(SponsorshipForm, form_data(json_object(request)), refused=("fingerprint",))
        sponsorship = events.sponsorship_add(actor=request.user, event=event, data=form.sponsorship_data())
        answer = SponsorshipOut(Sponsorship.objects.select_related("organisation").get(pk=sponsorship.pk))
        return Response(answer.data, status=201)


def _fingerprint(request, sponsorship) -> str:
    """The fingerprint in If-Match (the sponsorship's `etag`); 428 without it, "" for another row's."""
    header = request.META.get("HTTP_IF_MATCH", "").strip()
    if not header:
        raise PreconditionRequired(_("Send If-Match with the ETag you read: nothing was changed."))
    prefix = f'"promotion.sponsorship-{sponsorship.pk}-f'
    for tag in (t.strip().removeprefix("W/") for t in header.split(",")):
        if tag.startswith(prefix) and tag.endswith('"'):
            return tag[len(prefix) : -1]
    return ""


class EventSponsorship(Api):
    """Correct a sponsorship as the page's form (only the fields sent; If-Match: its `etag`): money
    recorded wrong is put right this way, never by deleting it."""

    serializer_class = SponsorshipOut

    @extend_schema(request=SponsorshipIn, parameters=[IF_MATCH], responses={200: SponsorshipOut})
    def patch(self, request, pk: int, sponsorship_pk: int):
        sponsorship = get_sponsorship_for(request.user, pk, sponsorship_pk, write=True)
        expected = _fingerprint(request, sponsorship)
        form = on_top(
            lambda data: SponsorshipForm(data, instance=Sponsorship.objects.get(pk=sponsorship.pk)),
            form_data(json_object(request)),
            refused=("fingerprint",),
        )
        saved = events.sponsorship_update(
            actor=request.user,
            sponsorship=sponsorship,
            data=form.sponsorship_data(),
            expected_fingerprint=expected,
        )
        answer = Response(
            SponsorshipOut(Sponsorship.objects.select_related("organisation").get(pk=saved.pk)).data
        )
        answer["ETag"] = sponsorship_etag(saved)
        return answer


class SponsorshipRemoval(Api):
    """Remove a sponsorship recorded by mistake, with why, when it carries no money (one that does is
    corrected instead: 400 saying so). The unit."""

    serializer_class = ReasonIn

    @extend_schema(request=ReasonIn, responses={204: None})
    def post(self, request, pk: int, sponsorship_pk: int):
        sponsorship = get_sponsorship_for(request.user, pk, sponsorship_pk, write=True)
        data = valid(ReasonForm(changes_to(ReasonForm(), form_data(json_object(request)))))
        events.sponsorship_remove(actor=request.user, sponsorship=sponsorship, reason=data["reason"])
        return Response(status=204)
