"""What people do in every journey: sign in, switch language, sign out. Each checks the pages it visits."""

from e2e.pages import check_page

DEMO_PASSWORD = "aourir-demo-2026"

LANGUAGE_BUTTON = ".lang-switch button[name=language][value={code}]"


def sign_in(page, username: str, lang: str, *, password: str = DEMO_PASSWORD):
    """Sign in through the real form, then read the site in `lang` (switching once if needed)."""
    page.goto("/accounts/login/")
    check_page(page, "sign-in", lang)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if page.locator("html").get_attribute("lang") != lang:
        switch_language(page, lang)
    return page


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.locator(LANGUAGE_BUTTON.format(code=code)).click()


def sign_out(page) -> None:
    with page.expect_navigation():
        page.locator(".top-tools form[action$='/accounts/logout/'] button").click()


def path_of(page) -> str:
    from urllib.parse import urlsplit

    return urlsplit(page.url).path
