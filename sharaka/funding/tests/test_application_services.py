"""The application services: what they refuse (with the message a person reads), what an award writes,
and what the ledger keeps."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sharaka.agreements.models import Agreement, AgreementParty
from sharaka.core.models import AuditEntry, SearchEntry
from sharaka.core.services import ConcurrentEdit
from sharaka.core.testing import make_project
from sharaka.funding import applications
from sharaka.funding.models import Application, ApplicationStatusChange, Call, CallStage
from sharaka.funding.testing import TODAY, world_funding
from sharaka.projects.models import ProjectPartner


@pytest.fixture(autouse=True)
def _today_in_english(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    with translation.override("en"):
        yield


@pytest.fixture
def f(world):
    return world_funding(world)


def messages_of(error: ValidationError, field: str) -> list[str]:
    return error.value.message_dict[field]


def _new_project(code="AOU-T-010", **extra):
    return make_project(code=code, title_fr="Station de dessalement", title_ar="محطة تحلية", **extra)


# --- opening ----------------------------------------------------------------------------------


def test_the_unit_opens_an_application_considered_with_its_first_history_row(world, f):
    project = _new_project()
    application = applications.application_open(
        actor=world.personas.officer,
        project=project,
        call=f["lead_call"],
        data={"amount_requested": Decimal(30000)},
    )
    assert application.status == "considered"
    assert application.currency == "USD"  # the call's
    assert application.language == "fr"  # the call's first language
    assert application.owner == world.personas.officer
    change = ApplicationStatusChange.objects.get(application=application)
    assert (change.old_status, change.new_status) == ("", "considered")
    entry = AuditEntry.objects.get(action="application.open")
    assert entry.object_id == str(application.pk) and entry.actor == world.personas.officer


def test_opening_is_refused_where_the_commune_is_not_eligible(world, f):
    with pytest.raises(ValidationError) as error:
        applications.application_open(
            actor=world.personas.officer, project=_new_project(), call=f["closed_call"]
        )
    assert messages_of(error, "call") == [
        "The commune is not eligible to this call, neither as lead nor as partner."
    ]


def test_opening_is_refused_where_morocco_is_excluded(world, f):
    call = f["co_call"]
    call.excluded_countries = "dz, MA"
    call.save()
    with pytest.raises(ValidationError) as error:
        applications.application_open(actor=world.personas.officer, project=_new_project(), call=call)
    assert messages_of(error, "call") == ["This call excludes applicants from Morocco."]


def test_opening_is_refused_for_an_archived_call_or_project(world, f):
    call = f["co_call"]
    call.archived_at = timezone.now()
    call.save()
    with pytest.raises(ValidationError) as error:
        applications.application_open(actor=world.personas.officer, project=_new_project(), call=call)
    assert messages_of(error, "call") == ["This call is archived: no application can be opened to it."]
    archived = _new_project(code="AOU-T-011", archived_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        applications.application_open(actor=world.personas.officer, project=archived, call=f["lead_call"])
    assert error.value.messages == ["This project is archived: it can no longer be changed."]
    assert not Application.objects.filter(project=archived).exists()


def test_opening_twice_the_same_project_to_the_same_call_is_refused(world, f):
    with pytest.raises(ValidationError) as error:
        applications.application_open(
            actor=world.personas.officer, project=world.project, call=f["lead_call"]
        )
    assert messages_of(error, "call") == ["This project already has an application to this call."]


@pytest.mark.parametrize("role", ["finance", "manager", "president", "council", "auditor", "partner_viewer"])
def test_only_the_unit_opens_an_application(world, f, role):
    with pytest.raises(PermissionDenied):
        applications.application_open(
            actor=getattr(world.personas, role), project=_new_project(), call=f["lead_call"]
        )
    assert Application.objects.count() == 1


# --- saving -----------------------------------------------------------------------------------


def _save(world, application, **data):
    return applications.application_save(
        actor=world.personas.officer, application=application, data=data, expected_version=application.version
    )


def test_the_language_must_be_one_the_call_accepts(world, f):
    with pytest.raises(ValidationError) as error:
        _save(world, f["application"], language="ar")
    assert messages_of(error, "language") == ["This call accepts proposals in: French, English."]


def test_the_amount_requested_stays_within_the_calls_grant(world, f):
    with pytest.raises(ValidationError) as error:
        _save(world, f["application"], amount_requested=Decimal("60000"))
    assert messages_of(error, "amount_requested") == [
        "The call grants at most 50000.00 USD: ask for that much or less."
    ]
    with pytest.raises(ValidationError) as error:
        _save(world, f["application"], amount_requested=Decimal("5000"))
    assert messages_of(error, "amount_requested") == [
        "The call grants at least 20000.00 USD: ask for that much or more."
    ]
    with pytest.raises(ValidationError) as error:
        _save(world, f["application"], amount_requested=Decimal("12345678901234.56"))
    assert "amount_requested" in error.value.message_dict


def test_dates_are_bounded_and_in_order(world, f):
    with pytest.raises(ValidationError) as error:
        _save(world, f["application"], submitted_on=TODAY + datetime.timedelta(days=1))
    assert messages_of(error, "submitted_on") == ["This date cannot be in the future."]
    with pytest.raises(ValidationError) as error:
        _save(world, f["application"], submitted_on=datetime.date(1900, 1, 1))
    assert messages_of(error, "submitted_on") == ["Enter a date between 1956-01-01 and 2100-12-31."]
    with pytest.raises(ValidationError) as error:
        _save(world, f["application"], submitted_on=TODAY, decided_on=TODAY - datetime.timedelta(days=3))
    assert messages_of(error, "decided_on") == ["The answer cannot come before the submission."]


def test_the_funder_cannot_lead_and_the_owner_is_staff(world, f):
    with pytest.raises(ValidationError) as error:
        _save(world, f["application"], lead=world.organisation, owner=world.personas.partner_viewer)
    assert messages_of(error, "lead") == ["The funder cannot lead an application to its own call."]
    assert messages_of(error, "owner") == ["Choose a member of the commune's staff."]


def test_saving_writes_feedback_and_lessons_with_one_ledger_entry(world, f):
    saved = _save(
        world, f["application"], lessons="  Joindre la délibération  ", amount_requested=Decimal(48000)
    )
    assert saved.lessons == "Joindre la délibération" and saved.version == 2
    entry = AuditEntry.objects.get(action="application.update")
    assert entry.before == {"amount_requested": "45000.00", "lessons": ""}
    assert entry.after == {"amount_requested": "48000.00", "lessons": "Joindre la délibération"}


def test_a_save_on_an_older_version_is_refused_and_changes_nothing(world, f):
    application = f["application"]
    _save(world, application, lessons="Première leçon")
    with pytest.raises(ConcurrentEdit):
        applications.application_save(
            actor=world.personas.admin, application=application, data={"lessons": "Autre"}, expected_version=1
        )
    assert Application.objects.get(pk=application.pk).lessons == "Première leçon"


# --- moving -----------------------------------------------------------------------------------


@pytest.mark.parametrize("to", ["drafting", "no_go"])
def test_the_go_and_the_no_go_need_their_reasons(world, f, to):
    application = applications.application_open(
        actor=world.personas.officer, project=_new_project(), call=f["lead_call"]
    )
    with pytest.raises(ValidationError) as error:
        applications.application_move(
            actor=world.personas.president, application=application, to=to, reason="  "
        )
    assert messages_of(error, "reason") == ["Say why: a reason is required for this move."]
    assert Application.objects.get(pk=application.pk).status == "considered"
    applications.application_move(
        actor=world.personas.president, application=application, to=to, reason="Le projet répond à l'appel."
    )
    change = ApplicationStatusChange.objects.filter(application=application).last()
    assert (change.new_status, change.reason, change.changed_by) == (
        to,
        "Le projet répond à l'appel.",
        world.personas.president,
    )
    entry = AuditEntry.objects.filter(action="application.move").get()
    assert entry.reason == "Le projet répond à l'appel." and entry.after["status"] == to


def test_a_withdrawal_and_a_rejection_need_their_reasons(world, f):
    application = f["application"]
    with pytest.raises(ValidationError):
        applications.application_move(actor=world.personas.officer, application=application, to="withdrawn")
    applications.application_move(actor=world.personas.officer, application=application, to="submitted")
    with pytest.raises(ValidationError):
        applications.application_move(actor=world.personas.officer, application=application, to="rejected")
    rejected = applications.application_move(
        actor=world.personas.officer,
        application=application,
        to="rejected",
        reason="Budget insuffisamment détaillé.",
        data={"feedback": "Le comité demande un budget par activité."},
    )
    assert rejected.decided_on == TODAY and rejected.feedback == "Le comité demande un budget par activité."


def test_submitting_needs_a_lead_when_the_commune_is_only_a_co_applicant(world, f):
    application = Application.objects.create(
        project=_new_project(),
        call=f["co_call"],
        status="drafting",
        currency="EUR",
        created_by=world.personas.officer,
    )
    with pytest.raises(ValidationError) as error:
        applications.application_move(actor=world.personas.officer, application=application, to="submitted")
    assert "name the partner that leads" in messages_of(error, "lead")[0]
    application.lead = f["twin"]
    application.save()
    moved = applications.application_move(
        actor=world.personas.officer, application=application, to="submitted"
    )
    assert moved.status == "submitted" and moved.submitted_on == TODAY


def test_an_undeclared_move_is_refused(world, f):
    with pytest.raises(ValidationError) as error:
        applications.application_move(
            actor=world.personas.officer, application=f["application"], to="awarded"
        )
    assert error.value.messages == ["An application cannot go from “Drafting” to “Awarded”."]


def _submitted(world, call, code="AOU-T-020"):
    project = _new_project(code=code)
    return Application.objects.create(
        project=project,
        call=call,
        status="submitted",
        currency=call.currency,
        amount_requested=Decimal("200000"),
        owner=world.personas.officer,
        created_by=world.personas.officer,
    )


def test_the_award_adds_the_funder_with_the_amount_and_starts_an_agreement_draft(world, f):
    application = _submitted(world, f["co_call"])
    awarded = applications.application_move(
        actor=world.personas.officer,
        application=application,
        to="awarded",
        data={"amount_awarded": Decimal("180000.00"), "on": datetime.date(2026, 11, 30)},
    )
    assert awarded.status == "awarded" and awarded.amount_awarded == Decimal("180000.00")
    partner = ProjectPartner.objects.get(project=application.project, role="1")
    assert (partner.organisation, partner.committed_amount, partner.currency, partner.committed_on) == (
        world.other_organisation,
        Decimal("180000.00"),
        "EUR",
        datetime.date(2026, 11, 30),
    )
    agreement = awarded.agreement
    assert agreement.kind == "financing" and agreement.status == "idea"
    assert list(agreement.projects.all()) == [application.project]
    party = AgreementParty.objects.get(agreement=agreement, organisation=world.other_organisation)
    assert (party.cash_amount, party.currency) == (Decimal("180000.00"), "EUR")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["project_partner.add", "agreement.create", "agreement.party_set", "application.move"]


def test_an_award_from_a_funder_already_funding_sets_its_commitment(world, f):
    application = f["application"]  # the world's project is funded by the lead call's funder already
    application.status = "shortlisted"
    application.save()
    applications.application_move(
        actor=world.personas.admin, application=application, to="awarded", data={"amount_awarded": "42000"}
    )
    partner = ProjectPartner.objects.get(project=world.project, organisation=world.organisation, role="1")
    assert (partner.committed_amount, partner.currency, partner.committed_on) == (
        Decimal("42000"),
        "USD",
        TODAY,
    )
    entry = AuditEntry.objects.get(action="project_partner.commit")
    assert entry.before["committed_amount"] == "100000.00" and entry.after["committed_amount"] == "42000.00"


def _snapshot():
    return (
        AuditEntry.objects.count(),
        ProjectPartner.objects.count(),
        Agreement.objects.count(),
        ApplicationStatusChange.objects.count(),
        list(Application.objects.values_list("status", "amount_awarded", "version", "agreement")),
    )


def test_an_award_without_its_amount_is_refused_and_writes_nothing(world, f):
    application = _submitted(world, f["co_call"])
    before = _snapshot()
    with pytest.raises(ValidationError) as error:
        applications.application_move(actor=world.personas.officer, application=application, to="awarded")
    assert messages_of(error, "amount_awarded") == ["Give the amount the funder awarded."]
    assert _snapshot() == before


def test_an_award_refused_half_way_leaves_nothing_half_saved(world, f, monkeypatch):
    """The agreement's service refuses after the funder was added: everything is rolled back."""
    from sharaka.agreements import services as agreement_services

    application = _submitted(world, f["co_call"])
    before = _snapshot()

    def refuse(**kwargs):
        raise ValidationError({"partners": "refused by the agreements"})

    monkeypatch.setattr(agreement_services, "agreement_party_set", refuse)
    with pytest.raises(ValidationError):
        applications.application_move(
            actor=world.personas.officer,
            application=application,
            to="awarded",
            data={"amount_awarded": "1000"},
        )
    assert _snapshot() == before


def test_a_move_on_an_older_version_is_refused(world, f):
    with pytest.raises(ConcurrentEdit):
        applications.application_move(
            actor=world.personas.officer, application=f["application"], to="submitted", expected_version=7
        )
    assert Application.objects.get(pk=f["application"].pk).status == "drafting"


def test_the_search_index_follows_the_feedback(world, f):
    _save(world, f["application"], feedback="Le comité a apprécié la note")
    entry = SearchEntry.objects.get(kind="application", object_id=f["application"].pk)
    assert "comite" in entry.text and "t-lead-1" in entry.text.lower()


def test_a_call_without_stages_opens_with_its_only_language(world, f):
    call = Call.objects.create(funder=world.organisation, reference="T-AR", languages="ar", currency="MAD")
    CallStage.objects.create(call=call, kind="eoi")
    application = applications.application_open(actor=world.personas.admin, project=_new_project(), call=call)
    assert application.language == "ar" and application.currency == "MAD"


def test_a_call_that_changes_its_terms_later_does_not_block_writing_the_lessons(world, f):
    call = f["lead_call"]
    call.max_grant, call.min_grant, call.languages = Decimal("30000"), Decimal("10000"), "en"
    call.save()
    saved = _save(world, f["application"], lessons="Le plafond a baissé depuis.")
    assert saved.lessons == "Le plafond a baissé depuis." and saved.amount_requested == Decimal("45000")
    with pytest.raises(ValidationError) as error:
        _save(world, saved, amount_requested=Decimal("40000"))
    assert messages_of(error, "amount_requested") == [
        "The call grants at most 30000.00 USD: ask for that much or less."
    ]


def test_an_award_from_a_foreign_state_adds_the_funder_but_starts_no_agreement(world, f):
    from sharaka.partners.models import Organisation

    state = Organisation.objects.create(
        name_fr="Gouvernement (test)",
        acronym="GOV-T",
        legal_type=Organisation.LegalType.FOREIGN_STATE,
        country="JP",
    )
    call = Call.objects.create(funder=state, reference="T-STATE", currency="EUR", languages="fr")
    application = _submitted(world, call, code="AOU-T-040")
    awarded = applications.application_move(
        actor=world.personas.officer, application=application, to="awarded", data={"amount_awarded": "50000"}
    )
    assert awarded.status == "awarded" and awarded.agreement is None
    assert ProjectPartner.objects.filter(project=application.project, organisation=state, role="1").exists()
    assert not Agreement.objects.exists()
