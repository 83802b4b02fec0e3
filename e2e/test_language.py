"""The language chosen in the header is kept: on the next page, after signing out, at the next sign-in."""

from e2e.actions import go, sign_in, sign_out, switch_language
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def test_an_officer_switches_to_french_and_back_and_it_is_remembered(open_page):
    page = sign_in(open_page("ar"), "officer", "ar")
    check_page(page, "home-officer", "ar")

    switch_language(page, "fr")
    check_page(page, "home-officer", "fr")
    go(page, ".main-nav a[href='/projects/']", "project-list", "fr")

    sign_out(page)
    check_page(page, "sign-in", "fr")  # the choice also lives in a cookie for the signed-out page
    sign_in(page, "officer", "fr", switch=False)
    check_page(page, "home-officer", "fr")  # and on the account: French without switching again

    switch_language(page, "ar")
    check_page(page, "home-officer", "ar")
    sign_out(page)
    sign_in(page, "officer", "ar", switch=False)
    check_page(page, "home-officer", "ar")


def test_a_visitor_reads_the_sign_in_page_in_french_then_arabic(open_page):
    page = open_page("ar")
    page.goto("/accounts/login/")
    check_page(page, "sign-in", "ar")
    switch_language(page, "fr")
    check_page(page, "sign-in", "fr")
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "fr"
    switch_language(page, "ar")
    check_page(page, "sign-in", "ar")
