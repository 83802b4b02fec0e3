"""The partner workspace through the API: each partner reads its share of an agreement and no more,
sends its reports, writes to the unit; the unit reviews and answers. The expectations are written
out here (as the workspace pages' own tests), never read from the code."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.agreements.models import AgreementDocument
from sharaka.api.tests.helpers import ApiClient, query_count
from sharaka.core.models import AuditEntry
from sharaka.core.testing import pdf_upload
from sharaka.partnerspace.models import Message, Submission
from sharaka.partnerspace.tests.conftest import space  # noqa: F401 (two partners around one agreement)

pytestmark = pytest.mark.django_db

# (what, in UNDP's answer, in OTH's answer): as the workspace page's table, in the API's JSON.
AGREEMENT_ANSWER = [
    ("Convention eau potable", True, True),
    ('"111111.00"', True, False),  # UNDP's cash: its own line
    ('"777777.00"', False, True),  # OTH's cash
    ("Secret in-kind of OTH", False, True),
    ('"300000.00"', True, True),  # the commune's own contribution
    ("Rapport annuel", True, True),
    ("Appel de fonds UNDP", True, False),
    ("Appel de fonds OTH", False, True),
    ("Décision du conseil", True, True),
    ("Projet de convention en négociation", False, False),  # the draft under negotiation: internal
    ("Rapport financier OTH", False, True),
]


@pytest.mark.parametrize(("text", "undp", "oth"), AGREEMENT_ANSWER)
def test_each_party_reads_its_share_of_the_agreement_and_no_more(space, text, undp, oth):  # noqa: F811
    for viewer, expected in (
        (space.world.personas.partner_viewer, undp),
        (space.world.personas.outsider_partner_viewer, oth),
    ):
        answer = ApiClient(viewer).get(f"/api/v1/workspace/agreements/{space.agreement.pk}/")
        assert answer.status_code == 200
        assert (text in json.dumps(answer.json(), ensure_ascii=False)) is expected, (viewer.username, text)


def test_each_partner_lists_and_opens_its_own_agreements_and_acts_only(space):  # noqa: F811
    undp = ApiClient(space.world.personas.partner_viewer)
    oth = ApiClient(space.world.personas.outsider_partner_viewer)
    assert [a["title"] for a in undp.get("/api/v1/workspace/agreements/").json()] == [
        "Convention eau potable"
    ]
    assert sorted(a["title"] for a in oth.get("/api/v1/workspace/agreements/").json()) == [
        "Accord OTH seul",
        "Convention eau potable",
    ]
    assert undp.get(f"/api/v1/workspace/agreements/{space.other_agreement.pk}/").status_code == 404
    base = f"/api/v1/workspace/agreements/{space.agreement.pk}/documents/"
    assert undp.get(f"{base}{space.decision.pk}/file/").status_code == 200
    assert undp.get(f"{base}{space.draft.pk}/file/").status_code == 404
    assert undp.get(f"{base}{space.other_report_doc.pk}/file/").status_code == 404
    assert oth.get(f"{base}{space.other_report_doc.pk}/file/").status_code == 200
    parties = undp.get(f"/api/v1/workspace/agreements/{space.agreement.pk}/").json()["parties"]
    assert [(p["organisation"] and p["organisation"]["acronym"], p["shown"]) for p in parties] == [
        (None, True),
        (space.world.organisation.acronym, True),
        (space.world.other_organisation.acronym, False),
    ]


def test_a_report_sent_waits_private_for_the_unit_which_accepts_it_into_the_agreement(space):  # noqa: F811
    undp = ApiClient(space.world.personas.partner_viewer, language="fr")
    url = f"/api/v1/workspace/obligations/{space.own_call.pk}/submissions/"
    before = Submission.objects.count(), AuditEntry.objects.count()
    program = SimpleUploadedFile("appel.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf")
    disguised = undp.multipart(url, {"title": "Appel de fonds", "file": program})
    assert disguised.status_code == 400 and list(disguised.json()["errors"]) == ["file"]
    other = undp.multipart(
        f"/api/v1/workspace/obligations/{space.other_call.pk}/submissions/", {"file": pdf_upload()}
    )
    assert other.status_code == 404  # another partner's obligation
    assert (Submission.objects.count(), AuditEntry.objects.count()) == before

    sent = undp.multipart(url, {"note": "Deuxième tranche", "file": pdf_upload("appel.pdf")})
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["title"] == "Appel de fonds UNDP"  # the obligation's title, as the page's form starts
    assert body["status"]["code"] == "submitted" and body["public"] is False
    assert [s["id"] for s in undp.get("/api/v1/workspace/submissions/").json()["results"]] == [body["id"]]
    assert (
        ApiClient(space.world.personas.outsider_partner_viewer)
        .get(f"/api/v1/workspace/submissions/{body['id']}/")
        .status_code
        == 404
    )

    officer = ApiClient(space.world.personas.officer, language="ar")
    review = f"/api/v1/workspace/submissions/{body['id']}/review/"
    returned_silently = officer.post(review, {"to": "returned"})
    assert returned_silently.status_code == 400
    assert officer.patch(f"/api/v1/workspace/submissions/{body['id']}/", {"public": True}).status_code == 400
    accepted = officer.post(review, {"to": "accepted", "public": True})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"]["code"] == "accepted" and accepted.json()["public"] is True
    document = Submission.objects.get(pk=body["id"]).document
    assert AgreementDocument.objects.filter(pk=document.pk, agreement=space.agreement).exists()
    assert officer.post(review, {"to": "returned", "reason": "x"}).status_code == 400  # decided once
    assert "Appel de fonds UNDP" in json.dumps(
        undp.get(f"/api/v1/workspace/agreements/{space.agreement.pk}/").json()["documents"],
        ensure_ascii=False,
    )


def test_a_partner_writes_about_its_project_and_the_unit_answers(space):  # noqa: F811
    undp = ApiClient(space.world.personas.partner_viewer, language="fr")
    url = f"/api/v1/workspace/projects/{space.world.project.pk}/messages/"
    assert undp.get(url).json() == []
    empty = undp.post(url, {"body": "   "})
    assert empty.status_code == 400 and list(empty.json()["errors"]) == ["body"]
    asked = undp.post(url, {"body": "Bonjour, une question sur le calendrier."})
    assert asked.status_code == 201 and asked.json()["from_partner"] is True
    assert undp.get(f"/api/v1/workspace/projects/{space.other_project.pk}/messages/").status_code == 404

    officer = ApiClient(space.world.personas.officer)
    threads = officer.get("/api/v1/workspace/threads/").json()
    assert threads[0]["awaiting_unit"] is True and threads[0]["project"] == space.world.project.code
    answered = officer.post(
        f"/api/v1/workspace/threads/{threads[0]['id']}/messages/", {"body": "Le calendrier suit."}
    )
    assert answered.status_code == 201 and answered.json()["from_partner"] is False
    assert [m["body"] for m in undp.get(url).json()] == [
        "Bonjour, une question sur le calendrier.",
        "Le calendrier suit.",
    ]
    assert officer.get("/api/v1/workspace/threads/").json()[0]["awaiting_unit"] is False
    assert Message.objects.count() == 2
    assert ApiClient(space.world.personas.finance).get("/api/v1/workspace/threads/").status_code == 403


def test_the_workspace_costs_the_same_queries_for_one_report_as_for_many(space):  # noqa: F811
    import datetime

    from django.core.files.base import ContentFile

    from sharaka.agreements.models import Obligation
    from sharaka.partnerspace import services

    world = space.world
    undp = ApiClient(world.personas.partner_viewer)
    officer = ApiClient(world.personas.officer)
    own = [
        (undp, f"/api/v1/workspace/agreements/{space.agreement.pk}/"),
        (undp, "/api/v1/workspace/agreements/"),
        (undp, "/api/v1/workspace/submissions/"),
        (undp, f"/api/v1/workspace/projects/{world.project.pk}/messages/"),
        (officer, "/api/v1/workspace/submissions/"),
        (officer, "/api/v1/workspace/threads/"),
    ]
    undp.get("/api/v1/me/")
    officer.get("/api/v1/me/")

    def add(count, start):
        for i in range(start, start + count):
            obligation = Obligation.objects.create(
                agreement=space.agreement,
                kind="report",
                title=f"Rapport {i}",
                due_on=datetime.date(2027, 1, 1),
            )
            Submission.objects.create(
                obligation=obligation,
                organisation=world.organisation,
                title=f"Rapport {i}",
                file=ContentFile(b"%PDF-1.4 r", name=f"r{i}.pdf"),
                file_name=f"r{i}.pdf",
                content_type="application/pdf",
                size=10,
                sha256="0" * 64,
                submitted_by=world.personas.partner_viewer,
            )
            services.message_post_by_partner(
                actor=world.personas.partner_viewer, project=world.project, body=f"Q{i}"
            )

    add(1, 0)
    small = [query_count(caller, url) for caller, url in own]
    add(6, 1)
    assert [query_count(caller, url) for caller, url in own] == small
