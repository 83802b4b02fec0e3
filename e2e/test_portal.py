"""A citizen reads the public portal, in Arabic, French and Tamazight (Tifinagh, left to right), and writes
to the commune; a citizen asks about a project, the cooperation officer answers from the inquiries'
inbox and publishes the answer, and the citizen reads it under the project."""

import re

import pytest

from e2e.actions import go, path_of, sign_in, sign_out
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

TIFINAGH = re.compile("[\u2d30-\u2d7f]")
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
    check_page(
        page, "portal-home", lang
    )  # in Tamazight too: <html lang="zgh" dir="ltr"> (Tifinagh reads left to right)
    if lang == "zgh":
        assert TIFINAGH.search(page.locator("header").inner_text()), "the menu is not written in Tifinagh"
        assert TIFINAGH.search(page.locator("main h1, main h2").first.inner_text()), "no heading in Tifinagh"
    go(page, "header a[href='/portal/projects/']", "portal-projects", lang)
    go(page, f"main a[href='{_first_project_link(page)}']", "portal-project", lang)
    go(page, "header a[href='/portal/feedback/']", "portal-feedback", lang)
    page.locator("textarea[name=message]").fill(MESSAGES[lang])
    with page.expect_navigation():
        page.locator("main form.inquiry-form button[type=submit]").click()
    check_page(page, "portal-feedback-sent", lang)
    assert path_of(page).startswith("/portal/feedback/Q-"), "no reference to follow the answer"
    assert path_of(page).strip("/").rsplit("/", 1)[-1] in page.locator("main").inner_text()


ANSWERS = {
    "ar": "تنتهي الأشغال في يونيو 2027، وتبدأ التجارب في ماي.",
    "fr": "Les travaux finissent en juin 2027 ; les essais commencent en mai.",
}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_citizen_asks_about_a_project_and_reads_the_communes_published_answer(open_page, lang):
    page = open_page(lang)
    page.goto(f"/portal/projects/?lang={lang}")
    project_url = _first_project_link(page)
    go(page, f"main a[href='{project_url}']", "portal-project", lang)
    page.locator("main form.inquiry-form textarea[name=message]").fill(MESSAGES[lang])
    with page.expect_navigation():
        page.locator("main form.inquiry-form button[type=submit]").click()
    check_page(page, "portal-project-question-sent", lang)
    reference = path_of(page).strip("/").rsplit("/", 1)[-1]
    assert reference.startswith("Q-"), "no reference to follow the answer"

    # The cooperation officer answers it from the inquiries' inbox and publishes the answer.
    page = sign_in(page, "officer", lang)
    go(page, ".main-nav a[href='/portal/inquiries/']", "portal-inquiries", lang)
    go(page, f"main a:has-text('{reference}')", "portal-inquiry", lang)  # the reference sits in a <bdi>
    staff_url = project_url.removeprefix("/portal")  # the same project, on the staff side
    assert page.locator(f"main a[href='{staff_url}']").count() == 1, "the inquiry lost its project"
    page.locator("select[name=status]").select_option("answered")
    page.locator("textarea[name=answer]").fill(ANSWERS[lang])
    page.locator("input[name=answer_is_public]").check()
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    check_page(page, "portal-inquiries-answered", lang)
    sign_out(page)

    # The citizen finds the answer under the project.
    page.goto(project_url)
    check_page(page, "portal-project-answered", lang)
    answers = page.locator("main .qa")
    assert reference in answers.inner_text() and ANSWERS[lang] in answers.inner_text()


@pytest.mark.parametrize(("lang", "phone"), [("ar", False), ("zgh", False), ("ar", True), ("fr", True)])
def test_a_citizen_reads_a_projects_results_with_approved_values_only(open_page, lang, phone):
    """The demo's water project: its chain from impact to outputs, each indicator's road from
    baseline to target with its bar and state, the share on track; on a phone nothing scrolls sideways."""
    from sharaka.projects.models import Project
    from sharaka.results.models import Update

    project = Project.objects.get(code="AOU-2025-001")
    page = open_page("fr" if lang == "zgh" else lang, phone=phone)
    page.goto(f"/portal/projects/{project.pk}/?lang={lang}")
    check_page(page, "portal-project-results", lang)
    assert page.locator("main #h-results").count() == 1
    assert page.locator("main .result").count() == 3  # impact, outcome, output
    assert page.locator("main .result .indicator").count() == 5
    assert page.locator("main .state-off_track").count() == 1  # the water losses
    waiting = Update.objects.filter(period__indicator__result__project=project, status="submitted").first()
    shown = page.locator("main #h-results").locator("xpath=..").inner_text()
    assert waiting is not None and f"{waiting.value.normalize():f}" not in shown
    if lang == "zgh":
        assert TIFINAGH.search(page.locator("main #h-results").inner_text()), "the heading is not in Tifinagh"
    # Its sustainability summary (the demo's plan): who maintains the pumping station, who pays each
    # yearly cost, the share confirmed; nothing of the plan's evidence.
    after = page.locator("main #h-afterwards").locator("xpath=..")
    assert after.count() == 1
    assert after.locator("tbody tr").count() == 2 and "100 %" in after.inner_text()
    assert "اتفاقية الصيانة الموقعة" not in page.locator("main").inner_text()  # the evidence's title
    if lang == "zgh":
        assert TIFINAGH.search(page.locator("main #h-afterwards").inner_text()), (
            "the heading is not in Tifinagh"
        )
