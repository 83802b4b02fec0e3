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


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_finance_officer_confirms_the_sign_in_with_a_code(open_page, lang):
    from e2e.actions import confirm_with_code, second_factor_code

    page = open_page(lang)
    page.goto("/accounts/login/?next=/finance/")
    page.locator("input[name=username]").fill("finance")
    page.locator("input[name=password]").fill("aourir-demo-2026")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == "/accounts/two-factor/verify/"
    check_page(page, "two-factor-verify", "ar")  # the demo finance officer reads Arabic
    # No other page opens before the code.
    page.goto("/finance/")
    assert path_of(page) == "/accounts/two-factor/verify/"
    confirm_with_code(page, "000000" if second_factor_code("finance") != "000000" else "111111")
    assert path_of(page) == "/accounts/two-factor/verify/"
    assert page.locator("main .field .error").is_visible()
    page.wait_for_timeout(1100)  # a wrong code makes the next try wait a second
    confirm_with_code(page, second_factor_code("finance"))
    assert path_of(page) == "/finance/"


def test_the_president_sets_up_an_app_and_keeps_recovery_codes(open_page):
    import base64

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from e2e.actions import confirm_with_code

    TOTPDevice.objects.filter(user__username="president").delete()  # as after an administrator's reset
    page = open_page("ar")
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("president")
    page.locator("input[name=password]").fill("aourir-demo-2026")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert path_of(page) == "/accounts/two-factor/"
    check_page(page, "two-factor-setup", "ar")
    assert page.locator("main .qr svg").is_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert page.locator("#totp-uri").inner_text().startswith("otpauth://totp/")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    confirm_with_code(page, f"{TOTP(key).token():06d}")
    codes = page.locator("main .recovery-codes li")
    assert codes.count() == 10
    check_page(page, "two-factor-recovery-codes", "ar")
    with page.expect_navigation():
        page.locator("main a.button.primary").click()
    assert path_of(page) == "/"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_second_factor_pages_fit_a_phone(open_page, lang):
    page = open_page(lang, phone=True)
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("admin")
    page.locator("input[name=password]").fill("aourir-demo-2026")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    check_page(page, "two-factor-verify", "ar")  # the demo administrator reads Arabic


def test_five_wrong_passwords_pause_the_sign_in_with_a_way_out(open_page):
    page = open_page("ar")
    page.goto("/accounts/login/")
    for _ in range(5):
        page.locator("input[name=username]").fill("officer")
        page.locator("input[name=password]").fill("not-the-password")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    check_page(page, "sign-in-paused", "ar", status=429)
    alert = page.locator("main [role=alert]")
    assert ARABIC.search(alert.inner_text())
    assert page.locator("main a[href='/accounts/reset/']").is_visible()
