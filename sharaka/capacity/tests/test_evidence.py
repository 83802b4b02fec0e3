"""The evidence beside a person's assessments: what they did in Sharaka, counted per skill, in a fixed
number of queries, with links only where the reader's role opens the page."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from sharaka.capacity.evidence import evidence_for
from sharaka.capacity.expectations.staff import world_staff
from sharaka.core import audit
from sharaka.funding.testing import world_funding
from sharaka.partners.models import NegotiationRound


def _report(w, user):
    from sharaka.finance.models import FinancialReport, Funder

    funder = Funder.objects.create(
        project=w.project,
        kind="partner",
        organisation=w.organisation,
        currency="MAD",
        cash=Decimal("1000.00"),
        cash_mad=Decimal("1000.00"),
    )
    return FinancialReport.objects.create(
        project=w.project,
        funder=funder,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        issued_by=user,
    )


def _counts(rows):
    counts = {}
    for row in rows:
        counts[row.code] = counts.get(row.code, 0) + row.count
    return counts


@pytest.mark.django_db
def test_the_officers_records_are_counted_per_skill_in_six_queries(world, django_assert_num_queries):
    person = world_staff(world)
    world_funding(world)
    _report(world, world.personas.officer)
    with transaction.atomic():
        audit.record(actor=world.personas.officer, action="project.publish", obj=world.project)
    with django_assert_num_queries(6):
        rows = evidence_for(person, world.personas.officer)
    assert _counts(rows) == {
        "negotiation": 1,
        "proposal_writing": 2,  # the application they follow, the section they wrote
        "donor_financial_reporting": 1,
        "monitoring_evaluation": 0,
        "iati_publishing": 1,
    }
    NegotiationRound.objects.create(
        organisation=world.organisation,
        topic="Cofinancement",
        round_number=2,
        date=datetime.date(2026, 11, 28),
        our_position="40 %",
        recorded_by=world.personas.officer,
    )
    with django_assert_num_queries(6):
        rows = evidence_for(person, world.personas.officer)
    assert _counts(rows)["negotiation"] == 2


@pytest.mark.django_db
def test_a_record_links_to_its_page_only_for_a_reader_whose_role_opens_it(world):
    person = world_staff(world)
    world_funding(world)
    by_officer = {r.code: r for r in evidence_for(person, world.personas.officer)}
    assert by_officer["negotiation"].items[0].url == (
        reverse("partner_detail", kwargs={"pk": world.organisation.pk}) + "#negotiation"
    )
    # A partner viewer never reads this page; were they to, nothing would link.
    assert all(
        not item.url for row in evidence_for(person, world.personas.partner_viewer) for item in row.items
    )


@pytest.mark.django_db
def test_a_person_without_an_account_has_no_evidence_and_the_page_says_why(client, world):
    world_staff(world)
    client.force_login(world.personas.admin)
    body = client.get(reverse("capacity:profile", kwargs={"pk": world.extra["staff_no_account"].pk})).content
    assert evidence_for(world.extra["staff_no_account"], world.personas.admin) == []
    assert b'id="h-evidence"' in body
