"""The unit's event pages, the public events pages and the partner's page, as their readers see them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sharaka.finance.models import ExchangeRate
from sharaka.promotion.models import Sponsorship
from sharaka.promotion.tests.events_helpers import make_event, make_sponsor, sponsor

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def festival(personas):
    event = make_event(published_at=timezone.now())
    sponsor(
        event,
        make_sponsor(1, name_fr="Banque Populaire", name_ar="البنك الشعبي", name_en="Banque Populaire"),
        personas.officer,
        amount=Decimal("50000.00"),
        in_kind="Scène et sonorisation",
        in_kind_value=Decimal("12000.00"),
        given_back="Logo sur les affiches et un stand",
    )
    sponsor(
        event,
        make_sponsor(2, name_fr="Sponsor discret", name_ar="راع متحفظ", name_en="Quiet sponsor"),
        personas.officer,
        is_public=False,
    )
    return event


def test_the_officer_records_an_event_and_a_sponsor_through_the_forms(client, personas):
    client.force_login(personas.officer)
    response = client.post(
        reverse("promotion:event_add"),
        {"title_fr": "Festival du miel", "starts_on": "2027-08-01", "ends_on": "2027-08-03", "edition": "3"},
    )
    assert response.status_code == 302
    event_url = response["Location"]
    pk = int(event_url.rstrip("/").split("/")[-1])
    organisation = make_sponsor(1)
    add = reverse("promotion:sponsorship_add", kwargs={"pk": pk})
    typed = {
        "organisation": organisation.pk,
        "role": "sponsor",
        "amount": "1234567890123456",
        "currency": "MAD",
        "agreed_on": "2027-06-01",
        "given_back": "Un stand",
        "is_public": "on",
    }
    response = client.post(add, typed, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200  # the same page, the message beside the field, what was typed kept
    assert 'value="1234567890123456"' in response.content.decode()
    assert response.context["form"].errors["amount"]
    assert not Sponsorship.objects.exists()
    response = client.post(add, {**typed, "amount": "-50"})
    assert response.context["form"].errors["amount"] and not Sponsorship.objects.exists()
    response = client.post(add, {**typed, "amount": "2000", "currency": "EUR"}, follow=True)
    page = _page(response)
    assert Sponsorship.objects.get().amount == Decimal("2000.00")
    assert "EUR" in page and "2027-06-01" in page  # the missing rate, named with its date


def test_the_event_page_adds_foreign_cash_in_mad_at_its_rate_and_in_kind(client, personas, festival):
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2027, 4, 30), rate=Decimal("11"), source="BAM"
    )
    sponsor(festival, make_sponsor(3), personas.officer, amount=Decimal("1000.00"), currency="EUR")
    client.force_login(personas.finance)
    response = client.get(reverse("promotion:event", kwargs={"pk": festival.pk}))
    totals = response.context["totals"]
    assert totals.cash_mad == Decimal("50000.00") + Decimal("10000.00") + Decimal("11000.00")
    assert totals.in_kind_mad == Decimal("12000.00") and totals.complete
    page = _page(response)
    assert "Scène et sonorisation" in page and "Logo sur les affiches et un stand" in page
    assert (
        "promotion:event_edit" not in page
        and reverse("promotion:event_edit", kwargs={"pk": festival.pk}) not in page
    )


def test_the_public_events_page_shows_published_events_and_public_sponsors_only(client, personas, festival):
    make_event(title_fr="Événement brouillon", title_ar="تظاهرة غير منشورة", title_en="Draft event")
    make_event(
        title_fr="Événement archivé",
        title_ar="تظاهرة مؤرشفة",
        title_en="Archived event",
        published_at=timezone.now(),
        archived_at=timezone.now(),
    )
    response = client.get(reverse("showcase:events"), {"lang": "fr"})
    page = _page(response)
    assert "Festival de poésie amazighe d&#x27;Aourir" in page
    assert "Banque Populaire" in page and "Scène et sonorisation" in page
    assert "Logo sur les affiches et un stand" in page and "50 000,00" in page
    assert "Sponsor discret" not in page
    assert "Événement brouillon" not in page and "Événement archivé" not in page
    detail = _page(client.get(reverse("showcase:event", kwargs={"pk": festival.pk}), {"lang": "ar"}))
    assert "البنك الشعبي" in detail and "راع متحفظ" not in detail


def test_a_draft_or_archived_event_has_no_public_page(client, personas):
    draft = make_event()
    assert client.get(reverse("showcase:event", kwargs={"pk": draft.pk})).status_code == 404


def test_the_public_events_page_lists_upcoming_events_first_then_past_ones(client, personas):
    today = timezone.localdate()
    titles = {}
    for name, start in (
        ("passé-loin", -400),
        ("passé-proche", -30),
        ("à-venir-loin", 200),
        ("à-venir-proche", 10),
    ):
        day = today + datetime.timedelta(days=start)
        make_event(
            title_fr=name,
            title_ar=name,
            title_en=name,
            starts_on=day,
            ends_on=day,
            published_at=timezone.now(),
        )
        titles[name] = name
    page = _page(client.get(reverse("showcase:events"), {"lang": "fr"}))
    positions = [
        page.index(name) for name in ("à-venir-proche", "à-venir-loin", "passé-proche", "passé-loin")
    ]
    assert positions == sorted(positions)


def test_the_public_events_page_costs_the_same_queries_with_3_or_20_sponsors(
    client, personas, django_assert_num_queries
):
    def load(sponsors):
        for n in range(2):
            event = make_event(title_fr=f"Fête {sponsors}-{n}", published_at=timezone.now())
            for k in range(sponsors):
                sponsor(event, make_sponsor(1000 * sponsors + 10 * n + k), personas.officer, in_kind="Tentes")

    load(3)
    client.get(reverse("showcase:events"))  # warm the caches of the first request
    with django_assert_num_queries(2):
        client.get(reverse("showcase:events"))
    load(20)
    with django_assert_num_queries(2):
        response = client.get(reverse("showcase:events"))
    assert len(response.context["page"].object_list) == 4


def test_the_unit_list_keeps_its_query_count_whatever_the_sponsors(
    client, personas, festival, django_assert_max_num_queries
):
    client.force_login(personas.officer)
    client.get(reverse("promotion:events"))
    for n in range(10):
        sponsor(festival, make_sponsor(100 + n), personas.officer, currency="EUR", amount=Decimal(10))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("promotion:events"))
    assert not response.context["rows"][0].totals.complete  # no EUR rate: the total says it is incomplete


def test_the_partner_page_lists_its_sponsorships_for_the_staff_only(client, personas, festival):
    organisation = festival.sponsorships.get(is_public=True).organisation
    url = reverse("partner_detail", kwargs={"pk": organisation.pk})
    client.force_login(personas.council)
    page = _page(client.get(url))
    assert 'id="sponsorships"' in page and "Scène et sonorisation" in page
    client.force_login(personas.auditor)
    assert 'id="sponsorships"' in _page(client.get(url))
    own = personas.partner_viewer.partner_access.organisation  # a partner reads its own page, not this
    sponsor(festival, own, personas.officer)
    client.force_login(personas.partner_viewer)
    response = client.get(reverse("partner_detail", kwargs={"pk": own.pk}))
    assert response.status_code == 200 and 'id="sponsorships"' not in _page(response)


def test_the_partner_section_costs_one_query_whatever_the_number_of_events(
    client, personas, festival, django_assert_num_queries
):
    organisation = festival.sponsorships.get(is_public=True).organisation
    url = reverse("partner_detail", kwargs={"pk": organisation.pk})
    client.force_login(personas.officer)
    client.get(url)
    with django_assert_num_queries(len_before := _count(client, url)):
        client.get(url)
    for n in range(5):
        sponsor(make_event(title_fr=f"Fête {n}"), organisation, personas.officer)
    with django_assert_num_queries(len_before):
        response = client.get(url)
    assert len(response.context["sponsorships"]) == 6


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)
