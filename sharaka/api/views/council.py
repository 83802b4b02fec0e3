"""The communal council's sessions (art. 33-43 of law 113-14), as the session pages show and record
them: the sessions, their agenda with each item's roll-call, the attendance and the quorum."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.agreements import access, council
from sharaka.agreements.forms import AttendanceForm, SessionForm, VoteForm
from sharaka.agreements.models import AgendaItem, CouncilSession, MemberVote
from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views.base import IF_MATCH, Api, etag, expected_version
from sharaka.api.views.forms import changes_to, form_data, json_object, on_top, valid


class VoteOut(serializers.Serializer):
    member = serializers.CharField()
    vote = out.choice("vote")
    president = serializers.BooleanField(source="is_president")


class ItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    agreement = serializers.IntegerField(source="agreement_id", allow_null=True)
    majority = out.choice("majority")
    decision_number = serializers.CharField()
    result = out.choice("result")
    votes = VoteOut(many=True)


class SessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = out.choice("kind")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    members_in_office = serializers.IntegerField()
    convocation = serializers.IntegerField()
    members_present = serializers.IntegerField(allow_null=True)
    quorum_met = serializers.BooleanField(allow_null=True, help_text="null until the attendance is recorded.")
    version = serializers.IntegerField()


class SessionDetailOut(SessionOut):
    items = ItemOut(many=True)


class SessionIn(serializers.Serializer):
    kind = serializers.CharField(help_text="ordinary or extraordinary.")
    starts_on = serializers.DateField(help_text="Ordinary sessions open in February, May or October.")
    ends_on = serializers.DateField()
    members_in_office = serializers.IntegerField(required=False)


class SessionAttendanceIn(serializers.Serializer):
    convocation = serializers.IntegerField(help_text="1, 2 or 3.")
    members_present = serializers.IntegerField()


class MemberVoteIn(serializers.Serializer):
    member = serializers.CharField()
    vote = serializers.CharField(help_text="for, against or abstain.")
    president = serializers.BooleanField(required=False, help_text="The council's president (a tie).")


class VoteIn(serializers.Serializer):
    decision_number = serializers.CharField()
    majority = serializers.CharField(help_text="votes_cast or members (members in office).")
    votes = MemberVoteIn(many=True, help_text="The roll-call: each member present once.")


def _session(pk: int) -> CouncilSession:
    items = AgendaItem.objects.order_by("position", "id").prefetch_related(
        Prefetch("votes", queryset=MemberVote.objects.order_by("id"))
    )
    return get_object_or_404(
        CouncilSession.objects.prefetch_related(Prefetch("items", queryset=items)), pk=pk
    )


def _answer(pk: int, status=200) -> Response:
    session = _session(pk)
    response = Response(SessionDetailOut(session).data, status=status)
    response["ETag"] = etag(session)
    if status == 201:
        response["Location"] = reverse("api:council_session", kwargs={"pk": pk})
    return response


class SessionList(Api):
    """The council's sessions, the latest first (the commune's staff); POST creates one, as the page's
    "New council session" (the unit)."""

    serializer_class = SessionOut

    @extend_schema(responses=SessionOut(many=True))
    def get(self, request):
        access.require(request.user, "agreements.view")
        return Response(SessionOut(CouncilSession.objects.order_by("-starts_on", "-id"), many=True).data)

    @extend_schema(request=SessionIn, responses={201: SessionDetailOut})
    def post(self, request):
        access.require(request.user, "council.manage")
        form = on_top(SessionForm, form_data(json_object(request)))
        session = council.session_create(actor=request.user, data=form.cleaned_data)
        return _answer(session.pk, status=201)


class SessionDetail(Api):
    """A session with its agenda, each item's result and roll-call, and the quorum. Its ETag is what
    the attendance's If-Match carries."""

    serializer_class = SessionDetailOut

    def get(self, request, pk: int):
        access.require(request.user, "agreements.view")
        return _answer(pk)


class SessionAttendance(Api):
    """Record who came (the convocation and the members present), as the session page: the quorum is
    more than half of the members in office (art. 42). The unit; If-Match."""

    serializer_class = SessionDetailOut

    @extend_schema(request=SessionAttendanceIn, parameters=[IF_MATCH], responses={200: SessionDetailOut})
    def post(self, request, pk: int):
        access.require(request.user, "council.manage")
        session = get_object_or_404(CouncilSession, pk=pk)
        version = expected_version(request, session)
        body = form_data(json_object(request))
        changes_to(AttendanceForm(), body, refused=("version",))
        data = valid(AttendanceForm({**body, "version": str(version)}))
        council.session_attendance(
            actor=request.user,
            session=session,
            convocation=data["convocation"],
            members_present=data["members_present"],
            expected_version=version,
        )
        return _answer(pk)


def _roll_call(rows) -> str:
    """The roll-call as the page's form reads it: one member a line, "name: vote", the president
    marked with *."""
    refusal = _("Send the roll-call as a list of objects, each with a member and a vote.")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise Invalid({"votes": [refusal]})
    lines = []
    for row in rows:
        member, vote = row.get("member"), row.get("vote")
        if not isinstance(member, str) or not isinstance(vote, str) or "\n" in member or "\r" in member:
            raise Invalid({"votes": [refusal]})
        lines.append(f"{member.strip()}{' *' if row.get('president') is True else ''}: {vote}")
    return "\n".join(lines)


class ItemVote(Api):
    """Record the roll-call of one agenda item, as the page: each member's vote, the majority rule
    and the decision number; the result follows (art. 43). Once only; the attendance first. The
    unit and the council's members."""

    serializer_class = ItemOut

    @extend_schema(request=VoteIn, responses={200: ItemOut})
    def post(self, request, pk: int, item_pk: int):
        access.require(request.user, "council.record_votes")
        session = get_object_or_404(CouncilSession, pk=pk)  # then its item (a key too big for the
        item = get_object_or_404(session.items.select_related("session"), pk=item_pk)  # database: 404)
        body = json_object(request)
        fields = form_data({k: v for k, v in body.items() if k != "votes"})
        changes_to(VoteForm(), {**fields, **({"votes": ""} if "votes" in body else {})})
        data = valid(VoteForm({**fields, "votes": _roll_call(body.get("votes", []))}))
        council.item_vote(
            actor=request.user,
            item=item,
            votes=data["votes"],
            majority=data["majority"],
            decision_number=data["decision_number"],
        )
        voted = AgendaItem.objects.prefetch_related(
            Prefetch("votes", queryset=MemberVote.objects.order_by("id"))
        ).get(pk=item.pk)
        return Response(ItemOut(voted).data)
