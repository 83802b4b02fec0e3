"""The partner workspace through the API, with the workspace's own rules (partnerspace/access.py):
a partner viewer reads the agreements its organisation is a party to (the commune's and its own
resources, not another partner's), the obligations that bind it, the acts it may read; it sends its
reports against an obligation and writes to the unit about its projects. The unit reviews what
partners send and answers them."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.agreements.access import get_agreement_for_partner
from sharaka.api import serializers as out
from sharaka.api.views.base import Api, Pages
from sharaka.api.views.files import FILE, FILE_PARTS, FileAnswer
from sharaka.api.views.forms import (
    changes_to,
    form_data,
    json_object,
    on_top,
    valid,
    with_files,
)
from sharaka.core import uploads
from sharaka.partnerspace import access, services
from sharaka.partnerspace.forms import MessageForm, ReviewForm, SubmissionForm
from sharaka.partnerspace.models import Message, Submission, Thread


def _absolute(request, name, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


class SubmissionOut(serializers.Serializer):
    id = serializers.IntegerField()
    obligation = serializers.IntegerField(source="obligation_id")
    agreement = serializers.IntegerField(source="obligation.agreement_id")
    organisation = serializers.CharField(source="organisation.__str__")
    title = serializers.CharField()
    note = serializers.CharField()
    file_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    status = out.choice("status")
    public = serializers.BooleanField(source="is_public")
    submitted_at = out.UTC()
    reviewed_at = out.UTC(allow_null=True)
    review_note = serializers.CharField(help_text="The unit's note to the partner (why it was returned).")
    url = serializers.SerializerMethodField()

    def get_url(self, submission) -> str:
        return _absolute(self.context["request"], "api:workspace_submission_file", pk=submission.pk)


class PartyOut(serializers.Serializer):
    organisation = out.OrganisationRef(allow_null=True, help_text="null: the commune.")
    shown = serializers.SerializerMethodField(
        help_text="false: another partner's resources, which are theirs to share (the amounts are null)."
    )
    cash_amount = serializers.SerializerMethodField()
    currency = serializers.CharField()
    in_kind_value = serializers.SerializerMethodField()
    in_kind_description = serializers.SerializerMethodField()

    def get_shown(self, party) -> bool:
        return access.shows_amount(party, self.context["organisation"])

    @extend_schema_field(serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True))
    def get_cash_amount(self, party):
        shown = self.get_shown(party) and party.cash_amount is not None
        return f"{party.cash_amount:.2f}" if shown else None

    @extend_schema_field(serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True))
    def get_in_kind_value(self, party):
        shown = self.get_shown(party) and party.in_kind_value is not None
        return f"{party.in_kind_value:.2f}" if shown else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_in_kind_description(self, party):
        return party.in_kind_description if self.get_shown(party) else None


class PartnerObligationOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = out.choice("kind")
    title = serializers.CharField()
    due_on = serializers.DateField()
    state = out.choice("state")
    submissions = SubmissionOut(many=True, source="own_submissions", help_text="What your organisation sent.")


class PartnerDocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = out.choice("kind")
    title = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return _absolute(
            self.context["request"],
            "api:workspace_agreement_document_file",
            pk=document.agreement_id,
            document_pk=document.pk,
        )


class PartnerProjectOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = out.BestText("title")


class PartnerAgreementOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = out.BestText("title")
    kind = out.choice("kind")
    reference = serializers.CharField()
    status = out.choice("status")
    starts_on = serializers.DateField(allow_null=True)
    signed_on = serializers.DateField(allow_null=True)


class PartnerAgreementDetailOut(PartnerAgreementOut):
    titles = out.AllTexts("title")
    object = out.BestText("object")
    objects = out.AllTexts("object")
    decision_number = serializers.CharField()
    duration_months = serializers.IntegerField(allow_null=True)
    parties = serializers.SerializerMethodField()
    obligations = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()

    @extend_schema_field(PartyOut(many=True))
    def get_parties(self, agreement):
        return PartyOut(access.parties_for(agreement).order_by("id"), many=True, context=self.context).data

    @extend_schema_field(PartnerObligationOut(many=True))
    def get_obligations(self, agreement):
        request = self.context["request"]
        obligations = (
            access.obligations_for(request.user)
            .filter(agreement=agreement)
            .prefetch_related(
                Prefetch(
                    "submissions",
                    queryset=Submission.objects.filter(organisation_id=self.context["organisation"])
                    .select_related("organisation", "obligation")
                    .order_by("-submitted_at", "-id"),
                    to_attr="own_submissions",
                )
            )
            .order_by("due_on", "id")
        )
        return PartnerObligationOut(obligations, many=True, context=self.context).data

    @extend_schema_field(PartnerDocumentOut(many=True))
    def get_documents(self, agreement):
        documents = access.documents_for(self.context["request"].user, agreement).order_by(
            "uploaded_at", "id"
        )
        return PartnerDocumentOut(documents, many=True, context=self.context).data

    @extend_schema_field(PartnerProjectOut(many=True))
    def get_projects(self, agreement):
        visible = access.projects_for(self.context["request"].user).values("pk")
        return PartnerProjectOut(agreement.projects.filter(pk__in=visible).order_by("code"), many=True).data


class PartnerAgreements(Api):
    """The agreements the partner viewer's organisation is a party to, the latest first. Only for a
    partner viewer (the commune's staff read agreements at `/agreements/`): 404 for anyone else."""

    serializer_class = PartnerAgreementOut

    @extend_schema(responses=PartnerAgreementOut(many=True))
    def get(self, request):
        access.require_partner(request.user)
        agreements = access.agreements_for(request.user).order_by("-starts_on", "-id")
        return Response(PartnerAgreementOut(agreements, many=True).data)


class PartnerAgreement(Api):
    """An agreement as a party reads it, as on its workspace page: the commune's and its own
    resources (another partner's are not shown), the obligations that bind it or the whole agreement
    with what it sent, the acts it may read, the projects it takes part in."""

    serializer_class = PartnerAgreementDetailOut

    def get(self, request, pk: int):
        organisation = access.require_partner(request.user)
        agreement = get_agreement_for_partner(request.user, pk)
        context = {"request": request, "organisation": organisation}
        return Response(PartnerAgreementDetailOut(agreement, context=context).data)


class PartnerAgreementDocumentFile(FileAnswer):
    """An act of the agreement the party may read (decision, visa, signed text…), as stored."""

    @FILE
    def get(self, request, pk: int, document_pk: int):
        access.require_partner(request.user)
        agreement = get_agreement_for_partner(request.user, pk)
        document = get_object_or_404(access.documents_for(request.user, agreement), pk=document_pk)
        return uploads.serve(document.file, document.content_type)


# --- what partners send, and the unit's review ---------------------------------------------------------


class SubmissionIn(serializers.Serializer):
    title = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, help_text="A note to the unit.")
    file = serializers.FileField()


class ObligationSubmissions(Api):
    """Send a report or document against an open obligation that binds the partner's organisation
    (multipart/form-data), as the workspace's "Send a document": checked as every upload, private,
    waiting for the unit's review, the unit told by e-mail. A partner viewer only."""

    serializer_class = SubmissionOut
    parser_classes = FILE_PARTS

    @extend_schema(request={"multipart/form-data": SubmissionIn}, responses={201: SubmissionOut})
    def post(self, request, pk: int):
        access.require_partner(request.user)
        obligation = get_object_or_404(
            access.obligations_for(request.user).select_related("agreement"), pk=pk
        )
        initial = {"title": obligation.title}
        data = with_files(
            request, lambda data, files: SubmissionForm(data, files, initial=initial)
        ).cleaned_data
        submission = services.submission_create(
            actor=request.user,
            obligation=obligation,
            title=data["title"],
            note=data["note"],
            upload=data["file"],
        )
        return Response(
            SubmissionOut(_submission(request, submission.pk), context={"request": request}).data, 201
        )


def _submissions():
    return Submission.objects.select_related("obligation", "organisation")


def _submission(request, pk: int) -> Submission:
    access.get_submission_for(request.user, pk)  # the unit: any; a partner viewer: its own; else 404
    return _submissions().get(pk=pk)


class Submissions(Api):
    """What partners sent, the latest first: the unit reads all of them, a partner viewer its
    organisation's; 404 for anyone else (403 for the commune's other staff)."""

    serializer_class = SubmissionOut
    pagination_class = Pages
    ordering = ("-submitted_at", "-id")

    @extend_schema(responses=SubmissionOut(many=True))
    def get(self, request):
        if access.organisation_id(request.user) is not None:
            submissions = _submissions().filter(organisation_id=access.organisation_id(request.user))
        else:
            access.require_unit(request.user)
            submissions = _submissions()
        page = self.paginate_queryset(submissions)
        return self.get_paginated_response(SubmissionOut(page, many=True, context={"request": request}).data)


class SubmissionPublicIn(serializers.Serializer):
    public = serializers.BooleanField(help_text="Show an accepted document on the public portal.")


class SubmissionDetail(Api):
    """One submission (the unit, or the partner that sent it). PATCH `public` shows an accepted one
    on the public portal or takes it off, as the review page (the unit)."""

    serializer_class = SubmissionOut

    def get(self, request, pk: int):
        return Response(SubmissionOut(_submission(request, pk), context={"request": request}).data)

    @extend_schema(request=SubmissionPublicIn, responses={200: SubmissionOut})
    def patch(self, request, pk: int):
        access.require_unit(request.user)
        submission = access.get_submission_for(request.user, pk)
        body = form_data(json_object(request))
        data = valid(_PublicForm(changes_to(_PublicForm(), body)))
        services.submission_set_public(actor=request.user, submission=submission, public=data["public"])
        return Response(SubmissionOut(_submission(request, pk), context={"request": request}).data)


class _PublicForm(ReviewForm):
    """The review form's `public` box alone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["to"], self.fields["reason"]


class ReviewIn(serializers.Serializer):
    to = serializers.CharField(help_text="accepted or returned.")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="Required to return it.")
    public = serializers.BooleanField(required=False, help_text="An accepted one on the public portal.")


class SubmissionReview(Api):
    """Accept or return what a partner sent, as the review page (the unit): an accepted report
    becomes a document of the agreement; the partner is told by e-mail."""

    serializer_class = SubmissionOut

    @extend_schema(request=ReviewIn, responses={200: SubmissionOut})
    def post(self, request, pk: int):
        access.require_unit(request.user)
        submission = access.get_submission_for(request.user, pk)
        form = on_top(ReviewForm, form_data(json_object(request)))
        services.submission_review(
            actor=request.user,
            submission=submission,
            to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"],
            public=form.cleaned_data["public"],
        )
        return Response(SubmissionOut(_submission(request, pk), context={"request": request}).data)


class SubmissionFile(FileAnswer):
    """The file a partner sent, to the unit and to the partner that sent it."""

    @FILE
    def get(self, request, pk: int):
        submission = access.get_submission_for(request.user, pk)
        return uploads.serve(submission.file, submission.content_type)


# --- messages between a partner and the unit about a project ---------------------------------------------


class MessageOut(serializers.Serializer):
    id = serializers.IntegerField()
    from_partner = serializers.BooleanField()
    author = serializers.SerializerMethodField()
    body = serializers.CharField()
    sent_at = out.UTC()

    def get_author(self, message) -> str:
        return out.person_name(message.author)


class MessageIn(serializers.Serializer):
    body = serializers.CharField()


def _messages(thread):
    if thread is None:
        return Message.objects.none()
    return thread.messages.select_related("author").order_by("sent_at", "id")


class ProjectMessages(Api):
    """The partner's conversation with the unit about one of its projects, the oldest first; POST
    writes to the unit (told by e-mail). A partner viewer, on the projects it reads."""

    serializer_class = MessageOut

    @extend_schema(responses=MessageOut(many=True))
    def get(self, request, pk: int):
        organisation = access.require_partner(request.user)
        project = get_object_or_404(access.projects_for(request.user), pk=pk)
        thread = Thread.objects.filter(project=project, organisation_id=organisation).first()
        return Response(MessageOut(_messages(thread), many=True).data)

    @extend_schema(request=MessageIn, responses={201: MessageOut})
    def post(self, request, pk: int):
        access.require_partner(request.user)
        project = get_object_or_404(access.projects_for(request.user), pk=pk)
        form = on_top(MessageForm, form_data(json_object(request)))
        message = services.message_post_by_partner(
            actor=request.user, project=project, body=form.cleaned_data["body"]
        )
        return Response(
            MessageOut(Message.objects.select_related("author").get(pk=message.pk)).data, status=201
        )


class ThreadOut(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.CharField(source="project.code")
    organisation = serializers.CharField(source="organisation.__str__")
    awaiting_unit = serializers.BooleanField()
    last_message_at = out.UTC(allow_null=True)


class Threads(Api):
    """The partners' conversations, those waiting for the unit's answer first, then the latest (the
    200 first; the review page shows 50). The unit."""

    serializer_class = ThreadOut

    @extend_schema(responses=ThreadOut(many=True))
    def get(self, request):
        access.require_unit(request.user)
        threads = Thread.objects.select_related("project", "organisation").order_by(
            "-awaiting_unit", "-last_message_at", "-id"
        )[:200]
        return Response(ThreadOut(threads, many=True).data)


class ThreadMessages(Api):
    """A partner's conversation, read and answered by the unit (the partner told by e-mail)."""

    serializer_class = MessageOut

    @extend_schema(responses=MessageOut(many=True))
    def get(self, request, pk: int):
        thread = access.get_thread_for_unit(request.user, pk)
        return Response(MessageOut(_messages(thread), many=True).data)

    @extend_schema(request=MessageIn, responses={201: MessageOut})
    def post(self, request, pk: int):
        thread = access.get_thread_for_unit(request.user, pk)
        form = on_top(MessageForm, form_data(json_object(request)))
        message = services.message_reply(actor=request.user, thread=thread, body=form.cleaned_data["body"])
        return Response(
            MessageOut(Message.objects.select_related("author").get(pk=message.pk)).data, status=201
        )
