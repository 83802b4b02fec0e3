"""The portal's map shows where the public opportunities are, beside the projects; never a hidden one."""

from django.urls import reverse

from sharaka.promotion.models import Opportunity
from sharaka.promotion.tests.helpers import opportunity


def test_the_map_lists_each_public_opportunity_at_its_place_and_no_draft(client, personas):
    shown = opportunity(personas.officer, title_fr="École de surf à Banana Point")
    opportunity(personas.officer, title_fr="Route de la banane (brouillon)", status=Opportunity.Status.DRAFT)
    opportunity(personas.officer, title_fr="Pas encore publiée", published=False)
    client.cookies["django_language"] = "fr"

    page = client.get(reverse("portal:map")).content.decode()

    assert 'id="portal-map"' in page
    assert "École de surf à Banana Point" in page
    assert f'href="{reverse("showcase:detail", args=[shown.code])}"' in page
    assert 'data-lat="30.49200" data-lng="-9.63700"' in page
    assert "brouillon" not in page and "Pas encore publiée" not in page


def test_the_map_costs_one_query_for_its_opportunities_however_many(
    client, personas, django_assert_num_queries, django_assert_max_num_queries
):
    opportunity(personas.officer)
    client.get(reverse("portal:map"))
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("portal:map"))
    for _ in range(10):
        opportunity(personas.officer)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("portal:map"))
