import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharaka.core.models import Theme
from sharaka.finance.models import ExchangeRate
from sharaka.partners.models import Contact, FollowUp, Interaction, NegotiationRound

pytestmark = pytest.mark.django_db


def url(org):
    return f"/partners/{org.pk}/"


@pytest.fixture
def page(client, world):
    world.organisation.internal_notes = "Le point focal change en janvier."
    world.organisation.website = "https://www.undp.org/morocco"
    world.organisation.save()
    world.organisation.focus_areas.add(Theme.objects.get(kind="area", code="water_energy"))

    def get(persona, org=None):
        client.force_login(getattr(world.personas, persona))
        return client.get(url(org or world.organisation))

    return get


def test_the_officer_sees_facts_contacts_timeline_negotiation_projects_and_notes(page, world):
    response = page("officer")

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "برنامج الأمم المتحدة الإنمائي",
        "XM-DAC-41114",
        "منظمة متعددة الأطراف",  # IATI organisation type 40, in Arabic (sharaka/core/codelists/labels.csv)
        "https://www.undp.org/morocco",
        "تدبير الماء والطاقة",  # focus area
        "leila@example.org",  # contact
        "Réunion de cadrage",  # timeline
        "Envoyer la note conceptuelle",  # follow-up
        "Cofinancement",  # negotiation
        "AOU-T-001",  # project
        "Le point focal change en janvier.",  # internal notes
    ]:
        assert text in html, text


def test_it_shows_the_committed_amount_in_its_currency_for_the_reader(page):
    html = page("officer").content.decode()

    assert "100.000,00\xa0EUR" in html


def test_a_foreign_commitment_also_reads_in_dirhams_at_the_rate_of_a_stated_date(page, world):
    html = page("officer").content.decode()
    assert "لا يوجد سعر صرف" in html  # no rate yet: said, never "—" that reads as zero

    ExchangeRate.objects.create(currency="EUR", date=datetime.date(2026, 1, 10), rate=Decimal("10.850000"))
    html = page("officer").content.decode()

    assert "1.085.000,00" in html  # 100,000 EUR x 10.85, computed here
    assert "2026-01-10" in html


def test_finance_reads_the_timeline_but_not_the_contacts(page):
    html = page("finance").content.decode()

    assert "Réunion de cadrage" in html
    assert "leila@example.org" not in html


def test_read_only_staff_see_no_edit_buttons(page, world):
    html = page("auditor").content.decode()

    assert f"/partners/{world.organisation.pk}/edit/" not in html
    assert f"/partners/{world.organisation.pk}/interactions/new/" not in html
    assert "leila@example.org" in html  # auditors read contacts


def test_a_partner_viewer_reads_its_own_organisation_but_none_of_the_communes_notes(page):
    response = page("partner_viewer")

    assert response.status_code == 200
    html = response.content.decode()
    assert "برنامج الأمم المتحدة الإنمائي" in html
    assert "AOU-T-001" in html
    for private in [
        "Le point focal change en janvier.",
        "leila@example.org",
        "Réunion de cadrage",
        "Cofinancement",
    ]:
        assert private not in html, private


def test_a_partner_viewer_gets_not_found_for_another_organisation(page, world):
    assert page("partner_viewer", world.other_organisation).status_code == 404


def test_the_prefecture_gets_not_found(page):
    assert page("prefecture").status_code == 404


def test_a_foreign_state_carries_the_warning_that_no_agreement_is_possible(page, world):
    world.other_organisation.legal_type = "foreign_state"
    world.other_organisation.save()

    html = page("officer", world.other_organisation).content.decode()

    assert "لا يجوز للجماعة إبرام اتفاقية" in html


def test_the_follow_up_button_appears_only_to_who_may_use_it(page, world):
    done_url = f"/partners/{world.organisation.pk}/follow-ups/{world.follow_up.pk}/done/"
    assert done_url in page("manager").content.decode()  # may log interactions
    assert done_url not in page("council").content.decode()
    world.follow_up.owner = world.personas.council
    world.follow_up.save()
    assert done_url in page("council").content.decode()  # its owner


def _grow(world, n):
    for i in range(n):
        contact = Contact.objects.create(organisation=world.organisation, name=f"Contact {i}")
        interaction = Interaction.objects.create(
            organisation=world.organisation,
            kind="call",
            date=datetime.date(2026, 10, 1),
            subject=f"Appel {i}",
            recorded_by=world.personas.manager,
        )
        interaction.contacts.add(contact)
        FollowUp.objects.create(
            interaction=interaction,
            description=f"Suite {i}",
            owner=world.personas.admin,
            due_date=datetime.date(2026, 10, 9),
        )
        NegotiationRound.objects.create(
            organisation=world.organisation,
            topic=f"Sujet {i}",
            round_number=1,
            date=datetime.date(2026, 10, 2),
            our_position="-",
            recorded_by=world.personas.officer,
        )


def test_it_costs_the_same_number_of_queries_however_long_the_timeline(
    client, world, django_assert_num_queries
):
    client.force_login(world.personas.officer)
    with CaptureQueriesContext(connection) as short:
        client.get(url(world.organisation))
    _grow(world, 12)
    with CaptureQueriesContext(connection) as long:
        client.get(url(world.organisation))

    assert len(short) == len(long)
    # the interactions' files: one query for all; +1 the events sponsored (promotion); +1 the trainings
    # the partner gave or paid (capacity); +1 the organisations of IATI files it is or may be (iati)
    with django_assert_num_queries(14):
        client.get(url(world.organisation))
