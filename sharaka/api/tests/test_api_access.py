"""Every endpoint of the API, as every role with a personal token and as an anonymous caller.

The expectations are written out here, endpoint by endpoint, from what each role may do on the pages
(docs/roles-and-access.md): never read from sharaka/core/roles.py or the access helpers. Change a
role's capability in the code and a line here fails.

A write that succeeds answers its status and appends to the audit ledger; a refused one changes
nothing (the ledger and every row count stay). Each write runs in a savepoint rolled back afterwards.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse
from django.utils import timezone

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.core.testing import ROLES, pdf_upload, row_counts

ADM, COOP, FIN, PM, PRES, COUNCIL, PREF, AUD, PV = ROLES
ALL = set(ROLES)
STAFF = {ADM, COOP, FIN, PM, PRES, COUNCIL, AUD}


def table(ok, ok_status=200, **others):
    """{role: status} for every role and "anonymous": `ok` roles get `ok_status`, the rest as named
    (by role), 401 for the anonymous caller unless named."""
    statuses = {role: others.get(role, None) for role in ROLES}
    for role in ROLES:
        if role in ok:
            statuses[role] = ok_status
    statuses["anonymous"] = others.get("anonymous", 401)
    missing = [role for role, status in statuses.items() if status is None]
    assert not missing, f"no expectation for {missing}"
    return statuses


def written_by(roles, status):
    """A write that `roles` make (`status`); every other role that reads the thing is refused (403);
    the prefecture, which sees none of it, gets 404."""
    return table(roles, status, prefecture=404, **dict.fromkeys((STAFF | {PV}) - roles, 403))


def staff_write(writers, status):
    """A write of the commune's internal work that `writers` make (`status`); the rest of the staff
    is refused (403); the prefecture and a partner viewer, who do not know of it, get 404."""
    return table(writers, status, prefecture=404, partner_viewer=404, **dict.fromkeys(STAFF - writers, 403))


def _world_api(w):
    """The world's finance (a funder from the partner viewer's organisation, a transaction, the
    agreement transmitted to the prefecture) and a published project."""
    from sharaka.finance.url_expectations import _finance

    finance = _finance(w)
    from sharaka.sustainability.models import Plan

    Plan.objects.get_or_create(
        project=w.project,
        defaults={
            "exit_strategy": "Reprise par le service de l'eau",
            "maintainer_kind": "commune_service",
            "maintainer_name": "Service de l'eau",
        },
    )
    w.private_project.published_at = timezone.now()
    w.private_project.status = "in_implementation"
    w.private_project.save()
    return finance


def _results(w, name):
    from sharaka.results.url_expectations import world_results

    return world_results(w)[name]


def _update_kw(name):
    return lambda w: {"pk": w.project.pk, "update_pk": _results(w, name).pk}


def _sustainability(w, name):
    from sharaka.sustainability.url_expectations import world_sustainability

    return world_sustainability(w)[name]


def _check_kw(name):
    return lambda w: {"pk": _sustainability(w, "project").pk, "check_pk": _sustainability(w, name).pk}


def _funding(w, name):
    from sharaka.funding.testing import world_funding

    return world_funding(w)[name]


def _agreement(w):
    _world_api(w)
    return w.extra["agreement"]


def _sent(w, name="submission"):
    """The partner's submissions (one awaiting review, one accepted and public) and its thread."""
    from sharaka.partnerspace.url_expectations import world_submissions

    _world_api(w)
    world_submissions(w)
    return w.extra[name]


# The partner workspace: the partner viewer's own (404 for everyone else, the staff included); the
# unit's review: the administrator and the cooperation officer, the rest of the staff 403, the
# prefecture and the partner viewer 404.
PARTNER_ONLY = table({PV}, 200, **dict.fromkeys(STAFF | {PREF}, 404))
THE_UNIT = staff_write({ADM, COOP}, 200)


def _with_minutes(w):
    """The world's negotiation round, with a minutes file to serve."""
    from django.core.files.base import ContentFile

    if not w.negotiation_round.minutes:
        w.negotiation_round.minutes.save("minutes.pdf", ContentFile(b"%PDF-1.4 minutes"), save=True)
    return {"pk": w.organisation.pk, "round_pk": w.negotiation_round.pk}


def _bulk_project(w):
    from sharaka.results.url_expectations import _bulk_project as bulk_project

    _world_api(w)
    return bulk_project(w)


def _bulk_xlsx(w):
    from sharaka.results.url_expectations import _bulk_xlsx as bulk_xlsx

    return bulk_xlsx(w)


def _budget_xlsx():
    from sharaka.finance.url_expectations import _budget_xlsx as budget_xlsx

    return budget_xlsx()


def _rates_csv(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("rates.csv", text.encode(), content_type="text/csv")


def _schedules_kw(name):
    """The world's reporting schedules (a quarterly one on the project, its manager's, with an open
    and a made due report; a yearly one on the agreement's obligation): the kwargs of one of them."""

    def kwargs(w):
        from sharaka.results.url_expectations import world_schedules

        _world_api(w)
        found = world_schedules(w)
        return {"pk": (w.project if name == "project" else found[name]).pk}

    return kwargs


def _inquiry_kw(w):
    from sharaka.portal.url_expectations import _inquiry

    return {"pk": _inquiry(w).pk}


def _opportunity_kw(w):
    from sharaka.promotion.expectations.catalogue import world_opportunity

    return {"pk": world_opportunity(w).pk}


def _photo_kw(w):
    """The world's opportunity's first photo, with a second one after it (so that it can move)."""
    from django.core.files.base import ContentFile

    from sharaka.promotion.expectations.catalogue import jpeg_bytes, world_opportunity
    from sharaka.promotion.models import Photo

    opportunity = world_opportunity(w)
    if "opportunity_photo_2" not in w.extra:
        second = Photo(
            opportunity=opportunity,
            sha256="1" * 64,
            caption_fr="Le port",
            order=2,
            uploaded_by=w.personas.officer,
        )
        second.image.save("port.jpg", ContentFile(jpeg_bytes(colour=(10, 90, 200))), save=False)
        second.width, second.height = 64, 48
        second.save()
        w.extra["opportunity_photo_2"] = second
    return {"pk": w.extra["opportunity_photo"].pk}


def _jpeg():
    from sharaka.promotion.expectations.catalogue import jpeg_upload

    return jpeg_upload(colour=(10, 90, 200))


def _events(w):
    from sharaka.promotion.expectations.events import world_events

    return world_events(w)


def _sponsorship_etag(sponsorship):
    from sharaka.promotion import events

    sponsorship.refresh_from_db()
    return f'"promotion.sponsorship-{sponsorship.pk}-f{events.fingerprint(sponsorship)}"'


def _promotion_inquiry_kw(w):
    from sharaka.promotion.expectations.inquiries import _inquiry

    return {"pk": _inquiry(w).pk}


def _staff(w):
    from sharaka.capacity.expectations.staff import world_staff

    world_staff(w)
    return w.extra


def _first_skill(w):
    from sharaka.capacity.models import Skill

    return Skill.objects.filter(is_active=True, levels__level=1).order_by("order", "code").first()


def _trainings(w):
    from sharaka.capacity.expectations.trainings import world_trainings

    world_trainings(w)
    return w.extra


def _unregistered(w):
    from sharaka.capacity.models import StaffProfile

    _trainings(w)
    return StaffProfile.objects.get(full_name="Fatima Oubella")


TRAINING_READS = table(
    {ADM, COOP, PRES, AUD},
    prefecture=404,
    partner_viewer=404,
    **dict.fromkeys(STAFF - {ADM, COOP, PRES, AUD}, 403),
)


def _tranche_call_kw(w):
    """The world's agreement calls a tranche from the world's organisation, a party bringing cash."""
    from decimal import Decimal

    from sharaka.agreements.models import Obligation

    agreement = _agreement(w)
    party = agreement.parties.get(organisation=w.organisation)
    party.cash_amount, party.currency = Decimal("20000.00"), "EUR"
    party.save()
    Obligation.objects.filter(agreement=agreement, kind="tranche").update(party=party)
    return {"pk": w.project.pk}


def _call_document(w):
    """A document of the world's open call (its guidelines), made once per world."""
    found = _funding(w, "lead_call")
    if "call_document" not in w.extra:
        from django.core.files.base import ContentFile

        from sharaka.funding.models import CallDocument

        w.extra["call_document"] = CallDocument.objects.create(
            call=found,
            title="Lignes directrices",
            file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf"),
            content_type="application/pdf",
            size=14,
            sha256="0" * 64,
            uploaded_by=w.personas.officer,
        )
    return w.extra["call_document"]


# The funding work: the commune's staff read it; the unit writes; the prefecture and the partner
# viewer do not know of it (404).
FUNDING_READ = table(STAFF, prefecture=404, partner_viewer=404)


def _session_kw(w):
    _world_api(w)
    return {"pk": w.extra["session"].pk}


def _quorate_session_kw(w):
    """The world's session with its attendance recorded: 20 of 35 members present, enough to vote."""
    _world_api(w)
    session = w.extra["session"]
    session.members_present = 20
    session.save(update_fields=["members_present"])
    return {"pk": session.pk, "item_pk": w.extra["item"].pk}


def _draft_agreement(w):
    """An agreement still at the idea stage (its parties may change), made once per world."""
    if "draft_agreement" not in w.extra:
        from sharaka.agreements.models import Agreement, AgreementParty

        draft = Agreement.objects.create(
            kind="partnership", title_fr="Convention de partenariat", status="idea"
        )
        AgreementParty.objects.create(agreement=draft, organisation=None)
        w.extra["draft_agreement"] = draft
    return w.extra["draft_agreement"]


# The agreements' writes: the unit (administrator, cooperation officer); the rest of the staff and
# the prefecture read the agreement but may not (403); a partner viewer does not read it here (404).
BY_THE_UNIT = {ADM, COOP}


def by_the_unit(status):
    return table(
        BY_THE_UNIT, status, partner_viewer=404, **dict.fromkeys((STAFF | {PREF}) - BY_THE_UNIT, 403)
    )


READS = {
    # name: (kwargs, expectations)
    "api:schema": (None, table(ALL, anonymous=200)),
    "api:me": (None, table(ALL)),
    "api:partners": (None, table(STAFF | {PV}, prefecture=404)),
    "api:partner": (lambda w: {"pk": w.organisation.pk}, table(STAFF | {PV}, prefecture=404)),
    # The partner viewer sees its own organisation only.
    "api:partner other": (
        lambda w: {"pk": w.other_organisation.pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    # The negotiation log and its minutes: the commune's staff, never a partner (404).
    "api:partner_negotiations": (
        lambda w: {"pk": w.organisation.pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    "api:partner_negotiation_minutes": (
        _with_minutes,
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    # The documents proving who pays the recurrent costs: the commune's staff.
    "api:project_sustainability_evidence": (
        lambda w: {"pk": _sustainability(w, "project").pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    "api:project_sustainability_evidence_file": (
        lambda w: {"pk": _sustainability(w, "project").pk, "evidence_pk": _sustainability(w, "evidence").pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    # The dated rates: whoever reads money; the commune's accounts: its staff; a donor report: its
    # readers (a partner viewer its own funder's: the world's report is the world's funder's, which is
    # the partner viewer's organisation).
    "api:finance_rates": (None, table(STAFF | {PV}, prefecture=404)),
    "api:finance_accounts": (None, table(STAFF, prefecture=404, partner_viewer=404)),
    "api:project_reports": (lambda w: {"pk": w.project.pk}, table(STAFF | {PV}, prefecture=404)),
    "api:finance_report_xlsx": (
        lambda w: {"report_pk": w.extra["finance"]["report"].pk},
        table(STAFF | {PV}, prefecture=404),
    ),
    "api:finance_report_pdf": (
        lambda w: {"report_pk": w.extra["finance"]["report"].pk},
        table(STAFF | {PV}, prefecture=404),
    ),
    # The results template: whoever may report on the project (the unit, its manager).
    "api:project_results_template": (
        lambda w: _bulk_project(w),
        table({ADM, COOP, PM}, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, COOP, PM}, 403)),
    ),
    # Reporting schedules: the commune's staff (a partner viewer reads the project, not its
    # schedules: 403; the prefecture reads the agreement, not its obligation's schedules: 403).
    "api:project_reporting": (_schedules_kw("project"), table(STAFF, prefecture=404, partner_viewer=403)),
    "api:obligation_reporting": (
        _schedules_kw("obligation"),
        table(STAFF, prefecture=403, partner_viewer=404),
    ),
    "api:reporting_schedule": (
        _schedules_kw("project_schedule"),
        table(STAFF, prefecture=404, partner_viewer=403),
    ),
    # Citizens' inquiries: the unit only (403 for everyone else signed in, as the pages).
    "api:inquiries": (None, table({ADM, COOP}, **dict.fromkeys((STAFF | {PREF, PV}) - {ADM, COOP}, 403))),
    "api:inquiry": (
        _inquiry_kw,
        table({ADM, COOP}, **dict.fromkeys((STAFF | {PREF, PV}) - {ADM, COOP}, 403)),
    ),
    # The catalogue of opportunities: the commune's staff (its public side is the portal's showcase).
    "api:promotion_opportunities": (None, table(STAFF, prefecture=404, partner_viewer=404)),
    "api:promotion_opportunity": (_opportunity_kw, table(STAFF, prefecture=404, partner_viewer=404)),
    "api:promotion_photo_file": (_photo_kw, table(STAFF, prefecture=404, partner_viewer=404)),
    # Events and their sponsors: the commune's staff.
    "api:promotion_events": (lambda w: _events(w) and None, table(STAFF, prefecture=404, partner_viewer=404)),
    "api:promotion_event": (
        lambda w: {"pk": _events(w)["published"].pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    # Inquiries about opportunities from the showcase: the commune's staff.
    "api:promotion_inquiries": (None, table(STAFF, prefecture=404, partner_viewer=404)),
    "api:promotion_inquiry": (_promotion_inquiry_kw, table(STAFF, prefecture=404, partner_viewer=404)),
    # Trainings: the unit's capacity readers (administrator, cooperation officer, president,
    # auditor); the commune's other staff 403, outsiders 404.
    "api:trainings": (lambda w: _trainings(w) and None, TRAINING_READS),
    "api:training": (lambda w: {"pk": _trainings(w)["training"].pk}, TRAINING_READS),
    # The staff as capacity building keeps them: the unit's readers; a profile also to the person
    # (the cooperation officer) and their manager (the project manager persona); the skills catalogue.
    "api:staff": (lambda w: _staff(w) and None, TRAINING_READS),
    "api:staff_profile": (
        lambda w: {"pk": _staff(w)["staff_officer"].pk},
        table(
            {ADM, COOP, PRES, AUD, PM},
            **dict.fromkeys((STAFF | {PREF, PV}) - {ADM, COOP, PRES, AUD, PM}, 404),
        ),
    ),
    "api:skills": (None, TRAINING_READS),
    # A certificate: the unit's readers (the person has no account here; their manager neither).
    "api:training_certificate_file": (
        lambda w: {"pk": _trainings(w)["training"].pk, "participation_pk": _trainings(w)["participation"].pk},
        TRAINING_READS,
    ),
    "api:projects": (None, table(STAFF | {PV}, prefecture=404)),
    "api:project": (lambda w: {"pk": w.project.pk}, table(STAFF | {PV}, prefecture=404)),
    # A project the partner viewer's organisation has no part in.
    "api:project private": (
        lambda w: {"pk": w.private_project.pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    "api:project_finance": (lambda w: {"pk": w.project.pk}, table(STAFF | {PV}, prefecture=404)),
    # The documents the reader may read (a partner viewer: shared and public ones); the world's one
    # is private: "not found" to a partner.
    "api:project_documents": (lambda w: {"pk": w.project.pk}, table(STAFF | {PV}, prefecture=404)),
    "api:project_document": (
        lambda w: {"pk": w.project.pk, "document_pk": w.document.pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    "api:project_document_file": (
        lambda w: {"pk": w.project.pk, "document_pk": w.document.pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    # The project manager reads the money of their own projects only.
    "api:project_finance private": (
        lambda w: {"pk": w.private_project.pk},
        table(STAFF - {PM}, prefecture=404, partner_viewer=404, project_manager=404),
    ),
    "api:project_transactions": (lambda w: {"pk": w.project.pk}, table(STAFF | {PV}, prefecture=404)),
    "api:project_results": (lambda w: {"pk": w.project.pk}, table(STAFF | {PV}, prefecture=404)),
    # One row of the chain, with its ETag: whoever reads the project.
    "api:project_result": (
        lambda w: {"pk": w.project.pk, "result_pk": _results(w, "result").pk},
        table(STAFF | {PV}, prefecture=404),
    ),
    "api:project_indicator": (
        lambda w: {"pk": w.project.pk, "indicator_pk": _results(w, "indicator").pk},
        table(STAFF | {PV}, prefecture=404),
    ),
    "api:project_period": (
        lambda w: {"pk": w.project.pk, "period_pk": _results(w, "period").pk},
        table(STAFF | {PV}, prefecture=404),
    ),
    # The values reported for a period: a partner viewer reads the approved ones (the list is filtered,
    # tested in test_api_results.py); a draft is the commune's own work, "not found" to a partner.
    "api:project_period_updates": (
        lambda w: {"pk": w.project.pk, "period_pk": _results(w, "period").pk},
        table(STAFF | {PV}, prefecture=404),
    ),
    "api:project_result_update": (_update_kw("approved"), table(STAFF | {PV}, prefecture=404)),
    "api:project_result_update draft": (
        _update_kw("draft"),
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    "api:project_result_update_evidence_file": (
        lambda w: {
            "pk": w.project.pk,
            "update_pk": _results(w, "approved").pk,
            "evidence_pk": _results(w, "evidence").pk,
        },
        table(STAFF | {PV}, prefecture=404),
    ),
    # Risks, like the checks, are the commune's internal business: 404 to a partner.
    "api:project_risks": (
        lambda w: {"pk": _sustainability(w, "project").pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    "api:project_risk": (
        lambda w: {"pk": _sustainability(w, "project").pk, "risk_pk": _sustainability(w, "risk").pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    # Post-support checks are the commune's internal business (as on the pages): 404 to a partner.
    "api:project_checks": (
        lambda w: {"pk": _sustainability(w, "project").pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    "api:project_check": (_check_kw("done_check"), table(STAFF, prefecture=404, partner_viewer=404)),
    "api:project_check_photo": (
        lambda w: {**_check_kw("done_check")(w), "photo_pk": _sustainability(w, "photo").pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    # The plan's summary, as its page shows it: whoever reads the project (the partner viewer's
    # organisation takes part in this one).
    "api:project_sustainability": (lambda w: {"pk": w.project.pk}, table(STAFF | {PV}, prefecture=404)),
    # No plan yet: nothing to read, for anyone.
    "api:project_sustainability none": (
        lambda w: {"pk": w.private_project.pk},
        table(set(), **dict.fromkeys(ROLES, 404)),
    ),
    # Which calls the commune hunts and what it applies for: its staff only.
    "api:funding_calls": (None, table(STAFF, prefecture=404, partner_viewer=404)),
    "api:funding_applications": (None, table(STAFF, prefecture=404, partner_viewer=404)),
    "api:funding_application": (
        lambda w: {"pk": _funding(w, "application").pk},
        table(STAFF, prefecture=404, partner_viewer=404),
    ),
    "api:transactions": (None, table(STAFF | {PV}, prefecture=404)),
    # The world's transaction is from the partner viewer's own funder: it reads it too.
    "api:transaction": (
        lambda w: {"pk": w.extra["finance"]["tx"].pk},
        table(STAFF | {PV}, prefecture=404),
    ),
    # The prefecture reads the agreements transmitted to it; a partner viewer reads its agreements in
    # the partner workspace, not here.
    "api:funding_call": (lambda w: {"pk": _funding(w, "lead_call").pk}, FUNDING_READ),
    "api:funding_call_documents": (lambda w: {"pk": _funding(w, "lead_call").pk}, FUNDING_READ),
    "api:funding_call_document_file": (
        lambda w: {"pk": _funding(w, "lead_call").pk, "document_pk": _call_document(w).pk},
        FUNDING_READ,
    ),
    "api:funding_application_proposal": (lambda w: {"pk": _funding(w, "application").pk}, FUNDING_READ),
    "api:workspace_agreements": (None, PARTNER_ONLY),
    "api:workspace_agreement": (lambda w: {"pk": _agreement(w).pk}, PARTNER_ONLY),
    # The council's decision: an act the parties read.
    "api:workspace_agreement_document_file": (
        lambda w: {"pk": _agreement(w).pk, "document_pk": w.extra["agreement_document"].pk},
        PARTNER_ONLY,
    ),
    # What partners sent: the unit all, the partner viewer its own.
    "api:workspace_submissions": (
        None,
        table({ADM, COOP, PV}, prefecture=404, **dict.fromkeys(STAFF - {ADM, COOP}, 403)),
    ),
    "api:workspace_submission": (
        lambda w: {"pk": _sent(w).pk},
        table({ADM, COOP, PV}, **dict.fromkeys(STAFF - {ADM, COOP} | {PREF}, 404)),
    ),
    "api:workspace_submission_file": (
        lambda w: {"pk": _sent(w).pk},
        table({ADM, COOP, PV}, **dict.fromkeys(STAFF - {ADM, COOP} | {PREF}, 404)),
    ),
    "api:workspace_project_messages": (lambda w: {"pk": w.project.pk}, PARTNER_ONLY),
    "api:workspace_threads": (None, THE_UNIT),
    "api:workspace_thread_messages": (lambda w: {"pk": _sent(w, "thread").pk}, THE_UNIT),
    # The council's sessions: the commune's staff (as the session pages); the prefecture is refused
    # (403), a partner viewer does not know of them (404).
    "api:council_sessions": (None, table(STAFF, prefecture=403, partner_viewer=404)),
    "api:council_session": (_session_kw, table(STAFF, prefecture=403, partner_viewer=404)),
    "api:agreements": (None, table(STAFF | {PREF}, partner_viewer=404)),
    "api:agreement": (lambda w: {"pk": _agreement(w).pk}, table(STAFF | {PREF}, partner_viewer=404)),
    "api:agreement_documents": (
        lambda w: {"pk": _agreement(w).pk},
        table(STAFF | {PREF}, partner_viewer=404),
    ),
    "api:agreement_document_file": (
        lambda w: {"pk": _agreement(w).pk, "document_pk": w.extra["agreement_document"].pk},
        table(STAFF | {PREF}, partner_viewer=404),
    ),
    "api:agreement_delegations": (
        lambda w: {"pk": _agreement(w).pk},
        table(STAFF | {PREF}, partner_viewer=404),
    ),
    "api:agreement_plan_actions": (
        lambda w: {"pk": _agreement(w).pk},
        table(STAFF | {PREF}, partner_viewer=404),
    ),
    "api:agreement_obligations": (
        lambda w: {"pk": _agreement(w).pk},
        table(STAFF | {PREF}, partner_viewer=404),
    ),
    "api:public_projects": (None, table(ALL, anonymous=200)),
    "api:public_project": (lambda w: {"pk": w.private_project.pk}, table(ALL, anonymous=200)),
    # Not published: nobody reads it on the public side.
    "api:public_project unpublished": (
        lambda w: {"pk": w.project.pk},
        table(set(), **dict.fromkeys(ROLES, 404), anonymous=404),
    ),
}

# Writes: (kwargs, body, If-Match of what, expectations), POST unless the name says another method.
# "wrote" statuses are those of a success.
WRITES = {
    # The partner's description, as the edit page changes it: the unit only; the partner viewer reads
    # its own organisation but may not change it (403); the prefecture does not see it (404).
    "api:partner PATCH": (
        lambda w: {"pk": w.organisation.pk},
        lambda w: {"description_fr": "Agence des Nations unies pour le développement"},
        lambda w: w.organisation,
        written_by({ADM, COOP}, 200),
    ),
    # A new project, as the "New project" page makes it: the unit only.
    "api:projects": (
        None,
        lambda w: {"code": "AOU-W-100", "title_fr": "Projet de la marche"},
        None,
        written_by({ADM, COOP}, 201),
    ),
    # The project's French title, as its edit page changes it: the unit and the project's manager.
    "api:project PATCH": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"title_fr": "Dessalement solaire (révisé)"},
        lambda w: w.project,
        written_by({ADM, COOP, PM}, 200),
    ),
    # A document added (multipart) and renamed: the unit and the project's manager.
    "api:project_documents": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"title": "Rapport", "kind": "report", "visibility": "private", "file": pdf_upload()},
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    "api:project_document PATCH": (
        lambda w: {"pk": w.project.pk, "document_pk": w.document.pk},
        lambda w: {"title": "Note conceptuelle (v2)"},
        None,
        written_by({ADM, COOP, PM}, 200),
    ),
    # A partner joins the project as implementer: the unit and the project's manager.
    "api:project_partners": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"organisation": w.other_organisation.pk, "role": "4"},
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    # A meeting recorded with a follow-up for the caller: the unit and the project managers (as on the
    # partner page); the other staff read partners but may not log (403).
    "api:partner_interactions": (
        lambda w: {"pk": w.organisation.pk},
        lambda w: {
            "kind": "meeting",
            "date": "2026-11-30",
            "subject": "Point d'étape",
            "follow_ups": [{"description": "Envoyer le compte rendu", "due_date": "2026-12-10"}],
        },
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    # A transaction's exact opposite, after the reported period: the finance officer and the administrator.
    "api:transaction_reversal": (
        lambda w: {"pk": w.extra["finance"]["tx"].pk},
        lambda w: {"value_date": "2026-08-03", "reason": "Virement en double"},
        None,
        written_by({ADM, FIN}, 201),
    ),
    # idea → concept note: the unit and the project's own manager; the others who read it may not
    # (403); the prefecture does not see it (404).
    "api:project_moves": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"to": "concept_note", "reason": ""},
        lambda w: w.project,
        written_by({ADM, COOP, PM}, 200),
    ),
    # The results chain (a result, an indicator, a period and its target), added and changed: the unit
    # and the project's manager; the other readers may not (403); the prefecture does not see it.
    "api:project_results": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"type": "2", "title_fr": "Accès à l'eau amélioré"},
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    "api:project_result PATCH": (
        lambda w: {"pk": w.project.pk, "result_pk": _results(w, "result").pk},
        lambda w: {"title_fr": "Bornes-fontaines (révisé)"},
        lambda w: _results(w, "result"),
        written_by({ADM, COOP, PM}, 200),
    ),
    "api:project_result_indicators": (
        lambda w: {"pk": w.project.pk, "result_pk": _results(w, "result").pk},
        lambda w: {"title_ar": "عدد السقايات", "measure": "1", "baseline_value": "2", "baseline_year": 2025},
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    "api:project_indicator PATCH": (
        lambda w: {"pk": w.project.pk, "indicator_pk": _results(w, "indicator").pk},
        lambda w: {"unit_fr": "ménages"},
        lambda w: _results(w, "indicator"),
        written_by({ADM, COOP, PM}, 200),
    ),
    "api:project_indicator_periods": (
        lambda w: {"pk": w.project.pk, "indicator_pk": _results(w, "indicator").pk},
        lambda w: {"start": "2027-01-01", "end": "2027-06-30", "target": "300"},
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    "api:project_period PATCH": (
        lambda w: {"pk": w.project.pk, "period_pk": _results(w, "period").pk},
        lambda w: {"target": "120"},
        lambda w: _results(w, "period"),
        written_by({ADM, COOP, PM}, 200),
    ),
    # Locks: the unit and the president; the others who read the project may not (403).
    "api:project_period_lock": (
        lambda w: {"pk": w.project.pk, "period_pk": _results(w, "period").pk},
        lambda w: {},
        None,
        written_by({ADM, COOP, PRES}, 200),
    ),
    "api:project_period_unlock": (
        lambda w: {"pk": w.project.pk, "period_pk": _results(w, "locked").pk},
        lambda w: {"reason": "Chiffre corrigé après la visite de terrain"},
        None,
        written_by({ADM, COOP, PRES}, 200),
    ),
    # A value reported for a period, as a draft: the unit and the project's manager.
    "api:project_period_updates": (
        lambda w: {"pk": w.project.pk, "period_pk": _results(w, "period").pk},
        lambda w: {"value": "70", "narrative_fr": "Soixante-dix ménages raccordés"},
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    # A draft corrected: the same; a partner viewer does not know the draft exists (404).
    "api:project_result_update PATCH": (
        _update_kw("draft"),
        lambda w: {"value": "65"},
        lambda w: _results(w, "draft"),
        {**written_by({ADM, COOP, PM}, 200), PV: 404},
    ),
    # A submitted update approved: the unit and the president; the manager who submitted it may not
    # (four eyes, and managers report, they do not approve); a partner viewer does not see it (404).
    "api:project_result_update_moves": (
        _update_kw("submitted"),
        lambda w: {"to": "approved"},
        lambda w: _results(w, "submitted"),
        {**written_by({ADM, COOP, PRES}, 200), PV: 404},
    ),
    # A document proving a draft (multipart): whoever reports; a partner does not see the draft.
    "api:project_result_update_evidence": (
        _update_kw("draft"),
        lambda w: {"title": "Liste des ménages", "file": pdf_upload()},
        None,
        {**written_by({ADM, COOP, PM}, 201), PV: 404},
    ),
    # The plan, its costs and its risks: whoever may edit the project (the unit, its manager); a
    # partner viewer reads the plan (403 on a change) but not the risks (404).
    "api:project_sustainability PATCH": (
        lambda w: {"pk": _sustainability(w, "project").pk},
        lambda w: {"maintainer_name": "Association des usagers"},
        lambda w: _sustainability(w, "plan"),
        written_by({ADM, COOP, PM}, 200),
    ),
    "api:project_costs": (
        lambda w: {"pk": _sustainability(w, "project").pk},
        lambda w: {"what": "Entretien", "amount_per_year": "5000", "payer_kind": "user_fees"},
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    "api:project_cost PATCH": (
        lambda w: {"pk": _sustainability(w, "project").pk, "cost_pk": _sustainability(w, "cost").pk},
        lambda w: {"what": "Électricité et entretien"},
        None,
        written_by({ADM, COOP, PM}, 200),
    ),
    "api:project_risks": (
        lambda w: {"pk": _sustainability(w, "project").pk},
        lambda w: {
            "description": "Départ de l'association",
            "category": "institutional",
            "likelihood": 2,
            "impact": 5,
            "review_on": "2027-03-01",
        },
        None,
        {**written_by({ADM, COOP, PM}, 201), PV: 404},
    ),
    "api:project_risk PATCH": (
        lambda w: {"pk": _sustainability(w, "project").pk, "risk_pk": _sustainability(w, "risk").pk},
        lambda w: {"mitigation": "Convention signée"},
        lambda w: _sustainability(w, "risk"),
        {**written_by({ADM, COOP, PM}, 200), PV: 404},
    ),
    "api:project_risk_moves": (
        lambda w: {"pk": _sustainability(w, "project").pk, "risk_pk": _sustainability(w, "risk").pk},
        lambda w: {"to": "closed", "reason": "Traité"},
        lambda w: _sustainability(w, "risk"),
        {**written_by({ADM, COOP, PM}, 200), PV: 404},
    ),
    # A post-support visit recorded: whoever may edit the project (the unit, its manager).
    "api:project_check PATCH": (
        _check_kw("check"),
        lambda w: {
            "checked_on": "2026-08-04",
            "working": "yes",
            "used": "partly",
            "maintained": "no",
            "findings": "La pompe fuit",
        },
        None,
        {**written_by({ADM, COOP, PM}, 200), PV: 404},
    ),
    # Why the project may close below the coverage threshold (the world's plan has no cost covered):
    # the president alone; the rest of the staff read the plan but may not (403); the prefecture and
    # a partner viewer do not reach the plan's internal side (404).
    "api:project_waiver": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"reason": "Le conseil prend la maintenance en charge sur son budget de fonctionnement."},
        lambda w: w.project.sustainability_plan,
        staff_write({PRES}, 200),
    ),
    # In the objection window: only the prefecture moves the agreement on (no objection → visa
    # pending); the commune's staff read it but may not (403); a partner viewer does not read it here.
    "api:agreement_moves": (
        lambda w: {"pk": _agreement(w).pk},
        lambda w: {"to": "visa_pending"},
        lambda w: _agreement(w),
        table({PREF}, 200, partner_viewer=404, **dict.fromkeys(STAFF, 403)),
    ),
    # An application withdrawn, with its reason: the unit or the president (as on its page); the
    # funding work is the commune's own: a partner viewer does not see it (404).
    "api:funding_application_moves": (
        lambda w: {"pk": _funding(w, "application").pk},
        lambda w: {"to": "withdrawn", "reason": "Le projet sera présenté à un autre appel."},
        lambda w: _funding(w, "application"),
        written_by({ADM, COOP, PRES}, 200) | {PREF: 404, PV: 404},
    ),
    # A person added to a partner's contacts, and one changed: the unit only (as on the partner page);
    # the partner viewer reads its own organisation but may not change it (403).
    "api:partner_contacts": (
        lambda w: {"pk": w.organisation.pk},
        lambda w: {"name": "Karim Alaoui", "email": "karim@example.org", "is_primary": True},
        None,
        written_by({ADM, COOP}, 201),
    ),
    "api:partner_contact PATCH": (
        lambda w: {"pk": w.organisation.pk, "contact_pk": w.organisation.contacts.get().pk},
        lambda w: {"position": "Chargée de programme"},
        None,
        written_by({ADM, COOP}, 200),
    ),
    # The co-financing plan (a funder, a budget line, a tranche), added and changed: the finance
    # officer and the administrator; the other readers may not (403).
    "api:project_funders": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"kind": "commune", "name": "Commune d'Aourir", "currency": "MAD", "cash": "5000"},
        None,
        written_by({ADM, FIN}, 201),
    ),
    "api:project_funder PATCH": (
        lambda w: {"pk": w.project.pk, "funder_pk": w.extra["finance"]["funder"].pk},
        lambda w: {"cash": "2000"},
        lambda w: w.extra["finance"]["funder"],
        written_by({ADM, FIN}, 200),
    ),
    "api:project_budget_lines": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"category": "staff", "funder": w.extra["finance"]["funder"].pk, "amount_mad": "100"},
        None,
        written_by({ADM, FIN}, 201),
    ),
    "api:project_budget_line PATCH": (
        lambda w: {"pk": w.project.pk, "line_pk": w.extra["finance"]["line"].pk},
        lambda w: {"amount_mad": "900"},
        lambda w: w.extra["finance"]["line"],
        written_by({ADM, FIN}, 200),
    ),
    "api:project_tranches": (
        lambda w: {"pk": w.project.pk},
        lambda w: {
            "funder": w.extra["finance"]["funder"].pk,
            "expected_on": "2026-09-01",
            "currency": "MAD",
            "amount": "100",
        },
        None,
        written_by({ADM, FIN}, 201),
    ),
    "api:project_tranche PATCH": (
        lambda w: {"pk": w.project.pk, "tranche_pk": w.extra["finance"]["tranche"].pk},
        lambda w: {"amount": "600"},
        lambda w: w.extra["finance"]["tranche"],
        written_by({ADM, FIN}, 200),
    ),
    # Removals, as the pages' "Remove" buttons: the world's funder has money recorded, so even those
    # who may remove a funder are refused (400) and nothing changes; its line and tranche go (204).
    "api:project_funder DELETE": (
        lambda w: {"pk": w.project.pk, "funder_pk": w.extra["finance"]["funder"].pk},
        lambda w: {},
        None,
        written_by({ADM, FIN}, 400),
    ),
    "api:project_budget_line DELETE": (
        lambda w: {"pk": w.project.pk, "line_pk": w.extra["finance"]["line"].pk},
        lambda w: {},
        None,
        written_by({ADM, FIN}, 204),
    ),
    "api:project_tranche DELETE": (
        lambda w: {"pk": w.project.pk, "tranche_pk": w.extra["finance"]["tranche"].pk},
        lambda w: {},
        None,
        written_by({ADM, FIN}, 204),
    ),
    # A recurrent cost is archived, never deleted (the plan answers): whoever edits the project.
    "api:project_cost DELETE": (
        lambda w: {"pk": _sustainability(w, "project").pk, "cost_pk": _sustainability(w, "cost").pk},
        lambda w: {},
        None,
        written_by({ADM, COOP, PM}, 200),
    ),
    # A partner taken out of the project (not a funder of an approved one): the unit and its manager.
    "api:project_participation DELETE": (
        lambda w: {"pk": w.project.pk, "participation_pk": w.project.participations.get().pk},
        lambda w: {},
        None,
        written_by({ADM, COOP, PM}, 204),
    ),
    # An obligation added to the agreement, and one marked done: the unit; the prefecture reads the
    # agreement transmitted to it but may not (403); a partner viewer does not read it here (404).
    # A call added to the catalogue, changed, archived, given a document: the unit.
    "api:funding_calls": (
        None,
        lambda w: {
            "funder": w.organisation.pk,
            "title_fr": "Fonds pour l'eau",
            "commune_role": "lead",
            "currency": "EUR",
            "languages": ["fr"],
            "family": "short",
            "rolling": True,
        },
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:funding_call PATCH": (
        lambda w: {"pk": _funding(w, "lead_call").pk},
        lambda w: {"programme": "Petites subventions 2027"},
        lambda w: _funding(w, "lead_call"),
        staff_write({ADM, COOP}, 200),
    ),
    "api:funding_call_archive": (
        lambda w: {"pk": _funding(w, "closed_call").pk},
        lambda w: {"reason": "La commune n'est pas éligible."},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    "api:funding_call_documents": (
        lambda w: {"pk": _funding(w, "lead_call").pk},
        lambda w: {"title": "Formulaire", "file": pdf_upload()},
        None,
        staff_write({ADM, COOP}, 201),
    ),
    # An application opened for another project, and one changed: the unit.
    "api:funding_applications": (
        None,
        lambda w: {"project": w.private_project.pk, "call": _funding(w, "lead_call").pk},
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:funding_application PATCH": (
        lambda w: {"pk": _funding(w, "application").pk},
        lambda w: {"lessons": "Mieux chiffrer le co-financement."},
        lambda w: _funding(w, "application"),
        staff_write({ADM, COOP}, 200),
    ),
    # A section of the proposal written: the unit, and the manager of the project (its own).
    "api:funding_proposal_section PUT": (
        lambda w: {"pk": _funding(w, "application").pk, "key": "problem"},
        lambda w: {"text": "Les puits d'Imi Miki sont saumâtres depuis 2019."},
        lambda w: f'"funding.section-{_funding(w, "application").pk}-problem-v1"',
        staff_write({ADM, COOP, PM}, 200),
    ),
    # A section started from an awarded one: the world's only section is not offered (its own
    # application's, not awarded): the writers are told why (400), the others refused first.
    "api:funding_proposal_section_reuse": (
        lambda w: {"pk": _funding(w, "application").pk, "key": "problem"},
        lambda w: {"source": _funding(w, "section").pk},
        None,
        staff_write({ADM, COOP, PM}, 400),
    ),
    # Money's writes: the finance officer and the administrator; whoever else reads money 403.
    "api:finance_rates": (
        None,
        lambda w: {"currency": "EUR", "date": "2026-08-03", "rate": "10.9", "source": "Bank Al-Maghrib"},
        None,
        table({ADM, FIN}, 201, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, FIN}, 403)),
    ),
    "api:finance_rates_import": (
        None,
        lambda w: {"file": _rates_csv("currency,date,rate,source\nUSD,2026-08-03,9.98,Bank Al-Maghrib\n")},
        None,
        table({ADM, FIN}, 201, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, FIN}, 403)),
    ),
    "api:finance_accounts": (
        None,
        lambda w: {
            "kind": "aid_line",
            "name": "Budget de coopération",
            "reference": "2-30-10",
            "opened_on": "2026-01-01",
        },
        None,
        table({ADM, FIN}, 201, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, FIN}, 403)),
    ),
    "api:project_reports": (
        lambda w: {"pk": w.project.pk},
        lambda w: {
            "funder": w.extra["finance"]["funder"].pk,
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
        },
        None,
        written_by({ADM, FIN}, 201),
    ),
    # The tranches planned from the agreement's tranche call (made the partner's, which brings cash).
    "api:project_tranches_from_agreement": (
        _tranche_call_kw,
        lambda w: {"agreement": _agreement(w).pk},
        None,
        written_by({ADM, FIN}, 200),
    ),
    # Many values at once from the filled template, applied: whoever may report on the project.
    "api:project_results_bulk": (
        lambda w: _bulk_project(w),
        lambda w: {"file": _bulk_xlsx(w), "apply": "true"},
        None,
        table({ADM, COOP, PM}, 201, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, COOP, PM}, 403)),
    ),
    # A budget line from a spreadsheet, applied: the finance officer and the administrator.
    "api:project_finance_import": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"kind": "budget", "apply": "true", "file": _budget_xlsx()},
        None,
        written_by({ADM, FIN}, 201),
    ),
    # Reporting schedules kept: a project's by whoever may edit it (the unit, its manager); an
    # obligation's by the unit; a due report marked made or reopened by whoever keeps the schedule
    # (the world's is the manager's).
    "api:project_reporting": (
        _schedules_kw("project"),
        lambda w: {
            "frequency": "monthly",
            "starts_on": "2026-07-01",
            "days_to_report": 10,
            "responsible": w.personas.manager.pk,
        },
        None,
        table({ADM, COOP, PM}, 201, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, COOP, PM}, 403)),
    ),
    "api:obligation_reporting": (
        _schedules_kw("obligation"),
        lambda w: {
            "frequency": "half_yearly",
            "starts_on": "2026-01-01",
            "days_to_report": 20,
            "responsible": w.personas.officer.pk,
        },
        None,
        table({ADM, COOP}, 201, partner_viewer=404, **dict.fromkeys((STAFF | {PREF}) - {ADM, COOP}, 403)),
    ),
    "api:reporting_schedule PATCH": (
        _schedules_kw("project_schedule"),
        lambda w: {"days_to_report": 25},
        lambda w: w.extra["project_schedule"],
        table({ADM, COOP, PM}, 200, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, COOP, PM}, 403)),
    ),
    "api:due_report_done": (
        _schedules_kw("open_due"),
        lambda w: {},
        None,
        table({ADM, COOP, PM}, 200, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, COOP, PM}, 403)),
    ),
    "api:due_report_reopen": (
        _schedules_kw("done_due"),
        lambda w: {"reason": "Marqué par erreur"},
        None,
        table({ADM, COOP, PM}, 200, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, COOP, PM}, 403)),
    ),
    "api:inquiry PATCH": (
        _inquiry_kw,
        lambda w: {"status": "in_review"},
        None,
        table({ADM, COOP}, 200, **dict.fromkeys((STAFF | {PREF, PV}) - {ADM, COOP}, 403)),
    ),
    # The catalogue of opportunities kept by the unit; the rest of the staff 403, outsiders 404.
    "api:promotion_opportunities": (
        None,
        lambda w: {
            "code": "banana-route",
            "kind": "tourism",
            "title_fr": "La route de la banane",
            "partner_sought": "investor",
            "currency": "MAD",
            "owner": w.personas.officer.pk,
        },
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:promotion_opportunity PATCH": (
        _opportunity_kw,
        lambda w: {"title_fr": "École de surf de Tamraght (2027)"},
        lambda w: w.extra["opportunity"],
        staff_write({ADM, COOP}, 200),
    ),
    "api:promotion_opportunity_moves": (
        _opportunity_kw,
        lambda w: {"to": "in_discussion"},
        lambda w: w.extra["opportunity"],
        staff_write({ADM, COOP}, 200),
    ),
    "api:promotion_opportunity_publication": (
        _opportunity_kw,
        lambda w: {"published": False},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    "api:promotion_opportunity_archive": (
        _opportunity_kw,
        lambda w: {"reason": "Offre retirée"},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    "api:promotion_opportunity_photos": (
        _opportunity_kw,
        lambda w: {"image": _jpeg(), "caption_fr": "Le port"},
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:promotion_photo DELETE": (_photo_kw, lambda w: {}, None, staff_write({ADM, COOP}, 204)),
    # The first of two photos moved one place later.
    "api:promotion_photo_moves": (_photo_kw, lambda w: {"step": 1}, None, staff_write({ADM, COOP}, 200)),
    # Events kept by the unit: recorded, changed, published (the draft) or taken off, archived;
    # sponsors added, corrected (If-Match: its etag), a line without money removed.
    "api:promotion_events": (
        None,
        lambda w: {"title_fr": "Festival du miel", "starts_on": "2027-08-01", "ends_on": "2027-08-03"},
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:promotion_event PATCH": (
        lambda w: {"pk": _events(w)["published"].pk},
        lambda w: {"place": "Place du souk"},
        lambda w: _events(w)["published"],
        staff_write({ADM, COOP}, 200),
    ),
    "api:promotion_event_publication": (
        lambda w: {"pk": _events(w)["draft"].pk},
        lambda w: {"published": True},
        lambda w: _events(w)["draft"],
        staff_write({ADM, COOP}, 200),
    ),
    "api:promotion_event_archive": (
        lambda w: {"pk": _events(w)["published"].pk},
        lambda w: {"reason": "Doublon"},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    "api:promotion_event_sponsorships": (
        lambda w: {"pk": _events(w)["published"].pk},
        lambda w: {
            "organisation": w.other_organisation.pk,
            "role": "sponsor",
            "amount": "15000",
            "currency": "MAD",
            "agreed_on": "2027-05-02",
        },
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:promotion_event_sponsorship PATCH": (
        lambda w: {"pk": _events(w)["published"].pk, "sponsorship_pk": _events(w)["paid"].pk},
        lambda w: {"given_back": "Logo et stand"},
        lambda w: _sponsorship_etag(_events(w)["paid"]),
        staff_write({ADM, COOP}, 200),
    ),
    "api:promotion_sponsorship_removal": (
        lambda w: {"pk": _events(w)["published"].pk, "sponsorship_pk": _events(w)["nothing"].pk},
        lambda w: {"reason": "Saisi par erreur"},
        None,
        staff_write({ADM, COOP}, 204),
    ),
    # A possible duplicate decided: a different organisation from the known one (the unit).
    "api:promotion_inquiry": (
        _promotion_inquiry_kw,
        lambda w: {"decision": "different"},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    # Trainings kept by the cooperation officer and the administrator.
    "api:trainings": (
        None,
        lambda w: {
            "title_fr": "Atelier de rapportage financier",
            "skills": [_trainings(w)["training"].skills.get().pk],
            "provider_name": "Cabinet Souss Conseil",
            "starts_on": "2026-09-01",
            "ends_on": "2026-09-02",
            "format": "workshop",
        },
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:training PATCH": (
        lambda w: {"pk": _trainings(w)["training"].pk},
        lambda w: {"place": "Salle du conseil"},
        lambda w: _trainings(w)["training"],
        staff_write({ADM, COOP}, 200),
    ),
    "api:training_moves": (
        lambda w: {"pk": _trainings(w)["planned_training"].pk},
        lambda w: {"to": "cancelled", "reason": "Le cabinet a annulé."},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    "api:training_participants": (
        lambda w: {"pk": _trainings(w)["training"].pk},
        lambda w: {"profiles": [_unregistered(w).pk]},
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:training_participant DELETE": (
        lambda w: {"pk": _trainings(w)["training"].pk, "participation_pk": _trainings(w)["registered"].pk},
        lambda w: {},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    "api:training_certificate": (
        lambda w: {"pk": _trainings(w)["training"].pk, "participation_pk": _trainings(w)["participation"].pk},
        lambda w: {"file": pdf_upload("certificat.pdf")},
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:training_attendance": (
        lambda w: {"pk": _trainings(w)["training"].pk},
        lambda w: {"marks": {str(_trainings(w)["registered"].pk): "attended"}},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    # Staff profiles, their languages, what a skill's level means, what a position needs: the
    # cooperation officer and the administrator.
    "api:staff": (
        None,
        lambda w: {"full_name": "Khadija Anflous", "position": _staff(w)["staff_officer"].position_id},
        None,
        staff_write({ADM, COOP}, 201),
    ),
    "api:staff_profile PATCH": (
        lambda w: {"pk": _staff(w)["staff_no_account"].pk},
        lambda w: {"service": "Communication"},
        lambda w: _staff(w)["staff_no_account"],
        staff_write({ADM, COOP}, 200),
    ),
    "api:staff_languages PATCH": (
        lambda w: {"pk": _staff(w)["staff_no_account"].pk},
        lambda w: {"level_fr": 3},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    "api:skill_level PATCH": (
        lambda w: {"pk": _first_skill(w).pk, "level": 1},
        lambda w: {"description_fr": "Connaît les notions de base."},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    "api:position_needs PATCH": (
        lambda w: {"pk": _staff(w)["staff_officer"].position_id},
        lambda w: {f"need_{_first_skill(w).pk}": 4},
        None,
        staff_write({ADM, COOP}, 200),
    ),
    # A project archived (never deleted): the unit; whoever else reads it 403.
    "api:project_archive": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"reason": "Le bailleur s'est retiré."},
        lambda w: w.project,
        written_by({ADM, COOP}, 200),
    ),
    # A project taken off the portal (the world's published one): the unit; everyone else 403, as
    # the publishing page (it does not look the project up for them).
    "api:project_publication": (
        lambda w: {"pk": w.private_project.pk},
        lambda w: {"published": False},
        None,
        table({ADM, COOP}, 200, **dict.fromkeys((STAFF | {PREF, PV}) - {ADM, COOP}, 403)),
    ),
    # A document proving who pays, added to the plan: the unit and the project's manager; the
    # partner viewer reads the plan but may not (403).
    "api:project_sustainability_evidence": (
        lambda w: {"pk": _sustainability(w, "project").pk},
        lambda w: {"title": "Convention", "kind": "maintenance_agreement", "file": pdf_upload()},
        None,
        written_by({ADM, COOP, PM}, 201),
    ),
    # A partner added: the unit; the rest of the staff 403; the prefecture and a partner viewer, who
    # do not know the partner list, 404.
    "api:partners": (
        None,
        lambda w: {
            "name_fr": "Fondation de la marche",
            "acronym": "FDM",
            "model": "international_ngo",
            "legal_type": "foreign_private",
            "country": "FR",
        },
        None,
        staff_write({ADM, COOP}, 201),
    ),
    # A round of negotiation recorded with its minutes: the unit; a partner viewer reads its own
    # organisation but may not write (403), as on the page.
    "api:partner_negotiations": (
        lambda w: {"pk": w.organisation.pk},
        lambda w: {"topic": "Calendrier", "our_position": "Trois tranches", "minutes": pdf_upload()},
        None,
        table({ADM, COOP}, 201, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, COOP}, 403)),
    ),
    # Files added to an interaction, and a follow-up closed: those who log interactions (the world's
    # follow-up is the cooperation officer's; those who log interactions close any).
    "api:partner_interaction_attachments": (
        lambda w: {"pk": w.organisation.pk, "interaction_pk": w.interaction.pk},
        lambda w: {"attachments": pdf_upload("compte-rendu.pdf")},
        None,
        table({ADM, COOP, PM}, 201, prefecture=404, **dict.fromkeys((STAFF | {PV}) - {ADM, COOP, PM}, 403)),
    ),
    "api:partner_follow_up_done": (
        lambda w: {"pk": w.organisation.pk, "follow_up_pk": w.follow_up.pk},
        lambda w: {},
        None,
        staff_write({ADM, COOP, PM}, 200),
    ),
    # A partner's report sent against the obligation binding the agreement: the partner viewer alone.
    "api:workspace_obligation_submissions": (
        lambda w: {"pk": _agreement(w) and w.extra["obligation"].pk},
        lambda w: {"title": "Rapport semestriel", "file": pdf_upload()},
        None,
        table({PV}, 201, **dict.fromkeys(STAFF | {PREF}, 404)),
    ),
    "api:workspace_project_messages": (
        lambda w: {"pk": w.project.pk},
        lambda w: {"body": "Bonjour, une question sur le calendrier."},
        None,
        table({PV}, 201, **dict.fromkeys(STAFF | {PREF}, 404)),
    ),
    # The unit accepts what was sent, takes a public one off the portal, answers a thread.
    "api:workspace_submission_review": (
        lambda w: {"pk": _sent(w).pk},
        lambda w: {"to": "accepted"},
        None,
        THE_UNIT,
    ),
    "api:workspace_submission PATCH": (
        lambda w: {"pk": _sent(w, "public_submission").pk},
        lambda w: {"public": False},
        None,
        THE_UNIT,
    ),
    "api:workspace_thread_messages": (
        lambda w: {"pk": _sent(w, "thread").pk},
        lambda w: {"body": "Merci, nous revenons vers vous."},
        None,
        table(
            BY_THE_UNIT, 201, prefecture=404, partner_viewer=404, **dict.fromkeys(STAFF - BY_THE_UNIT, 403)
        ),
    ),
    # A council session created, its attendance recorded: the unit; the rest of the staff 403, the
    # prefecture 403 (as on the pages), a partner viewer 404.
    "api:council_sessions": (
        None,
        lambda w: {"kind": "ordinary", "starts_on": "2027-02-01", "ends_on": "2027-02-10"},
        None,
        table(BY_THE_UNIT, 201, partner_viewer=404, **dict.fromkeys((STAFF | {PREF}) - BY_THE_UNIT, 403)),
    ),
    "api:council_session_attendance": (
        _session_kw,
        lambda w: {"convocation": 1, "members_present": 21},
        lambda w: w.extra["session"],
        table(BY_THE_UNIT, 200, partner_viewer=404, **dict.fromkeys((STAFF | {PREF}) - BY_THE_UNIT, 403)),
    ),
    # A roll-call recorded: the unit and the council's members.
    "api:council_item_vote": (
        _quorate_session_kw,
        lambda w: {
            "decision_number": "D-2026-10-07",
            "majority": "votes_cast",
            "votes": [
                {"member": "Fatima Ait Lahcen", "vote": "for"},
                {"member": "Omar Id Bella", "vote": "for"},
            ],
        },
        None,
        table(
            BY_THE_UNIT | {COUNCIL},
            200,
            partner_viewer=404,
            **dict.fromkeys((STAFF | {PREF}) - BY_THE_UNIT - {COUNCIL}, 403),
        ),
    ),
    # An agreement created (the unit; the others are refused with 403, the prefecture too).
    "api:agreements": (
        None,
        lambda w: {
            "kind": "partnership",
            "title_fr": "Appui à la coopérative",
            "partners": [w.organisation.pk],
        },
        None,
        table(BY_THE_UNIT, 201, partner_viewer=404, **dict.fromkeys((STAFF | {PREF}) - BY_THE_UNIT, 403)),
    ),
    # Its English title changed (the council deliberated, but the title is not what it decided).
    "api:agreement PATCH": (
        lambda w: {"pk": _agreement(w).pk},
        lambda w: {"title_en": "Twinning agreement"},
        lambda w: _agreement(w),
        by_the_unit(200),
    ),
    # A party's resources set, on an agreement not yet deliberated on (nor transmitted: the
    # prefecture does not see it).
    "api:agreement_parties": (
        lambda w: {"pk": _draft_agreement(w).pk},
        lambda w: {"organisation": w.organisation.pk, "cash_amount": "250000.00", "currency": "EUR"},
        lambda w: _draft_agreement(w),
        by_the_unit(200) | {PREF: 404},
    ),
    # An amendment of the deliberated agreement: a new agreement on the same road.
    "api:agreement_amendments": (
        lambda w: {"pk": _agreement(w).pk},
        lambda w: {"reason": "Prolongation d'un an", "duration_months": 48},
        None,
        by_the_unit(201),
    ),
    "api:agreement_documents": (
        lambda w: {"pk": _agreement(w).pk},
        lambda w: {"kind": "signed_text", "title": "Convention signée", "file": pdf_upload()},
        None,
        by_the_unit(201),
    ),
    "api:agreement_delegations": (
        lambda w: {"pk": _agreement(w).pk},
        lambda w: {
            "direction": "incoming",
            "starts_on": "2026-11-02",
            "ends_on": "2026-11-05",
            "people": "Maire adjoint",
            "purpose": "Visite des chantiers",
        },
        None,
        by_the_unit(201),
    ),
    "api:agreement_plan_actions": (
        lambda w: {"pk": _agreement(w).pk},
        lambda w: {"title": "Stage d'agents municipaux", "due_on": "2027-05-01"},
        None,
        by_the_unit(201),
    ),
    "api:agreement_plan_action_moves": (
        lambda w: {"pk": _agreement(w).pk, "action_pk": w.extra["plan_action"].pk},
        lambda w: {"to": "under_way"},
        None,
        by_the_unit(200),
    ),
    "api:agreement_obligations": (
        lambda w: {"pk": _agreement(w).pk},
        lambda w: {"kind": "report", "title": "Rapport annuel", "due_on": "2027-06-30"},
        None,
        table({ADM, COOP}, 201, partner_viewer=404, **dict.fromkeys((STAFF | {PREF}) - {ADM, COOP}, 403)),
    ),
    "api:agreement_obligation_done": (
        lambda w: {"pk": _agreement(w).pk, "obligation_pk": w.extra["obligation"].pk},
        lambda w: {},
        None,
        table({ADM, COOP}, 200, partner_viewer=404, **dict.fromkeys((STAFF | {PREF}) - {ADM, COOP}, 403)),
    ),
    # A receipt from the funder, after the reported period: the finance officer and the administrator.
    "api:project_transactions": (
        lambda w: {"pk": w.project.pk},
        lambda w: {
            "type": "1",
            "funder": w.extra["finance"]["funder"].pk,
            "provider": "PNUD",
            "receiver": "Commune d'Aourir",
            "value_date": "2026-08-03",
            "currency": "MAD",
            "amount": "100.00",
        },
        None,
        written_by({ADM, FIN}, 201),
    ),
}
WRITE_STATUSES = {200, 201, 204}


def _api_names():
    resolver = get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == "api":
            names |= {f"api:{p.name}" for p in entry.url_patterns}
    return names


def test_every_endpoint_has_an_expectation():
    declared = {name.split(" ")[0] for name in READS} | {name.split(" ")[0] for name in WRITES}
    assert _api_names() == declared


def _url(name, kwargs_for, world):
    return reverse(name.split(" ")[0], kwargs=kwargs_for(world) if kwargs_for else None)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_endpoint_answers_each_role_as_declared(world, role):
    _world_api(world)
    caller = ApiClient(None if role == "anonymous" else world.personas.by_role()[role])
    wrong = []
    for name, (kwargs_for, statuses) in sorted(READS.items()):
        url = _url(name, kwargs_for, world)
        response = caller.get(url)
        if response.status_code != statuses[role]:
            wrong.append(f"{name} {url}: got {response.status_code}, expected {statuses[role]}")
        elif response.status_code >= 400:
            assert response["Content-Type"].startswith("application/json"), name
            assert response.json()["detail"], name
    assert not wrong, "\n".join(wrong)


def _footprint():
    """(ledger entries, {table: rows}) of every model of the project's apps, in one query (a count per
    model was 100 queries per write, a fifth of this test's time on PostgreSQL)."""
    from django.apps import apps

    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("sharaka.")
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.label not in ("core.ThrottleEvent", "api.ApiToken")
        and not model._meta.label.startswith("portal.Activity")
    )
    rows = row_counts(tables)
    return rows[AuditEntry._meta.db_table], rows


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_write_answers_each_role_as_declared_and_writes_only_when_it_succeeds(world, role):
    _world_api(world)
    caller = ApiClient(None if role == "anonymous" else world.personas.by_role()[role])
    wrong = []
    for name, (kwargs_for, body_for, match_for, statuses) in sorted(WRITES.items()):
        url = _url(name, kwargs_for, world)
        method = name.split(" ")[1].lower() if " " in name else "post"
        extra = {}
        if match_for:
            record = match_for(world)
            if isinstance(record, str):  # an ETag of its own shape (a proposal's section)
                extra["HTTP_IF_MATCH"] = record
            else:
                record.refresh_from_db()
                extra["HTTP_IF_MATCH"] = f'"{record._meta.label_lower}-{record.pk}-v{record.version}"'
        with transaction.atomic():
            before = _footprint()
            body = body_for(world)
            if any(hasattr(value, "read") for value in body.values()):  # a file: multipart/form-data
                response = caller.multipart(url, body, method=method, **extra)
            else:
                response = getattr(caller, method)(url, body, **extra)
            after = _footprint()
            transaction.set_rollback(True)
        expected = statuses[role]
        if response.status_code != expected:
            wrong.append(
                f"{name}: got {response.status_code} {response.content[:200]!r}, expected {expected}"
            )
        elif expected in WRITE_STATUSES and after[0] <= before[0]:
            wrong.append(f"{name}: answered {expected} without a ledger entry")
        elif expected not in WRITE_STATUSES and after != before:
            wrong.append(f"{name}: refused with {expected} but wrote")
    assert not wrong, "\n".join(wrong)


_ = datetime
