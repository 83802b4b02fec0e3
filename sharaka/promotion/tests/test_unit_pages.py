"""The unit's pages: the list with its filters and exports, the forms that create and correct an
opportunity, moving, publishing and archiving it from its page."""

import pytest
from django.urls import reverse

from sharaka.core.testing import form_data
from sharaka.promotion.forms import OpportunityForm
from sharaka.promotion.models import Opportunity
from sharaka.promotion.tests.helpers import opportunity

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_status_and_kind_and_exports_what_it_shows(client, personas):
    opportunity(personas.officer, code="timitar", title_ar="Festival Timitar", kind="culture", status="open")
    opportunity(
        personas.officer, code="surf", title_ar="Surf", kind="tourism", status="draft", published=False
    )
    client.force_login(personas.finance)  # a reader
    html = client.get(reverse("promotion:home"), {"kind": "culture"}).content.decode()
    assert "Festival Timitar" in html and "Surf" not in html
    html = client.get(reverse("promotion:home"), {"status": "draft"}).content.decode()
    assert "Surf" in html and "Festival Timitar" not in html
    response = client.get(reverse("promotion:home"), {"status": "draft", "export": "csv"})
    text = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    assert "Surf" in text and "Festival Timitar" not in text


def test_the_list_takes_the_same_queries_for_5_or_30_opportunities(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.officer)
    for count in (5, 25):
        for _n in range(count):
            opportunity(personas.officer)
        with django_assert_max_num_queries(8):
            client.get(reverse("promotion:home"))


def test_the_officer_creates_an_opportunity_through_the_form(client, personas):
    client.force_login(personas.officer)
    data = form_data(
        OpportunityForm(creator=personas.officer),
        code="banana-route",
        kind="tourism",
        title_fr="La route de la banane",
        partner_sought="investor",
        estimated_cost="50000",
        currency="MAD",
        latitude="30.53000",
        longitude="-9.62000",
    )
    response = client.post(reverse("promotion:opportunity_create"), data)
    created = Opportunity.objects.get(code="banana-route")
    assert response.status_code == 302 and created.owner == personas.officer and created.status == "draft"


def test_a_bad_form_is_shown_again_with_what_was_typed(client, personas):
    client.force_login(personas.officer)
    data = form_data(
        OpportunityForm(creator=personas.officer),
        code="banana-route",
        kind="tourism",
        title_fr="La route de la banane",
        partner_sought="investor",
        estimated_cost="-5",
        latitude="48.85000",
        longitude="2.35000",
    )
    response = client.post(reverse("promotion:opportunity_create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and 'value="La route de la banane"' in html and "has-error" in html
    assert not Opportunity.objects.exists()


def test_two_editors_at_once_the_second_is_told_and_nothing_is_lost(client, personas):
    offer = opportunity(personas.officer, title_fr="Avant")
    client.force_login(personas.officer)
    url = reverse("promotion:opportunity_edit", args=[offer.pk])
    stale = form_data(OpportunityForm(instance=offer), title_fr="Premier")
    client.post(url, stale)
    response = client.post(url, {**stale, "title_fr": "Second"})
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    offer.refresh_from_db()
    assert offer.title_fr == "Premier"


def test_publishing_a_draft_shows_what_is_missing_on_its_page(client, personas):
    offer = opportunity(personas.officer, status="draft", published=False, summary_en="")
    client.force_login(personas.officer)
    response = client.post(
        reverse("promotion:opportunity_publish", args=[offer.pk]),
        {"publish": "1"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = response.content.decode()
    assert "open it first" in html or "افتحها أولا" in html
    offer.refresh_from_db()
    assert offer.published_at is None


def test_the_officer_opens_publishes_and_archives_from_the_page(client, personas):
    offer = opportunity(personas.officer, status="draft", published=False)
    client.force_login(personas.officer)
    client.post(reverse("promotion:opportunity_move", args=[offer.pk]), {"to": "open"})
    client.post(reverse("promotion:opportunity_publish", args=[offer.pk]), {"publish": "1"})
    offer.refresh_from_db()
    assert offer.status == "open" and offer.published_at is not None
    assert client.get(reverse("showcase:detail", args=[offer.code])).status_code == 200
    client.post(reverse("promotion:opportunity_archive", args=[offer.pk]), {"reason": "Retirée"})
    assert client.get(reverse("showcase:detail", args=[offer.code])).status_code == 404
    page = client.get(reverse("promotion:opportunity", args=[offer.pk])).content.decode()
    assert reverse("promotion:opportunity_edit", args=[offer.pk]) not in page


def test_closing_without_a_reason_is_refused_on_the_page(client, personas):
    offer = opportunity(personas.officer)
    client.force_login(personas.officer)
    response = client.post(reverse("promotion:opportunity_move", args=[offer.pk]), {"to": "closed"})
    assert response.status_code == 200 and "has-error" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "open"
