"""A cooperation officer takes an agreement along the first stretch of its legal road (law 113-14):
legally qualified, draft negotiated, on a council session's agenda, in committee; the session's
page then lists it. (Deliberation needs the council's vote, then the Governor's services act:
those steps are not in this journey yet.)"""

import pytest

from e2e.actions import go, path_of, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

ROAD = ["qualified", "drafted", "on_agenda", "in_committee"]
TITLES = {
    "ar": {"title_ar": "اتفاقية شراكة حول تدبير الساحل"},
    "fr": {"title_fr": "Convention de partenariat pour la gestion du littoral"},
}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_officer_takes_an_agreement_onto_the_councils_agenda(open_page, lang):
    from sharaka.partners.models import Organisation

    undp = Organisation.objects.get(acronym="UNDP")
    page = sign_in(open_page(lang), "officer", lang)
    go(page, ".main-nav a[href='/agreements/']", "agreement-list", lang)
    go(page, "main a[href='/agreements/new/']", "agreement-new", lang)
    page.locator("select[name=kind]").select_option("partnership")
    page.locator("select[name=partners]").select_option(str(undp.pk))
    for field, value in TITLES[lang].items():
        page.locator(f"[name={field}]").fill(value)
    page.locator("[name=object_text]").fill("Cogestion des plages et des dunes d'Aourir.")
    submit(page, "agreement-detail-new", lang)
    assert path_of(page).startswith("/agreements/") and path_of(page) != "/agreements/new/"
    agreement_url = path_of(page)

    road = page.locator("#road")
    session = None
    for target in ROAD:
        road.locator(f"input[name=to][value={target}]").check()
        if target == "on_agenda":
            session = road.locator("select[name=session] option").nth(1).get_attribute("value")
            road.locator("select[name=session]").select_option(session)
        road.locator("button[type=submit]").click()  # htmx swaps the road block in place
        page.wait_for_selector(f"#agreement-status.status-{target}")
        check_page(page, f"agreement-road-{target}", lang)

    page.goto(f"/agreements/sessions/{session}/")
    check_page(page, "council-session", lang)
    assert page.locator(f"main a[href='{agreement_url}']").count() >= 1, "the session's agenda misses it"
