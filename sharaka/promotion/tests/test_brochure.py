"""The brochure: the open public opportunities only, grouped by kind, in the reader's language."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sharaka.promotion import brochure
from sharaka.promotion.tests.events_helpers import add_photo, make_opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    surf = make_opportunity(
        personas.officer,
        "surf-school",
        title_ar="مدرسة ركوب الأمواج في تمراغت",
        title_fr="École de surf de Tamraght",
        title_en="Tamraght surf school",
        title_zgh="ⵜⵉⵏⵎⵍ ⵏ ⵓⵙⵓⵔⴼ",
        summary_ar="مدرسة بطاقة 120 متعلما وكلفة 1 250 000 درهم.",
        summary_fr="Une école de surf, 120 élèves par an.",
        estimated_cost=Decimal("1250000.00"),
    )
    add_photo(surf, personas.officer)
    make_opportunity(
        personas.officer,
        "poetry-festival",
        kind="culture",
        title_ar="مهرجان الشعر الأمازيغي",
        title_fr="Festival de poésie amazighe",
        title_en="Amazigh poetry festival",
        status="in_discussion",
        partner_sought="sponsor",
    )
    make_opportunity(personas.officer, "draft-one", title_fr="Brouillon secret", title_ar="مسودة سرية",
                     published_at=None, status="draft")  # fmt: skip
    make_opportunity(personas.officer, "closed-one", title_fr="Fermée depuis longtemps", title_ar="فرصة مغلقة",
                     status="closed")  # fmt: skip


def _text(response) -> str:
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split()).replace("\u202f", " ")


def test_the_french_brochure_holds_the_open_opportunities_by_kind_and_not_drafts_or_closed(client, catalogue):
    response = client.get(reverse("showcase:brochure"), {"lang": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-fr.pdf"')
    text = _text(response)
    for words in ("Opportunités pour les partenaires et les investisseurs", "Produit touristique",
                  "École de surf de Tamraght", "Une école de surf, 120 élèves par an.", "1 250 000,00 MAD",
                  "Investisseur", "Événement culturel à parrainer", "Festival de poésie amazighe",
                  "En discussion avec un partenaire", "Unité de coopération internationale", "80750 Aourir"):  # fmt: skip
        assert words in text, words
    assert text.index("Produit touristique") < text.index("Événement culturel à parrainer")
    assert "Brouillon secret" not in text and "Fermée depuis longtemps" not in text


def test_the_arabic_brochure_is_in_arabic_right_to_left_with_its_amounts_in_dirhams(client, catalogue):
    response = client.get(reverse("showcase:brochure"), {"lang": "ar"})
    assert response.status_code == 200
    text = _text(response)
    assert "1.250.000,00" in text and "مسودة سرية" not in text and "فرصة مغلقة" not in text
    html = brochure.to_html("ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "مدرسة ركوب الأمواج في تمراغت" in html and "ⵜⵉⵏⵎⵍ ⵏ ⵓⵙⵓⵔⴼ" in html
    assert "1\u202f250\u202f000 درهم" in html  # digit groups typed with spaces stay one number
    assert "data:image/jpeg;base64," in html  # the first photo, small, embedded


def test_the_brochure_follows_the_portal_language_and_gives_a_tamazight_reader_arabic(client, catalogue):
    assert brochure.language_for(None, "fr") == "fr"
    assert brochure.language_for("en", "fr") == "en"
    assert brochure.language_for("xx", "zgh") == "ar"
    response = client.get(reverse("showcase:brochure"), {"lang": "en"})
    assert "Tamraght surf school" in _text(response)
