"""The road: which states apply to which agreement, and every move allowed or refused per role."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sharaka.agreements import pipeline, services
from sharaka.agreements.models import Agreement, CouncilSession, StatusChange
from sharaka.agreements.pipeline import Status as S
from sharaka.agreements.tests.conftest import make_agreement, pdf, put_at
from sharaka.core.models import AuditEntry
from sharaka.core.testing import ROLES

TODAY = datetime.date(2026, 6, 30)


def test_it_gives_a_foreign_local_authority_the_wali_the_visa_and_art_86(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    services.agreement_party_set(
        actor=personas.officer,
        agreement=agreement,
        organisation=foreign_commune,
        cash_amount=Decimal("50000"),
        currency="EUR",
    )

    road = Agreement.objects.get(pk=agreement.pk).road

    assert road == [
        S.IDEA, S.QUALIFIED, S.DRAFTED, S.PRIOR_CONSENT, S.ON_AGENDA, S.IN_COMMITTEE, S.DELIBERATED,
        S.TRANSMITTED, S.OBJECTION_WINDOW, S.VISA_PENDING, S.VISA_GRANTED, S.APPROVED_86,
        S.SIGNED, S.PUBLISHED, S.BUDGETED, S.IN_FORCE,
    ]  # fmt: skip


def test_it_spares_a_moroccan_partnership_the_visa_the_wali_and_art_86(personas, moroccan_body):
    agreement = make_agreement(personas.officer, moroccan_body, kind="partnership")

    road = agreement.road

    assert S.VISA_PENDING not in road and S.PRIOR_CONSENT not in road and S.APPROVED_86 not in road
    assert S.BUDGETED not in road  # nobody brings cash
    assert S.DELIBERATED in road and S.TRANSMITTED in road  # the council still deliberates (art. 92)


def test_it_asks_art_86_approval_for_foreign_money_even_from_a_moroccan_body(personas, moroccan_body):
    agreement = make_agreement(personas.officer, moroccan_body, kind="partnership", foreign_money=True)
    assert S.APPROVED_86 in agreement.road


def _full_road_agreement(personas, partner):
    agreement = make_agreement(personas.officer, partner)
    services.agreement_party_set(
        actor=personas.officer,
        agreement=agreement,
        organisation=partner,
        cash_amount=Decimal("50000"),
        currency="EUR",
    )
    return Agreement.objects.get(pk=agreement.pk)


# Who may make each move of the full road (a foreign commune, cash, art. 86), written out here and
# never read back from agreements/pipeline.py (STYLE 16): change a role in the code and this fails.
WHO_MOVES = {
    ("idea", "qualified"): {"administrator", "cooperation_officer"},
    ("qualified", "drafted"): {"administrator", "cooperation_officer"},
    ("drafted", "prior_consent"): {"administrator", "cooperation_officer"},
    ("prior_consent", "on_agenda"): {"administrator", "cooperation_officer"},
    ("on_agenda", "in_committee"): {"administrator", "cooperation_officer"},
    ("in_committee", "deliberated"): {"administrator", "cooperation_officer"},
    ("deliberated", "transmitted"): {"administrator", "cooperation_officer"},
    ("transmitted", "objection_window"): {"prefecture"},
    ("objection_window", "visa_pending"): {"prefecture"},
    ("objection_window", "on_agenda"): {"prefecture"},
    ("visa_pending", "visa_granted"): {"prefecture"},
    ("visa_pending", "visa_refused"): {"prefecture"},
    ("visa_pending", "visa_tacit"): set(),  # the clock's, nobody's
    ("visa_refused", "on_agenda"): {"administrator", "cooperation_officer"},
    ("visa_refused", "abandoned"): {"administrator", "cooperation_officer", "president"},
    ("visa_granted", "approved_86"): {"administrator", "cooperation_officer", "prefecture"},
    ("visa_tacit", "approved_86"): {"administrator", "cooperation_officer", "prefecture"},
    ("approved_86", "signed"): {"administrator", "president"},
    ("signed", "published"): {"administrator", "cooperation_officer"},
    ("signed", "terminated"): {"administrator", "president"},
    ("published", "budgeted"): {"administrator", "cooperation_officer", "finance_officer"},
    ("published", "terminated"): {"administrator", "president"},
    ("budgeted", "in_force"): {"administrator", "cooperation_officer", "president"},
    ("budgeted", "terminated"): {"administrator", "president"},
    ("in_force", "closed"): {"administrator", "cooperation_officer", "president"},
    ("in_force", "terminated"): {"administrator", "president"},
    ("in_force", "lapsed"): {"administrator", "cooperation_officer", "president"},
    ("idea", "abandoned"): {"administrator", "cooperation_officer", "president"},
    ("qualified", "abandoned"): {"administrator", "cooperation_officer", "president"},
    ("drafted", "abandoned"): {"administrator", "cooperation_officer", "president"},
    ("prior_consent", "abandoned"): {"administrator", "cooperation_officer", "president"},
    ("on_agenda", "abandoned"): {"administrator", "cooperation_officer", "president"},
    ("in_committee", "abandoned"): {"administrator", "cooperation_officer", "president"},
}
ALL_MOVES = sorted(WHO_MOVES)
STATES = sorted({state for move in WHO_MOVES for state in move} | {"closed", "lapsed"})


def test_the_road_has_exactly_these_states():
    assert sorted(S.values) == STATES


@pytest.mark.parametrize(("current", "target"), ALL_MOVES)
def test_it_lets_exactly_the_declared_roles_make_each_move(personas, foreign_commune, current, target):
    agreement = _full_road_agreement(personas, foreign_commune)
    past = CouncilSession.objects.create(
        kind="ordinary", starts_on=datetime.date(2026, 5, 4), ends_on=datetime.date(2026, 5, 15)
    )
    future = CouncilSession.objects.create(
        kind="ordinary", starts_on=datetime.date(2026, 10, 5), ends_on=datetime.date(2026, 10, 16)
    )
    allowed = WHO_MOVES[(current, target)]
    users = personas.by_role()
    results = {}
    for role in ROLES:
        put_at(
            agreement,
            current,
            session=past,
            received_on=datetime.date(2026, 6, 1),
            signed_on=datetime.date(2026, 6, 25),
        )
        try:
            services.agreement_advance(
                actor=users[role],
                agreement=agreement,
                to=target,
                reason="Test",
                document=pdf() if target in pipeline.REQUIRED_DOCUMENT else None,
                session=future,
                decision_number="D-1",
                today=TODAY,
            )
        except PermissionDenied:
            results[role] = False
        else:
            results[role] = Agreement.objects.get(pk=agreement.pk).status == target
    assert {role for role, ok in results.items() if ok} == set(allowed)


def test_it_refuses_every_move_the_road_does_not_declare_even_to_the_administrator(personas, foreign_commune):
    agreement = _full_road_agreement(personas, foreign_commune)
    undeclared = [(frm, to) for frm in STATES for to in STATES if (frm, to) not in WHO_MOVES]
    moved = []
    for frm, to in undeclared:
        put_at(agreement, frm)
        try:
            services.agreement_advance(
                actor=personas.admin, agreement=agreement, to=to, reason="Test", document=pdf(), today=TODAY
            )
        except ValidationError:
            pass
        else:
            moved.append((frm, to))
        assert Agreement.objects.get(pk=agreement.pk).status == frm
    assert moved == []
    assert not StatusChange.objects.filter(agreement=agreement).exclude(old_status="").exists()


def test_it_refuses_a_move_off_the_road_and_says_why_in_arabic(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)

    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        services.agreement_advance(actor=personas.president, agreement=agreement, to=S.SIGNED, today=TODAY)

    assert "لا يمكن" in refused.value.messages[0]
    assert Agreement.objects.get(pk=agreement.pk).status == S.IDEA


def test_it_refuses_a_step_without_its_document(personas, foreign_commune, session):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), S.IN_COMMITTEE, session=session)

    with pytest.raises(ValidationError) as refused:
        services.agreement_advance(
            actor=personas.officer,
            agreement=agreement,
            to=S.DELIBERATED,
            decision_number="D-7",
            today=datetime.date(2026, 5, 6),
        )

    assert "document" in refused.value.message_dict
    assert Agreement.objects.get(pk=agreement.pk).status == S.IN_COMMITTEE


def test_it_refuses_an_agenda_less_than_20_days_before_the_session(personas, foreign_commune, session):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), S.PRIOR_CONSENT)

    with pytest.raises(ValidationError) as refused:
        services.agreement_advance(
            actor=personas.officer,
            agreement=agreement,
            to=S.ON_AGENDA,
            session=session,
            today=datetime.date(2026, 4, 20),
        )

    assert "art. 38" in refused.value.message_dict["session"][0]
    assert "2026-04-14" in refused.value.message_dict["session"][0]


def test_it_puts_the_agreement_on_the_agenda_in_time(personas, foreign_commune, session):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), S.PRIOR_CONSENT)

    services.agreement_advance(
        actor=personas.officer,
        agreement=agreement,
        to=S.ON_AGENDA,
        session=session,
        today=datetime.date(2026, 4, 14),
    )

    agreement.refresh_from_db()
    assert agreement.status == S.ON_AGENDA and agreement.session == session
    assert session.items.get().agreement == agreement


def test_it_asks_why_a_late_transmission_is_late(personas, foreign_commune, session):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), S.DELIBERATED, session=session)
    late = datetime.date(2026, 6, 8)  # due by Friday 5 June (15 working days after 15 May)

    with pytest.raises(ValidationError) as refused:
        services.agreement_advance(
            actor=personas.officer, agreement=agreement, to=S.TRANSMITTED, document=pdf(), today=late
        )
    assert "2026-06-05" in refused.value.message_dict["reason"][0]

    services.agreement_advance(
        actor=personas.officer,
        agreement=agreement,
        to=S.TRANSMITTED,
        document=pdf(),
        reason="Courrier perdu",
        today=late,
    )
    assert Agreement.objects.get(pk=agreement.pk).transmitted_on == late


def test_it_keeps_the_president_from_signing_during_the_objection_window(personas, moroccan_body, session):
    agreement = put_at(
        make_agreement(personas.officer, moroccan_body, kind="partnership"),
        S.OBJECTION_WINDOW,
        session=session,
        received_on=datetime.date(2026, 6, 1),  # Monday: the window ends on Thursday 4 June
    )

    with pytest.raises(ValidationError) as refused:
        services.agreement_advance(
            actor=personas.president,
            agreement=agreement,
            to=S.SIGNED,
            document=pdf(),
            today=datetime.date(2026, 6, 4),
        )
    assert "art. 117" in refused.value.messages[0]

    services.agreement_advance(
        actor=personas.president,
        agreement=agreement,
        to=S.SIGNED,
        document=pdf(),
        today=datetime.date(2026, 6, 5),
    )
    assert Agreement.objects.get(pk=agreement.pk).status == S.SIGNED


def test_it_records_who_when_why_and_the_document_with_its_checksum(personas, foreign_commune, session):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), S.IN_COMMITTEE, session=session)

    services.agreement_advance(
        actor=personas.officer,
        agreement=agreement,
        to=S.DELIBERATED,
        decision_number="D-2026-05-03",
        document=pdf("decision.pdf"),
        reason="Adoptée à l'unanimité",
        today=datetime.date(2026, 5, 6),
    )

    change = StatusChange.objects.filter(agreement=agreement).last()
    assert (change.old_status, change.new_status, change.changed_by) == (
        S.IN_COMMITTEE,
        S.DELIBERATED,
        personas.officer,
    )
    assert change.reason == "Adoptée à l'unanimité"
    document = agreement.documents.get(kind="decision")
    assert len(document.sha256) == 64 and document.superseded_by is None
    entry = AuditEntry.objects.filter(action="agreement.advance").latest("id")
    assert entry.after == {"status": "deliberated"}
    assert Agreement.objects.get(pk=agreement.pk).decision_number == "D-2026-05-03"


def test_it_supersedes_a_document_never_replaces_it(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    first = services.agreement_document_add(
        actor=personas.officer, agreement=agreement, kind="draft", title="Projet v1", upload=pdf("v1.pdf")
    )
    second = services.agreement_document_add(
        actor=personas.officer, agreement=agreement, kind="draft", title="Projet v2", upload=pdf("v2.pdf")
    )

    first.refresh_from_db()
    assert first.superseded_by == second and first.file.name and first.sha256 == second.sha256
    assert agreement.documents.count() == 2


def test_it_refuses_a_deliberation_when_the_quorum_failed(personas, foreign_commune, session):
    session.members_present = 10
    session.save()
    agreement = put_at(make_agreement(personas.officer, foreign_commune), S.IN_COMMITTEE, session=session)

    with pytest.raises(ValidationError) as refused:
        services.agreement_advance(
            actor=personas.officer, agreement=agreement, to=S.DELIBERATED, decision_number="D-1", document=pdf(),
            today=datetime.date(2026, 5, 6),
        )  # fmt: skip
    assert "art. 42" in refused.value.messages[0]


def test_a_move_reads_the_parties_once_whatever_their_number(personas, foreign_commune, moroccan_body):
    """The road depends on the parties (their legal types, their cash): a move reads them with their
    organisations once, not once per question the road asks of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_to_qualify(partners):
        agreement = make_agreement(personas.officer, partners[0])
        for partner in partners[1:]:
            services.agreement_party_set(actor=personas.officer, agreement=agreement, organisation=partner)
        with CaptureQueriesContext(connection) as captured:
            services.agreement_advance(actor=personas.officer, agreement=agreement, to=S.QUALIFIED)
        party_reads = [q["sql"] for q in captured.captured_queries if "agreements_agreementparty" in q["sql"]]
        return len(captured.captured_queries), len(party_reads)

    one = queries_to_qualify([foreign_commune])
    two = queries_to_qualify([foreign_commune, moroccan_body])

    assert one[1] == 1 and two[1] == 1
    assert one[0] == two[0]
