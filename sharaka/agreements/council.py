"""Council sessions: creation, attendance and quorum, votes per member and the majority rule (art. 42-43)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharaka.agreements.models import AgendaItem, CouncilSession, MemberVote
from sharaka.core import audit
from sharaka.core.services import check_version


@transaction.atomic
def session_create(*, actor, data: dict) -> CouncilSession:
    session = CouncilSession(**data)
    if session.kind == CouncilSession.SessionKind.ORDINARY and session.starts_on.month not in (2, 5, 10):
        raise ValidationError(
            {"starts_on": _("Ordinary sessions are held in February, May and October (art. 33).")}
        )
    session.full_clean()
    session.save()
    audit.record(actor=actor, action="council.session_create", obj=session, after=audit.snapshot(session))
    return session


@transaction.atomic
def session_attendance(
    *, actor, session: CouncilSession, convocation: int, members_present: int, expected_version=None
) -> CouncilSession:
    locked = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if expected_version is not None:
        check_version(locked, expected_version)
    if members_present > locked.members_in_office:
        raise ValidationError(
            {
                "members_present": _("More members present than members in office (%(n)s).")
                % {"n": locked.members_in_office}
            }
        )
    before = {"convocation": locked.convocation, "members_present": locked.members_present}
    locked.convocation = convocation
    locked.members_present = members_present
    locked.version += 1
    locked.save()
    audit.record(
        actor=actor,
        action="council.attendance",
        obj=locked,
        before=before,
        after={
            "convocation": convocation,
            "members_present": members_present,
            "quorum_met": locked.quorum_met,
        },
    )
    return locked


def outcome(*, majority: str, votes, members_in_office: int) -> str:
    """Adopted or rejected. Votes cast: more for than against (abstentions are not votes cast), a tie
    goes to the president's side. Members: more than half of the members in office vote for."""
    votes = list(votes)
    yes = sum(1 for _name, vote, _p in votes if vote == MemberVote.Vote.FOR)
    no = sum(1 for _name, vote, _p in votes if vote == MemberVote.Vote.AGAINST)
    if majority == AgendaItem.Majority.MEMBERS:
        return AgendaItem.Result.ADOPTED if yes > members_in_office // 2 else AgendaItem.Result.REJECTED
    if yes == no:
        president = next((vote for _name, vote, p in votes if p), None)
        return AgendaItem.Result.ADOPTED if president == MemberVote.Vote.FOR else AgendaItem.Result.REJECTED
    return AgendaItem.Result.ADOPTED if yes > no else AgendaItem.Result.REJECTED


@transaction.atomic
def item_vote(*, actor, item: AgendaItem, votes, majority: str, decision_number: str) -> AgendaItem:
    """Record the roll-call of one agenda item: [(member, vote, is_president)]."""
    locked = AgendaItem.objects.select_for_update().select_related("session").get(pk=item.pk)
    session = locked.session
    if locked.result != AgendaItem.Result.PENDING:
        raise ValidationError(_("This item was already voted on."))
    if session.quorum_met is not True:
        raise ValidationError(
            _("Record the attendance first: the quorum is more than half of the members in office (art. 42).")
        )
    votes = list(votes)
    if len(votes) > (session.members_present or 0):
        raise ValidationError({"votes": _("More votes than members present.")})
    MemberVote.objects.bulk_create(
        MemberVote(item=locked, member=name, vote=vote, is_president=president)
        for name, vote, president in votes
    )
    locked.majority = majority
    locked.decision_number = decision_number.strip()
    locked.result = outcome(majority=majority, votes=votes, members_in_office=session.members_in_office)
    locked.save()
    audit.record(
        actor=actor,
        action="council.vote",
        obj=locked,
        after={
            "result": locked.result,
            "decision_number": locked.decision_number,
            "votes": [list(v) for v in votes],
        },
    )
    return locked
