"""The council through the API: a session created, its attendance and quorum, a roll-call and its
result (law 113-14, art. 33, 42, 43), through the session pages' forms and services."""

import pytest

from sharaka.agreements.models import AgendaItem, CouncilSession, MemberVote
from sharaka.api.tests.helpers import ApiClient, query_count
from sharaka.core.models import AuditEntry


@pytest.mark.django_db
def test_an_ordinary_session_opens_in_february_may_or_october(world):
    officer = ApiClient(world.personas.officer, language="fr")
    march = officer.post(
        "/api/v1/council/sessions/", {"kind": "ordinary", "starts_on": "2027-03-01", "ends_on": "2027-03-05"}
    )
    assert march.status_code == 400 and list(march.json()["errors"]) == ["starts_on"]
    backwards = officer.post(
        "/api/v1/council/sessions/", {"kind": "ordinary", "starts_on": "2027-05-10", "ends_on": "2027-05-01"}
    )
    assert backwards.status_code == 400 and list(backwards.json()["errors"]) == ["ends_on"]
    assert not CouncilSession.objects.exists()
    may = officer.post(
        "/api/v1/council/sessions/", {"kind": "ordinary", "starts_on": "2027-05-03", "ends_on": "2027-05-14"}
    )
    assert may.status_code == 201, may.content
    assert may["Location"] == f"/api/v1/council/sessions/{may.json()['id']}/"
    assert may.json()["members_in_office"] == 35 and may.json()["quorum_met"] is None
    assert [s["starts_on"] for s in officer.get("/api/v1/council/sessions/").json()] == ["2027-05-03"]


def _session_with_item():
    session = CouncilSession.objects.create(
        kind="ordinary", starts_on="2026-10-05", ends_on="2026-10-15", members_in_office=35
    )
    item = AgendaItem.objects.create(session=session, title="Convention de jumelage avec Ouagadougou")
    return session, item


@pytest.mark.django_db
def test_no_vote_before_the_quorum_and_a_tie_goes_to_the_presidents_side(world):
    session, item = _session_with_item()
    officer = ApiClient(world.personas.officer, language="ar")
    member = ApiClient(world.personas.council, language="fr")
    vote_url = f"/api/v1/council/sessions/{session.pk}/items/{item.pk}/vote/"
    tie = {
        "decision_number": "D-2026-10-03",
        "majority": "votes_cast",
        "votes": [
            {"member": "Fatima Ait Lahcen", "vote": "for", "president": True},
            {"member": "Omar Id Bella", "vote": "against"},
            {"member": "Hassan Oubella", "vote": "abstain"},
        ],
    }
    early = member.post(vote_url, tie)
    assert early.status_code == 400 and "quorum" in early.json()["errors"]["__all__"][0]

    url = f"/api/v1/council/sessions/{session.pk}/"
    read = officer.get(url)
    too_many = officer.post(
        url + "attendance/", {"convocation": 1, "members_present": 40}, HTTP_IF_MATCH=read["ETag"]
    )
    assert too_many.status_code == 400 and list(too_many.json()["errors"]) == ["members_present"]
    quorate = officer.post(
        url + "attendance/", {"convocation": 1, "members_present": 18}, HTTP_IF_MATCH=read["ETag"]
    )
    assert quorate.status_code == 200, quorate.content
    assert quorate.json()["quorum_met"] is True
    stale = officer.post(
        url + "attendance/", {"convocation": 1, "members_present": 10}, HTTP_IF_MATCH=read["ETag"]
    )
    assert stale.status_code == 412
    assert CouncilSession.objects.get(pk=session.pk).members_present == 18

    as_text = member.post(vote_url, {**tie, "votes": "Fatima: pour"})
    assert as_text.status_code == 400 and list(as_text.json()["errors"]) == ["votes"]
    twice = member.post(
        vote_url, {**tie, "votes": [*tie["votes"], {"member": "Omar Id Bella", "vote": "for"}]}
    )
    assert twice.status_code == 400 and list(twice.json()["errors"]) == ["votes"]
    assert not MemberVote.objects.exists()

    voted = member.post(vote_url, tie)
    assert voted.status_code == 200, voted.content
    assert voted.json()["result"]["code"] == "adopted"
    assert [(v["member"], v["vote"]["code"], v["president"]) for v in voted.json()["votes"]] == [
        ("Fatima Ait Lahcen", "for", True),
        ("Omar Id Bella", "against", False),
        ("Hassan Oubella", "abstain", False),
    ]
    assert AuditEntry.objects.filter(action="council.vote", object_id=str(item.pk)).count() == 1
    again = member.post(vote_url, tie)
    assert again.status_code == 400
    assert MemberVote.objects.filter(item=item).count() == 3


@pytest.mark.django_db
def test_a_session_costs_the_same_queries_with_2_voted_items_as_with_10(world):
    session, _item = _session_with_item()
    caller = ApiClient(world.personas.council)
    url = f"/api/v1/council/sessions/{session.pk}/"
    caller.get(url)

    def add(count):
        for i in range(count):
            item = AgendaItem.objects.create(session=session, title=f"Point {i}", position=i + 2)
            MemberVote.objects.bulk_create(
                MemberVote(item=item, member=f"Membre {n}", vote="for") for n in range(3)
            )
            CouncilSession.objects.create(kind="extraordinary", starts_on="2026-11-02", ends_on="2026-11-02")

    add(1)
    small = query_count(caller, url), query_count(caller, "/api/v1/council/sessions/")
    add(9)
    assert (query_count(caller, url), query_count(caller, "/api/v1/council/sessions/")) == small
