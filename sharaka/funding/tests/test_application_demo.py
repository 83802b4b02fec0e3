"""The demo's applications: loaded once for this module with the calls the catalogue's demo part makes
(created here when that part is absent), inside a transaction rolled back."""

from decimal import Decimal

import pytest

from sharaka.agreements.models import Agreement
from sharaka.core import search
from sharaka.core.testing import demo_loaded
from sharaka.demo.loader import DemoLoader
from sharaka.demo.parts import funding_applications as part
from sharaka.funding.models import Application, Call, CallStage
from sharaka.partners.models import Organisation
from sharaka.projects.models import ProjectPartner

CALLS = {
    # reference: (funder acronym, currency, min, max, languages, commune's role), as the catalogue's
    # demo part makes them (funders there are prospects the part adds; here demo partners).
    "KUSANONE": ("JP-GOV", "EUR", "46000", "72000", "fr,en", "lead"),
    "FR-MA-2027": ("CD44", "EUR", None, "300000", "fr", "co"),
    "GEF-SGP-MA": ("UNDP", "USD", None, "50000", "fr,en", "co"),
    "PRIM": ("AFD", "MAD", None, "500000", "fr", "co"),
}


def _loader():
    loader = DemoLoader()
    from sharaka.core.models import User

    loader.users = {u.username: u for u in User.objects.all()}
    loader.organisations = {o.acronym: o for o in Organisation.objects.exclude(acronym="")}
    return loader


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory) as loaded:
        for reference, (funder, currency, low, high, languages, role) in CALLS.items():
            if Call.objects.filter(reference=reference).exists():
                continue
            call = Call.objects.create(
                funder=Organisation.objects.get(acronym=funder),
                reference=reference,
                title_fr=f"Appel {reference}",
                currency=currency,
                min_grant=Decimal(low) if low else None,
                max_grant=Decimal(high),
                languages=languages,
                commune_role=role,
                is_fictional=True,
            )
            CallStage.objects.create(call=call, kind="full_proposal")
        part.load(_loader())
        yield loaded.media


@pytest.fixture
def loaded(demo, db):
    return demo


def test_the_desalination_unit_has_a_go_in_drafting_and_a_considered_application(loaded):
    kusanone = Application.objects.get(project__code="AOU-2026-001", call__reference="KUSANONE")
    assert (kusanone.status, kusanone.language, kusanone.amount_requested) == (
        "drafting",
        "fr",
        Decimal("70000"),
    )
    go = kusanone.status_changes.get(new_status="drafting")
    assert go.changed_by.username == "president" and go.reason
    joint = Application.objects.get(project__code="AOU-2026-001", call__reference="FR-MA-2027")
    assert joint.status == "considered" and joint.lead.acronym == "SASL"


def test_the_award_added_the_funder_and_started_an_agreement_draft(loaded):
    awarded = Application.objects.get(call__reference="GEF-SGP-MA")
    assert awarded.status == "awarded" and awarded.amount_awarded == Decimal("45000")
    assert awarded.feedback and awarded.lessons and awarded.lead.acronym == "SURFRIDER-MA"
    partner = ProjectPartner.objects.get(project=awarded.project, organisation__acronym="UNDP", role="1")
    assert (partner.committed_amount, partner.currency) == (Decimal("45000"), "USD")
    assert awarded.agreement.kind == "financing" and awarded.agreement.status == "idea"


def test_the_rejection_keeps_the_funders_reasons_and_the_lessons(loaded):
    rejected = Application.objects.get(call__reference="PRIM")
    assert rejected.status == "rejected" and rejected.feedback and rejected.lessons
    assert rejected.lead.acronym == "FDS" and rejected.amount_requested == Decimal("500000")
    assert rejected.status_changes.get(new_status="rejected").reason


def test_the_lessons_are_found_by_the_search(loaded):
    found = set(search.matching_ids("application", "دراسة السوق").values_list("object_id", flat=True))
    assert found == {Application.objects.get(call__reference="PRIM").pk}


def test_loading_again_changes_nothing(loaded):
    counts = (Application.objects.count(), Agreement.objects.count(), ProjectPartner.objects.count())
    part.load(_loader())
    assert (Application.objects.count(), Agreement.objects.count(), ProjectPartner.objects.count()) == counts


def test_the_part_skips_calls_that_are_missing(loaded):
    Application.objects.filter(call__reference="KUSANONE").delete()
    Call.objects.filter(reference="KUSANONE").update(reference="KUSANONE-OLD")
    part.load(_loader())
    assert not Application.objects.filter(call__reference="KUSANONE").exists()
