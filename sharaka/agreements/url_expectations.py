"""Expected status of every named URL of the agreements app, per role (see core/tests/test_url_access.py).

The world's agreement was transmitted to the prefecture (so the prefecture sees it) and sits in its
objection window. Partner viewers read the agreements their organisation is a party to in their own
workspace (sharaka/partnerspace): the agreement's page sends them there (302); the staff's other pages
(edits, the draft, the documents' staff downloads, sessions, calendars) stay closed to them: 404.
"""

import datetime

from sharaka.core.testing import expect, page, pdf_upload, wrote


def world_agreement(w):
    """One agreement per test world, made on first use, with a session, an agenda item, a document
    and an obligation."""
    if "agreement" not in w.extra:
        from django.core.files.base import ContentFile

        from sharaka.agreements.models import (
            AgendaItem,
            Agreement,
            AgreementDocument,
            AgreementParty,
            CalendarToken,
            CouncilSession,
            Obligation,
            PlanAction,
        )

        session = CouncilSession.objects.create(
            kind="ordinary", starts_on=datetime.date(2026, 10, 5), ends_on=datetime.date(2026, 10, 15)
        )
        agreement = Agreement.objects.create(
            kind="twinning",
            title_fr="Convention de jumelage",
            status="objection_window",
            session=session,
            decision_number="D-2026-10-01",
            transmitted_on=datetime.date(2026, 10, 20),
            received_on=datetime.date(2026, 10, 21),
            owner=w.personas.officer,
        )
        AgreementParty.objects.create(agreement=agreement, organisation=None)
        AgreementParty.objects.create(agreement=agreement, organisation=w.organisation)
        item = AgendaItem.objects.create(session=session, agreement=agreement, title="Convention")
        document = AgreementDocument.objects.create(
            agreement=agreement,
            kind="decision",
            title="Décision",
            file=ContentFile(b"decision", name="decision.txt"),
            content_type="text/plain",
            size=8,
            sha256="0" * 64,
        )
        obligation = Obligation.objects.create(
            agreement=agreement, kind="report", title="Rapport", due_on=datetime.date(2027, 1, 1)
        )
        token = CalendarToken.objects.create(user=w.personas.officer, token="t" * 43)
        action = PlanAction.objects.create(
            agreement=agreement, title="Échange scolaire", due_on=datetime.date(2027, 4, 1)
        )
        w.extra.update(
            agreement=agreement,
            session=session,
            item=item,
            agreement_document=document,
            obligation=obligation,
            token=token,
            plan_action=action,
        )
    return w.extra["agreement"]


def _agreement(w):
    return {"pk": world_agreement(w).pk}


def _session(w):
    world_agreement(w)
    return {"pk": w.extra["session"].pk}


READERS = expect(200, partner_viewer=404)  # the commune's staff, and the prefecture for what it received
EDITORS = expect(403, administrator=200, cooperation_officer=200, partner_viewer=404)
STAFF = expect(200, prefecture=403, partner_viewer=404)

URLS = {
    "agreement_list": (None, READERS),
    "agreement_create": (None, EDITORS),
    # A partner viewer whose organisation is a party is sent to its own view (partnerspace:agreement).
    "agreement_detail": (_agreement, expect(200, partner_viewer=302)),
    "agreement_edit": (_agreement, EDITORS),
    "agreement_party": (_agreement, EDITORS),
    "agreement_amend": (_agreement, EDITORS),
    "agreement_document_add": (_agreement, EDITORS),
    "obligation_add": (_agreement, EDITORS),
    "delegation_add": (_agreement, EDITORS),
    "plan_action_add": (_agreement, EDITORS),
    "plan_action_state": (
        lambda w: {"pk": world_agreement(w).pk, "action_pk": w.extra["plan_action"].pk},
        expect(405),
    ),
    "agreement_document_download": (
        lambda w: {"pk": world_agreement(w).pk, "document_pk": w.extra["agreement_document"].pk},
        READERS,
    ),
    # The generated draft (DOCX): whoever reads the agreement.
    "agreement_draft": (_agreement, READERS),
    # POST only: a GET is refused before anything else is looked at.
    "agreement_advance": (_agreement, expect(405)),
    "obligation_done": (
        lambda w: {"pk": world_agreement(w).pk, "obligation_pk": w.extra["obligation"].pk},
        expect(405),
    ),
    "session_attendance": (_session, expect(405)),
    "calendar_token_reset": (None, expect(405)),
    "prefecture_inbox": (None, expect(403, prefecture=200, partner_viewer=404)),
    "session_list": (None, STAFF),
    "session_detail": (_session, STAFF),
    "session_create": (None, expect(403, administrator=200, cooperation_officer=200, partner_viewer=404)),
    "item_vote": (
        lambda w: {"pk": _session(w)["pk"], "item_pk": w.extra["item"].pk},
        expect(403, administrator=200, cooperation_officer=200, council_member=200, partner_viewer=404),
    ),
    "my_calendar": (None, STAFF),
    "obligations_due": (None, STAFF),
    # The secret link is the key: anyone holding it gets the feed, signed in or not.
    "calendar_feed": (
        lambda w: (world_agreement(w), {"token": w.extra["token"].token})[1],
        expect(200, anonymous=200),
    ),
}


# What a POST does, per role (core/tests/test_url_access.py): a status alone means nothing was
# written; wrote(...) means it succeeded and the ledger grew. Written out, never read from the code.
POST_EDITORS = expect(403, administrator=wrote(), cooperation_officer=wrote(), partner_viewer=404)


def _with_attendance(w):
    """The vote needs the attendance recorded (quorum, art. 42): the session of the world sat with 30."""
    from sharaka.agreements.models import CouncilSession

    CouncilSession.objects.filter(pk=world_agreement(w).session_id).update(convocation=1, members_present=30)
    return {
        "decision_number": "D-2026-10-02",
        "majority": "votes_cast",
        "votes": "Ahmed Amrani*: pour\nFatima Zahra: pour\nYoussef Idrissi: contre",
    }


POSTS = {
    "agreement_create": (
        page(
            lambda w: {
                "kind": "partnership",
                "title_fr": "Convention de la marche",
                "partners": [str(w.organisation.pk)],
            }
        ),
        POST_EDITORS,
    ),
    # Deliberated: its terms change only through an amendment; the edit page keeps what it may.
    "agreement_edit": (page(lambda w: {"title_en": "Twinning agreement"}), POST_EDITORS),
    # Deliberated: no party changes any more, for anyone (an amendment does it).
    "agreement_party": (
        page(
            lambda w: {"organisation": str(w.other_organisation.pk), "cash_amount": "1000", "currency": "EUR"}
        ),
        expect(403, administrator=200, cooperation_officer=200, partner_viewer=404),
    ),
    "agreement_amend": (
        page(lambda w: {"reason": "Prolongation d'un an", "duration_months": "48"}),
        POST_EDITORS,
    ),
    "agreement_document_add": (
        page(lambda w: {"kind": "other", "title": "Courrier", "file": pdf_upload()}),
        POST_EDITORS,
    ),
    # In the objection window: only the prefecture moves it on (no objection → visa pending). The
    # unit's move is refused on the page (200); partner viewers do not see agreements.
    "agreement_advance": (
        lambda w: {"to": "visa_pending", "version": world_agreement(w).version},
        expect(200, prefecture=wrote(), partner_viewer=404),
    ),
    "obligation_add": (
        page(lambda w: {"kind": "report", "title": "Rapport annuel", "due_on": "2027-06-30"}),
        POST_EDITORS,
    ),
    "obligation_done": (None, POST_EDITORS),
    "delegation_add": (
        page(
            lambda w: {
                "direction": "incoming",
                "starts_on": "2027-03-01",
                "ends_on": "2027-03-05",
                "people": "Maire adjoint, deux élus",
                "purpose": "Échange sur l'eau",
            }
        ),
        POST_EDITORS,
    ),
    "plan_action_add": (
        page(lambda w: {"title": "Jumelage des écoles", "due_on": "2027-09-30"}),
        POST_EDITORS,
    ),
    "plan_action_state": (lambda w: {"state": "under_way"}, POST_EDITORS),
    "calendar_token_reset": (None, expect(wrote(), prefecture=403, partner_viewer=404)),
    "session_create": (
        page(
            lambda w: {
                "kind": "extraordinary",
                "starts_on": "2027-01-11",
                "ends_on": "2027-01-12",
                "members_in_office": "35",
            }
        ),
        POST_EDITORS,
    ),
    "session_attendance": (lambda w: {"convocation": "1", "members_present": "20"}, POST_EDITORS),
    "item_vote": (
        _with_attendance,
        expect(
            403,
            administrator=wrote(),
            cooperation_officer=wrote(),
            council_member=wrote(),
            partner_viewer=404,
        ),
    ),
}
GET_ONLY = {
    "agreement_list",
    "agreement_detail",
    "agreement_document_download",
    "agreement_draft",
    "prefecture_inbox",
    "session_list",
    "session_detail",
    "my_calendar",
    "obligations_due",
    "calendar_feed",
}
