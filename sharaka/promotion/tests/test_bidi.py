"""The catalogue's pages in Arabic isolate every Latin run (codes, names, French-only titles, amounts),
checked with the walker's own checker until the #14 demo lets the walker reach them."""

import pytest
from django.urls import reverse

from sharaka.core.tests.test_bidi_isolation import unisolated
from sharaka.promotion.tests.helpers import opportunity, photo

pytestmark = pytest.mark.django_db


def test_the_unit_and_public_pages_isolate_latin_text_in_arabic(client, personas):
    offer = opportunity(
        personas.officer,
        code="banana-route",
        title_ar="",
        summary_ar="",
        title_fr="La route de la banane",
        summary_fr="Un circuit (Aourir) entre les bananeraies.",
        currency="EUR",
        internal_notes="Voir GIZ",
        published=False,
    )
    photo(offer, personas.officer, caption_fr="Bananeraie")
    client.force_login(personas.officer)
    pages = {
        name: client.get(reverse(name, args=args)).content.decode()
        for name, args in (
            ("promotion:home", []),
            ("promotion:opportunity", [offer.pk]),
            ("promotion:opportunity_edit", [offer.pk]),
            ("promotion:photo_add", [offer.pk]),
        )
    }
    Opportunity = type(offer)
    Opportunity.objects.filter(pk=offer.pk).update(published_at=offer.created_at, title_ar="", summary_ar="")
    client.logout()
    pages["showcase:list"] = client.get(reverse("showcase:list"), {"lang": "ar"}).content.decode()
    pages["showcase:detail"] = client.get(
        reverse("showcase:detail", args=[offer.code]), {"lang": "ar"}
    ).content.decode()
    report = {name: runs for name, html in pages.items() if (runs := unisolated(html))}
    assert not report, report
