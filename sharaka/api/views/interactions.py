"""A meeting, call, visit… with a partner and the follow-ups it leaves, recorded as the partner page's
"Add an interaction" form records it (one transaction: one follow-up that does not hold leaves nothing)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import Api
from sharaka.api.views.files import FILE_PARTS
from sharaka.api.views.forms import (
    form_data,
    formset_data,
    json_object,
    valid,
    with_files,
)
from sharaka.core.roles import INTERNAL_READERS, can
from sharaka.partners import access, services
from sharaka.partners.forms import AttachForm, FollowUpFormSet, InteractionForm
from sharaka.partners.models import FollowUp, Interaction

PREFIX = "follow_up"
MAX_FOLLOW_UPS = 3


class FollowUpIn(serializers.Serializer):
    description = serializers.CharField()
    owner = serializers.IntegerField(required=False, help_text="A staff member's id; empty: the caller.")
    due_date = serializers.DateField()


class InteractionIn(serializers.Serializer):
    kind = serializers.CharField(help_text="meeting, call, email, mission, visit or event.")
    date = serializers.DateField()
    subject = serializers.CharField()
    summary = serializers.CharField(required=False, allow_blank=True)
    contacts = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="The ids of the people met (their contacts).",
    )
    follow_ups = FollowUpIn(many=True, required=False, help_text="Up to three.")


class FollowUpOut(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner = serializers.SerializerMethodField()
    due_date = serializers.DateField()
    done_at = out.UTC(allow_null=True)

    def get_owner(self, follow_up) -> str:
        return out.person_name(follow_up.owner)


class InteractionOut(serializers.Serializer):
    id = serializers.IntegerField()
    partner = serializers.IntegerField(source="organisation_id")
    kind = out.choice("kind")
    date = serializers.DateField()
    subject = serializers.CharField()
    summary = serializers.CharField()
    follow_ups = FollowUpOut(many=True)


class PartnerInteractions(Api):
    """Record an interaction with this partner: the unit and the project managers (as on the page)."""

    serializer_class = InteractionOut

    @extend_schema(request=InteractionIn, responses={201: InteractionOut})
    def post(self, request, pk: int):
        org = access.get_organisation_for(request.user, pk, write=True, capability="partners.log_interaction")
        body = json_object(request)
        fields = form_data({k: v for k, v in body.items() if k != "follow_ups"}, lists=("contacts",))
        form = InteractionForm(fields, {}, organisation=org, with_contacts=access.sees_contacts(request.user))
        owner = str(request.user.pk) if request.user.role in INTERNAL_READERS else ""
        follow_ups = FollowUpFormSet(
            formset_data(
                "follow_ups",
                PREFIX,
                body.get("follow_ups") or [],
                ("description", "owner", "due_date"),
                MAX_FOLLOW_UPS,
                _("Send at most three follow-ups, each an object."),
                defaults={"owner": owner},
            ),
            prefix=PREFIX,
            form_kwargs={"default_owner": request.user},
        )
        data = dict(valid(form, (follow_ups, "follow_ups")))
        contacts = data.pop("contacts", [])
        data.pop("attachments", None)
        interaction = services.interaction_log(
            actor=request.user,
            organisation=org,
            data=data,
            contacts=contacts,
            follow_ups=[row.cleaned_data for row in follow_ups if row.cleaned_data],
            attachments=[],
        )
        interaction = Interaction.objects.prefetch_related("follow_ups__owner").get(pk=interaction.pk)
        response = Response(InteractionOut(interaction).data, status=201)
        response["Location"] = reverse("api:partner", kwargs={"pk": org.pk})
        return response


def _interaction_for(user, pk: int, interaction_pk: int, *, write=False):
    """An interaction of a partner: the commune's staff read the timeline; logging rights add to it."""
    org = access.get_organisation_for(user, pk, write=write, capability="partners.log_interaction")
    if not access.sees_internal(user):
        raise Http404
    return org, get_object_or_404(org.interactions, pk=interaction_pk)


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class AttachIn(serializers.Serializer):
    attachments = serializers.ListField(child=serializers.FileField(), help_text="One file part or several.")


class InteractionAttachments(Api):
    """Add files (minutes, photos…) to an interaction already in the timeline, as the page's "Add
    files" (multipart/form-data, each through the upload check): the unit and the project managers."""

    serializer_class = AttachmentOut
    parser_classes = FILE_PARTS

    @extend_schema(request={"multipart/form-data": AttachIn}, responses={201: AttachmentOut(many=True)})
    def post(self, request, pk: int, interaction_pk: int):
        _org, interaction = _interaction_for(request.user, pk, interaction_pk, write=True)
        data = with_files(request, AttachForm).cleaned_data
        added = services.interaction_attach(
            actor=request.user, interaction=interaction, files=data["attachments"]
        )
        return Response(AttachmentOut(added, many=True).data, status=201)


class FollowUpDone(Api):
    """Mark a follow-up done, as the partner page's button: the unit, the project managers, or the
    person it was given to."""

    serializer_class = FollowUpOut

    @extend_schema(request=None, responses={200: FollowUpOut})
    def post(self, request, pk: int, follow_up_pk: int):
        org = access.get_organisation_for(request.user, pk)
        if not access.sees_internal(request.user):
            raise Http404
        follow_up = get_object_or_404(
            FollowUp.objects.select_related("owner"), pk=follow_up_pk, interaction__organisation=org
        )
        if not (can(request.user, "partners.log_interaction") or follow_up.owner_id == request.user.pk):
            raise PermissionDenied
        return Response(
            FollowUpOut(services.follow_up_complete(actor=request.user, follow_up=follow_up)).data
        )
