"""The officer's daily pages on a 375 px phone: nothing scrolls sideways, in Arabic and in French."""

import pytest

from e2e.actions import go, sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_officers_pages_fit_a_phone(open_page, lang):
    page = sign_in(open_page(lang, phone=True), "officer", lang)
    check_page(page, "home-officer", lang)
    page.goto("/projects/")
    check_page(page, "project-list", lang)
    go(page, "main tbody tr a[href^='/projects/']", "project-detail", lang)
    page.goto("/partners/")
    check_page(page, "partner-list", lang)
    go(page, "main tbody tr a[href^='/partners/']", "partner-detail", lang)
    page.goto("/search/?q=tamraght")
    check_page(page, "search-results", lang)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_sustainability_pages_fit_a_phone(open_page, lang):
    """The dashboard (warnings, coverage table, risks, checks) and a plan with costs, checks and risks."""
    page = sign_in(open_page(lang, phone=True), "officer", lang)
    page.goto("/sustainability/")
    check_page(page, "sustainability-dashboard", lang)
    go(
        page,
        "#h-coverage ~ #d-plans .table-wrap tbody tr a[href^='/sustainability/projects/']",
        "sustainability-plan",
        lang,
    )
