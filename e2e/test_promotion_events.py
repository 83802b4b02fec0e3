"""Events and their sponsors: the cooperation officer records a festival's edition with two sponsors
in Arabic and publishes it; a visitor reads the public events page in French, and in Arabic on a
375 px phone (upcoming first, each sponsor with its cash, its support in kind and what the commune
gave back; a sponsor hidden from the portal never shows).
"""

import datetime
from decimal import Decimal

from e2e.actions import go, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _organisation(acronym):
    from sharaka.partners.models import Organisation

    return Organisation.objects.get(acronym=acronym)


def _published_festival():
    """A published edition with a public sponsor and a hidden one, through the services."""
    from django.utils import timezone

    from sharaka.core.models import User
    from sharaka.promotion import events

    officer = User.objects.get(username="officer")
    start = timezone.localdate() + datetime.timedelta(days=40)
    event = events.event_create(
        actor=officer,
        data={
            "title_ar": "مهرجان أورير للشعر الأمازيغي",
            "title_fr": "Festival de poésie amazighe d'Aourir",
            "title_en": "Aourir Amazigh poetry festival",
            "edition": 14,
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=2),
            "place": "Place de la commune",
        },
    )
    common = {"currency": "MAD", "agreed_on": timezone.localdate(), "in_kind_value": Decimal(0)}
    events.sponsorship_add(
        actor=officer,
        event=event,
        data={
            **common,
            "organisation": _organisation("UNDP"),
            "role": "sponsor",
            "amount": Decimal("150000.00"),
            "in_kind": "Tentes et sonorisation",
            "in_kind_value": Decimal("20000.00"),
            "given_back": "Logo sur les affiches et un stand",
            "is_public": True,
        },
    )
    events.sponsorship_add(
        actor=officer,
        event=event,
        data={
            **common,
            "organisation": _organisation("GIZ"),
            "role": "partner",
            "amount": Decimal("5000"),
            "is_public": False,
        },  # fmt: skip
    )
    return events.event_publish(actor=officer, event=event)


def test_the_officer_records_an_event_with_two_sponsors_in_arabic(open_page):
    page = sign_in(open_page("ar"), "officer", "ar")
    page.goto("/promotion/events/")
    check_page(page, "promotion-events", "ar")
    go(page, "main a[href='/promotion/events/new/']", "promotion-event-new", "ar")
    page.locator("[name=title_ar]").fill("مهرجان العسل بأقصري")
    page.locator("[name=title_fr]").fill("Festival du miel d'Aqsri")
    page.locator("[name=title_en]").fill("Aqsri honey festival")
    page.locator("[name=starts_on]").fill("2027-07-24")
    page.locator("[name=ends_on]").fill("2027-07-26")
    page.locator("[name=edition]").fill("5")
    submit(page, "promotion-event-recorded", "ar")
    event_url = page.url

    for acronym, fields, name in (
        ("UNDP", {"amount": "80000", "given_back": "شعار على الملصقات ورواق"}, "promotion-sponsor-cash"),
        (
            "GIZ",
            {"in_kind": "خيام وإنارة", "in_kind_value": "15000", "given_back": "رواق"},
            "promotion-sponsor-kind",
        ),
    ):
        go(page, "main a[href$='/sponsors/new/']", f"{name}-form", "ar")
        page.locator("select[name=organisation]").select_option(str(_organisation(acronym).pk))
        page.locator("[name=agreed_on]").fill("2027-06-01")
        for field, value in fields.items():
            page.locator(f"[name={field}]").fill(value)
        submit(page, name, "ar")
    with page.expect_navigation():
        page.locator("form[action$='/publish/'] button").click()
    check_page(page, "promotion-event-published", "ar")
    main = page.locator("main").inner_text()
    assert page.url == event_url
    assert "مهرجان العسل بأقصري" in main and "على البوابة العمومية" in main
    assert "80.000,00" in main and "15.000,00" in main and "95.000,00" in main  # cash, in kind, total
    assert "خيام وإنارة" in main and "شعار على الملصقات ورواق" in main


def test_the_public_events_page_in_french(open_page):
    _published_festival()
    page = open_page("fr")
    page.goto("/portal/opportunities/events/?lang=fr")
    check_page(page, "showcase-events", "fr")
    main = page.locator("main").inner_text().replace("\u202f", " ")
    assert "Festival de poésie amazighe d'Aourir" in main and "à venir" in main
    assert (
        "150 000,00" in main
        and "Tentes et sonorisation" in main
        and "Logo sur les affiches et un stand" in main
    )
    assert "Deutsche" not in main and "GIZ" not in main  # the hidden sponsor
    go(page, "main article.event h2 a", "showcase-event", "fr")
    assert "Programme des Nations unies pour le développement" in page.locator("main").inner_text()


def test_the_public_events_page_on_a_phone_in_arabic(open_page):
    _published_festival()
    page = open_page("ar", phone=True)
    page.goto("/portal/opportunities/events/?lang=ar")
    check_page(page, "showcase-events", "ar")
    main = page.locator("main").inner_text()
    assert "مهرجان أورير للشعر الأمازيغي" in main
    assert "برنامج الأمم المتحدة الإنمائي" in main and "Tentes et sonorisation" in main
