"""What people do in every journey: sign in, switch language, sign out. Each checks the pages it visits."""

from e2e.pages import check_page

DEMO_PASSWORD = "aourir-demo-2026"

LANGUAGE_BUTTON = ".lang-switch button[name=language][value={code}]"


def sign_in(page, username: str, lang: str, *, password: str = DEMO_PASSWORD, switch: bool = True):
    """Sign in through the real form, then read the site in `lang` (switching once if needed).

    An account keeps its own language; `switch=False` leaves the page in it.
    """
    page.goto("/accounts/login/")
    check_page(page, "sign-in", lang)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if path_of(page) == "/accounts/two-factor/verify/":  # the administrator, finance officer, president
        confirm_with_code(page, second_factor_code(username))
    if switch and page.locator("html").get_attribute("lang") != lang:
        switch_language(page, lang)
    return page


def second_factor_code(username: str) -> str:
    """The code the demo user's authenticator app shows now, computed from the demo's published key
    (sharaka/demo/data/people.totp_key). A code is accepted once: after a sign-in within the same 30
    seconds, it is the next step's code, which the server accepts too (one step of tolerance)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sharaka.demo.data import people

    totp = TOTP(bytes.fromhex(people.totp_key(username)))
    last = TOTPDevice.objects.filter(user__username=username).values_list("last_t", flat=True).first()
    if last is not None and totp.t() <= last:
        totp.time = totp.time + totp.step * (last + 1 - totp.t())
    return f"{totp.token():06d}"


def confirm_with_code(page, code: str) -> None:
    page.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit].primary").click()


def go(page, selector: str, name: str, lang: str, **check):
    """Follow the link `selector` (the first that matches), then check the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).first.click()
    check_page(page, name, lang, **check)
    return page


def submit(page, name: str, lang: str, form: str = "main form[method=post]", **check):
    """Submit the form with its primary button, then check the page that answers."""
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit].primary").first.click()
    check_page(page, name, lang, **check)
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
