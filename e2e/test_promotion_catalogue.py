"""The catalogue of opportunities: the cooperation officer, in Arabic, creates an opportunity, adds a
photo (a program renamed .jpg refused first, on the same page, the caption kept), opens it and
publishes it; a visitor finds it in the public catalogue in French on a laptop and in Arabic on a
375 px phone."""

import io

import pytest
from django.utils import timezone

from e2e.actions import go, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _photo_bytes() -> bytes:
    """A smooth 1800 × 1200 JPEG, as a camera would send it (only smaller in bytes)."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((1800, 1200)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def test_the_officer_creates_an_opportunity_adds_a_photo_and_publishes_it_in_arabic(open_page):
    page = sign_in(open_page("ar"), "officer", "ar")
    go(page, "header a[href='/promotion/']", "promotion-home", "ar")
    go(page, "main a[href='/promotion/opportunities/new/']", "promotion-new", "ar")

    for field, value in {
        "code": "banana-route-tasting",
        "title_ar": "مسار الموز في أورير",
        "title_fr": "La route de la banane d’Aourir",
        "title_en": "The Aourir banana route",
        "title_zgh": "ⴰⴱⵔⵉⴷ ⵏ ⵜⴱⴰⵏⴰⵏⵜ",
        "summary_ar": "مسار سياحي بين ضيعات الموز والوادي.",
        "summary_fr": "Un circuit touristique entre les bananeraies et la vallée.",
        "summary_en": "A tourist trail between the banana groves and the valley.",
        "latitude": "30.52000",
        "longitude": "-9.64000",
        "estimated_cost": "40000",
    }.items():
        page.locator(f"[name={field}]").fill(value)
    page.locator("select[name=kind]").select_option("tourism")
    page.locator("select[name=partner_sought]").select_option("investor")
    page.locator("select[name=currency]").select_option("EUR")
    submit(page, "promotion-opportunity-draft", "ar")
    assert "مسار الموز في أورير" in page.locator("main h1").inner_text()

    go(page, "main a[href$='/photos/new/']", "promotion-photo-add", "ar")
    page.locator("[name=caption_ar]").fill("ضيعة موز قرب أورير")
    page.locator("input[name=image]").set_input_files(
        files=[{"name": "banane.jpg", "mimeType": "image/jpeg", "buffer": b"MZ\x90\x00" + b"\x00" * 64}]
    )
    submit(page, "promotion-photo-refused", "ar")
    assert page.locator("main .error").count() >= 1
    assert page.locator("[name=caption_ar]").input_value() == "ضيعة موز قرب أورير"
    page.locator("input[name=image]").set_input_files(
        files=[{"name": "banane.jpg", "mimeType": "image/jpeg", "buffer": _photo_bytes()}]
    )
    submit(page, "promotion-opportunity-photo", "ar")
    assert page.locator("main img[alt='ضيعة موز قرب أورير']").count() == 1

    page.locator("select[name=to]").select_option("open")
    submit(page, "promotion-opportunity-open", "ar", form="main form[action$='/move/']")
    submit(page, "promotion-opportunity-published", "ar", form="main form[action$='/publish/']")
    assert "نُشرت الفرصة في البوابة" in page.locator("main").inner_text()

    go(
        page,
        "main a[href='/portal/opportunities/banana-route-tasting/']",
        "showcase-detail-after-publish",
        "ar",
    )
    assert "مسار الموز في أورير" in page.locator("main h1").inner_text()


def _published_opportunity():
    """An open, published opportunity with a photo, made through the ORM (the demo's are another part's)."""
    from django.core.files.base import ContentFile

    from sharaka.core.models import User
    from sharaka.promotion.models import Opportunity, Photo

    officer = User.objects.get(username="officer")
    opportunity = Opportunity.objects.create(
        code="tamraght-surf-school",
        kind=Opportunity.Kind.TOURISM,
        title_ar="مدرسة ركوب الأمواج في تامراغت",
        title_fr="École de surf de Tamraght",
        title_en="Tamraght surf school",
        summary_ar="مدرسة لركوب الأمواج لشباب الجماعة.",
        summary_fr="Une école de surf pour les jeunes de la commune.",
        summary_en="A surf school for the commune's young people.",
        latitude="30.51000",
        longitude="-9.68000",
        estimated_cost="250000.00",
        currency="MAD",
        partner_sought=Opportunity.PartnerSought.INVESTOR,
        status=Opportunity.Status.OPEN,
        owner=officer,
        published_at=timezone.now(),
    )
    photo = Photo(
        opportunity=opportunity, sha256="e2e", caption_fr="La plage de Tamraght", order=1, uploaded_by=officer
    )
    photo.caption_ar = "شاطئ تامراغت"
    photo.image.save("plage.jpg", ContentFile(_photo_bytes()), save=False)
    photo.width, photo.height = 1800, 1200
    photo.save()
    return opportunity


@pytest.mark.parametrize(("lang", "phone"), [("fr", False), ("ar", True)], ids=["fr-1366", "ar-375"])
def test_a_visitor_finds_an_opportunity_in_the_catalogue(open_page, lang, phone):
    opportunity = _published_opportunity()
    page = open_page(lang, phone=phone)
    page.goto(f"/portal/?lang={lang}")
    check_page(page, "portal-home-before-catalogue", lang)
    go(page, "header a[href='/portal/opportunities/']", "showcase-list", lang)
    title = opportunity.title_fr if lang == "fr" else opportunity.title_ar
    assert title in page.locator("main").inner_text()
    go(
        page,
        f"main .opportunity-card a[href='/portal/opportunities/{opportunity.code}/']",
        "showcase-detail",
        lang,
    )
    assert title in page.locator("main h1").inner_text()
    image = page.locator("main .showcase-photos img").first
    assert image.get_attribute("width") == "480" and image.get_attribute("height") == "320"
    assert page.evaluate("img => img.complete && img.naturalWidth", image.element_handle()) == 480
