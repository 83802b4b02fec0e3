"""Every demo role signs in, in Arabic and in French, and lands on its own home page."""

import pytest

from e2e.actions import path_of, sign_in, sign_out
from e2e.conftest import DEMO_USERS, E2E
from e2e.pages import ARABIC, check_page

pytestmark = E2E

STAFF = {"admin", "officer", "finance", "manager", "president", "council", "auditor"}


def landing(page) -> str:
    """Which home page this is: the unit's dashboard (the only page with bar charts), a partner's
    shared projects (which links to the partner's own page), or the prefecture's."""
    if page.locator("main .bars").count():
        return "dashboard"
    if page.locator("main a[href^='/partners/']").count():
        return "partner"
    return "prefecture"


HOME = {username: "dashboard" if username in STAFF else None for username in DEMO_USERS}
HOME.update({"partner.undp": "partner", "prefecture": "prefecture"})


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_each_role_signs_in_and_lands_on_its_home_page(open_page, username, lang):
    page = sign_in(open_page(lang), username, lang)
    assert path_of(page) == "/"
    check_page(page, f"home-{username}", lang)
    assert landing(page) == HOME[username]
    nav = page.locator(".main-nav a")
    links = {nav.nth(i).get_attribute("href") for i in range(nav.count())}
    if username in STAFF:
        assert {"/partners/", "/projects/"} <= links, f"{username} misses partners or projects: {links}"
    else:
        assert "/partners/" not in links, f"{username} sees the partner list in the navigation"
    sign_out(page)
    assert path_of(page) == "/accounts/login/"


def test_a_wrong_password_is_refused_in_arabic_on_the_same_page(open_page):
    page = open_page("ar")
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("officer")
    page.locator("input[name=password]").fill("not-the-password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == "/accounts/login/"
    error = page.locator("main [role=alert]")
    assert error.is_visible()
    assert ARABIC.search(error.inner_text()), f"the error is not in Arabic: {error.inner_text()!r}"
    assert page.locator("input[name=username]").input_value() == "officer"
    check_page(page, "sign-in-refused", "ar")


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_sign_in_page_fits_a_phone(open_page, lang):
    page = open_page(lang, phone=True)
    page.goto("/accounts/login/")
    check_page(page, "sign-in", lang)
    assert page.locator("main h1").inner_text().strip()
