"""The public catalogue: what a visitor sees in each language, what never shows, and a list whose
number of queries does not grow with the opportunities and their photos."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sharaka.finance.models import ExchangeRate
from sharaka.promotion.tests.helpers import opportunity, photo

pytestmark = pytest.mark.django_db


def _page(client, name, *args, **query):
    return client.get(reverse(name, args=args), query).content.decode()


def test_the_catalogue_lists_public_opportunities_only(client, personas):
    opportunity(personas.officer, title_fr="Route de la banane")
    opportunity(personas.officer, title_fr="Brouillon caché", status="draft", published=False)
    opportunity(personas.officer, title_fr="Non publiée", published=False)
    opportunity(personas.officer, title_fr="Fermée", status="closed")
    opportunity(
        personas.officer, title_fr="Archivée", archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    html = _page(client, "showcase:list", lang="fr")
    assert "Route de la banane" in html
    for hidden in ("Brouillon caché", "Non publiée", "Fermée", "Archivée"):
        assert hidden not in html


def test_the_catalogue_filters_by_kind(client, personas):
    opportunity(personas.officer, title_fr="Festival Timitar", kind="culture")
    opportunity(personas.officer, title_fr="École de surf", kind="tourism")
    html = _page(client, "showcase:list", lang="fr", kind="culture")
    assert "Festival Timitar" in html and "École de surf" not in html


def test_an_opportunity_reads_in_the_visitors_language_with_a_fallback(client, personas):
    offer = opportunity(
        personas.officer,
        title_ar="مسار الموز",
        title_fr="La route de la banane",
        title_en="",
        title_zgh="ⴰⴱⵔⵉⴷ ⵏ ⵜⴱⴰⵏⴰⵏⵜ",
    )
    assert "مسار الموز" in _page(client, "showcase:detail", offer.code, lang="ar")
    assert "La route de la banane" in _page(client, "showcase:detail", offer.code, lang="fr")
    assert "La route de la banane" in _page(client, "showcase:detail", offer.code, lang="en")  # fallback
    zgh = _page(client, "showcase:detail", offer.code, lang="zgh")
    assert "ⴰⴱⵔⵉⴷ ⵏ ⵜⴱⴰⵏⴰⵏⵜ" in zgh and 'lang="zgh"' in zgh


def test_a_foreign_estimate_shows_about_its_value_in_dirhams(client, personas):
    ExchangeRate.objects.create(
        currency="EUR", date=timezone.localdate(), rate=Decimal("10.850000"), source="Bank Al-Maghrib"
    )
    offer = opportunity(personas.officer, estimated_cost="20000.00", currency="EUR")
    html = _page(client, "showcase:detail", offer.code, lang="en")
    assert "≈" in html and "217,000.00" in html


def test_the_detail_page_shows_kind_partner_status_photos_and_place(client, personas):
    offer = opportunity(personas.officer, kind="investment", partner_sought="sponsor", status="in_discussion")
    shown = photo(offer, personas.officer, caption_fr="Le port de pêche")
    html = _page(client, "showcase:detail", offer.code, lang="fr")
    assert reverse("showcase:photo", args=[offer.code, shown.pk, "small"]) in html
    assert 'alt="Le port de pêche"' in html and 'width="480" height="320"' in html
    assert "plot-dot" in html  # its place on the commune's plot
    for label in ("Projet d’investissement", "Sponsor", "En discussion avec un partenaire"):
        assert label in html


def test_the_detail_page_answers_404_for_what_is_not_public(client, personas):
    for hidden in (
        opportunity(personas.officer, published=False),
        opportunity(personas.officer, status="draft"),
        opportunity(personas.officer, status="taken"),
        opportunity(personas.officer, archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)),
    ):
        assert client.get(reverse("showcase:detail", args=[hidden.code])).status_code == 404


@pytest.mark.parametrize("count", [5, 30])
def test_the_catalogue_takes_the_same_queries_for_5_or_30_opportunities_with_photos(
    client, personas, django_assert_num_queries, count
):
    for n in range(count):
        offer = opportunity(personas.officer, currency="EUR" if n % 2 else "MAD")
        photo(offer, personas.officer, order=1)
        photo(offer, personas.officer, order=2)
    client.get(reverse("showcase:list"))  # the portal's first request may warm caches
    # count, page, photos, exchange rates, the commune's localities for the plot
    with django_assert_num_queries(5):
        response = client.get(reverse("showcase:list"))
    assert response.status_code == 200


def test_a_photo_whose_file_is_gone_answers_not_found_rather_than_an_error(client, personas):
    from django.core.files.storage import default_storage

    from sharaka.promotion.tests.helpers import opportunity as make_opportunity
    from sharaka.promotion.tests.helpers import photo as make_photo

    shown = make_opportunity(personas.officer)
    picture = make_photo(shown, personas.officer)
    default_storage.delete(picture.image.name)

    response = client.get(reverse("showcase:photo", args=[shown.code, picture.pk, "small"]))

    assert response.status_code == 404
