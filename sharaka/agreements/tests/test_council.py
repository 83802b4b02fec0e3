"""Council sessions: ordinary months, quorum with its convocations, majority rules, roll-call."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sharaka.agreements import council
from sharaka.agreements.models import AgendaItem, CouncilSession

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"


@pytest.fixture
def item(db):
    session = CouncilSession.objects.create(
        kind="ordinary",
        starts_on=datetime.date(2026, 10, 5),
        ends_on=datetime.date(2026, 10, 16),
        members_in_office=35,
    )
    return AgendaItem.objects.create(session=session, title="Convention")


def test_it_holds_ordinary_sessions_in_february_may_and_october_only(personas):
    with pytest.raises(ValidationError) as refused:
        council.session_create(
            actor=personas.officer,
            data={
                "kind": "ordinary",
                "starts_on": datetime.date(2026, 3, 2),
                "ends_on": datetime.date(2026, 3, 6),
            },
        )
    assert "art. 33" in refused.value.message_dict["starts_on"][0]
    council.session_create(
        actor=personas.officer,
        data={
            "kind": "extraordinary",
            "starts_on": datetime.date(2026, 3, 2),
            "ends_on": datetime.date(2026, 3, 6),
        },
    )


def test_it_needs_more_than_half_of_the_members_in_office(personas, item):
    session = item.session
    assert session.quorum == 18
    council.session_attendance(actor=personas.officer, session=session, convocation=1, members_present=17)
    assert CouncilSession.objects.get(pk=session.pk).quorum_met is False
    council.session_attendance(actor=personas.officer, session=session, convocation=1, members_present=18)
    assert CouncilSession.objects.get(pk=session.pk).quorum_met is True


def test_it_holds_a_third_convocation_whatever_the_number_present(personas, item):
    council.session_attendance(actor=personas.officer, session=item.session, convocation=2, members_present=9)
    assert CouncilSession.objects.get(pk=item.session.pk).quorum_met is False
    council.session_attendance(actor=personas.officer, session=item.session, convocation=3, members_present=9)
    assert CouncilSession.objects.get(pk=item.session.pk).quorum_met is True


def test_it_refuses_a_vote_before_the_quorum_is_recorded(personas, item):
    with pytest.raises(ValidationError):
        council.item_vote(
            actor=personas.council,
            item=item,
            votes=[("A", FOR, False)],
            majority="votes_cast",
            decision_number="1",
        )


def test_it_adopts_by_votes_cast_and_records_each_member(personas, item):
    council.session_attendance(
        actor=personas.officer, session=item.session, convocation=1, members_present=20
    )
    votes = [("A", FOR, False), ("B", FOR, False), ("C", AGAINST, False), ("D", ABSTAIN, False)]

    voted = council.item_vote(
        actor=personas.council, item=item, votes=votes, majority="votes_cast", decision_number="D-9"
    )

    assert voted.result == "adopted" and voted.decision_number == "D-9"
    assert sorted(item.votes.values_list("member", "vote")) == [
        ("A", FOR),
        ("B", FOR),
        ("C", AGAINST),
        ("D", ABSTAIN),
    ]


def test_it_gives_a_tie_to_the_presidents_side():
    votes = [("P", AGAINST, True), ("A", FOR, False)]
    assert council.outcome(majority="votes_cast", votes=votes, members_in_office=35) == "rejected"
    votes = [("P", FOR, True), ("A", AGAINST, False)]
    assert council.outcome(majority="votes_cast", votes=votes, members_in_office=35) == "adopted"


def test_it_asks_a_majority_of_members_in_office_for_the_items_that_need_it():
    votes = [(f"M{i}", FOR, False) for i in range(17)]
    assert council.outcome(majority="members", votes=votes, members_in_office=35) == "rejected"
    votes.append(("M17", FOR, False))
    assert council.outcome(majority="members", votes=votes, members_in_office=35) == "adopted"


def test_a_session_name_keeps_year_then_month_in_arabic_text():
    import datetime

    from sharaka.agreements.models import CouncilSession

    session = CouncilSession(kind="ordinary", starts_on=datetime.date(2026, 10, 5))
    assert "\u20662026-10\u2069" in str(session)  # isolated left to right wherever it is printed
