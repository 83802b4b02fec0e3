"""A cooperation officer adds a partner, then logs a meeting with it and the follow-up it leaves."""

import datetime

import pytest

from e2e.actions import go, path_of, sign_in, submit
from e2e.conftest import E2E

pytestmark = E2E

NEW_PARTNER = {
    "ar": {"name_ar": "جمعية التضامن المتوسطي للماء", "acronym": "ASME", "country": "ES"},
    "fr": {"name_fr": "Association solidarité Méditerranée eau", "acronym": "ASME", "country": "FR"},
}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_officer_adds_a_partner_and_logs_a_meeting_with_a_follow_up(open_page, lang):
    from django.utils import timezone

    partner = NEW_PARTNER[lang]
    name = partner.get("name_ar") or partner["name_fr"]
    page = sign_in(open_page(lang), "officer", lang)

    go(page, ".main-nav a[href='/partners/']", "partner-list", lang)
    go(page, "main a[href='/partners/new/']", "partner-new", lang)
    for field in ("name_ar", "name_fr"):
        if field in partner:
            page.locator(f"[name={field}]").fill(partner[field])
    page.locator("[name=acronym]").fill(partner["acronym"])
    page.locator("select[name=model]").select_option("international_ngo")
    page.locator("select[name=legal_type]").select_option("foreign_private")
    page.locator("select[name=stage]").select_option("in_contact")
    page.locator("select[name=country]").select_option(partner["country"])
    page.locator("[name=website]").fill("https://asme.example.org")
    page.locator("[name=iati_identifier]").fill("ES-CIF-G12345678")
    page.locator("input[name=focus_areas]").first.check()
    submit(page, "partner-detail-new", lang)
    assert path_of(page).startswith("/partners/") and path_of(page) != "/partners/new/"
    assert name in page.locator("main h1").inner_text()
    assert page.locator(".messages .success").is_visible()

    today = timezone.localdate()
    subject = {"ar": "اجتماع تعارف حول تحلية المياه", "fr": "Réunion de présentation sur le dessalement"}[
        lang
    ]
    task = {"ar": "إرسال مذكرة المفهوم", "fr": "Envoyer la note conceptuelle"}[lang]
    go(page, "main a[href$='/interactions/new/']", "interaction-new", lang)
    page.locator("select[name=kind]").select_option("meeting")
    page.locator("input[name=date]").fill(today.isoformat())
    page.locator("[name=subject]").fill(subject)
    page.locator("[name=summary]").fill("…")
    page.locator("[name='follow_up-0-description']").fill(task)
    page.locator("[name='follow_up-0-due_date']").fill((today + datetime.timedelta(days=3)).isoformat())
    submit(page, "partner-detail-timeline", lang)
    timeline = page.locator("main")
    assert timeline.get_by_text(subject).first.is_visible()
    assert timeline.get_by_text(task).first.is_visible()

    go(page, ".main-nav a[href='/']", "home-officer", lang)
    recent = page.locator("section[aria-labelledby=h-recent]")
    assert recent.get_by_text(subject).count() == 1, "the meeting is not among the recent changes"
