"""A citizen reads the public portal, in Arabic, French and Tamazight, and writes to the commune."""

import re

import pytest

from e2e.actions import go, path_of
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

MESSAGES = {
    "ar": "متى تنتهي أشغال تحلية المياه في إيمي ميكي؟",
    "fr": "Quand les travaux de dessalement d'Imi Miki seront-ils finis ?",
    "zgh": "ⴰⵣⵓⵍ, ⵎⴰⵏⵣⴰ ⵜⴰⵙⵏⵓⵔⵉⵜ?",
}


def _first_project_link(page) -> str:
    hrefs = page.locator("main a[href^='/portal/projects/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    found = [h for h in hrefs if re.fullmatch(r"/portal/projects/\d+/", h)]
    assert found, "the public project list links to no project"
    return found[0]


@pytest.mark.parametrize(("lang", "phone"), [("ar", False), ("fr", False), ("zgh", False), ("ar", True)])
def test_a_citizen_reads_the_portal_and_writes_to_the_commune(open_page, lang, phone):
    page = open_page("fr" if lang == "zgh" else lang, phone=phone)  # no browser speaks Tamazight yet
    page.goto(f"/portal/?lang={lang}")
    check_page(page, "portal-home", lang)
    go(page, "header a[href='/portal/projects/']", "portal-projects", lang)
    go(page, f"main a[href='{_first_project_link(page)}']", "portal-project", lang)
    go(page, "header a[href='/portal/feedback/']", "portal-feedback", lang)
    page.locator("textarea[name=message]").fill(MESSAGES[lang])
    with page.expect_navigation():
        page.locator("main form.inquiry-form button[type=submit]").click()
    check_page(page, "portal-feedback-sent", lang)
    assert path_of(page).startswith("/portal/feedback/Q-"), "no reference to follow the answer"
    assert path_of(page).strip("/").rsplit("/", 1)[-1] in page.locator("main").inner_text()
