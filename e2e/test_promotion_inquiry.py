"""A visitor inquires about an opportunity through its public form, in Arabic and in French (the French
one on a 375 px phone); the cooperation officer finds the new prospect and its interaction in the
partner CRM, and the follow-up on their own list (My work)."""

import pytest

from e2e.actions import go, path_of, sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

SENDERS = {
    "ar": {
        "name": "سعيد أوبلا",
        "organisation_name": "جمعية أصدقاء الأمواج للسياحة",
        "country": "MA",
        "email": "said@amis-des-vagues.example",
        "message": "نرغب في المساهمة في مشروع مدرسة ركوب الأمواج. ما هي الخطوات المقبلة؟",
    },
    "fr": {
        "name": "Claire Dupont",
        "organisation_name": "Surf Solidaire Bordeaux",
        "country": "FR",
        "email": "claire@surf-solidaire.example",
        "message": "Bonjour, notre association souhaite soutenir l'école de surf. Quelles sont les prochaines étapes ?",
    },
}


def _public_opportunity():
    from django.utils import timezone

    from sharaka.core.models import User
    from sharaka.promotion.models import Opportunity

    return Opportunity.objects.create(
        code="e2e-surf-school",
        kind="tourism",
        title_ar="مدرسة ركوب الأمواج بتامراغت",
        title_fr="École de surf à Tamraght",
        title_en="Surf school in Tamraght",
        partner_sought="ngo",
        status="open",
        owner=User.objects.get(username="officer"),
        published_at=timezone.now(),
    )


@pytest.mark.parametrize(("lang", "phone"), [("ar", False), ("fr", True)])
def test_an_inquiry_sent_from_the_portal_lands_in_the_crm_with_a_follow_up(open_page, lang, phone):
    opportunity = _public_opportunity()
    sender = SENDERS[lang]
    page = open_page(lang, phone=phone)
    page.goto(f"/portal/opportunities/{opportunity.code}/inquire/?lang={lang}")
    check_page(page, "promotion-inquire", lang)
    title = opportunity.title_ar if lang == "ar" else opportunity.title_fr
    assert title in page.locator("main").inner_text()

    # A first try without the e-mail is refused on the same page, what was typed kept.
    form = page.locator("main form.inquiry-form")
    for field in ("name", "organisation_name", "message"):
        form.locator(f"[name={field}]").fill(sender[field])
    form.locator("select[name=country]").select_option(sender["country"])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("main .form-errors").count() == 1
    assert form.locator("[name=organisation_name]").input_value() == sender["organisation_name"]
    form.locator("[name=email]").fill(sender["email"])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    check_page(page, "promotion-inquiry-sent", lang)
    reference = path_of(page).strip("/").rsplit("/", 1)[-1]
    assert reference.startswith("O-"), "no reference given"
    assert reference in page.locator("main").inner_text()
    assert sender["email"] not in page.content(), "the thanks page repeats personal data"

    # The cooperation officer finds the inquiry, the new prospect and its interaction in the CRM.
    page = sign_in(page, "officer", lang)
    page.goto("/promotion/inquiries/")
    check_page(page, "promotion-inquiries", lang)
    go(page, f"main a:has-text('{reference}')", "promotion-inquiry", lang)
    go(page, "main a[href*='#interaction-']", "promotion-inquiry-partner", lang)
    timeline = page.locator("#timeline").inner_text()
    assert sender["message"][:30] in timeline
    assert title in timeline
    assert page.locator("main h1").inner_text().strip() == sender["organisation_name"]

    # The follow-up is on the officer's own list.
    page.goto("/my-work/")
    assert reference in page.locator("main").inner_text(), "the follow-up is not on My work"
