"""A cooperation officer makes an API token in Arabic (on a 1366 px screen and a 375 px phone), sees
it once, uses it to read the projects through the API in Arabic, and revokes it; the token then
stops working at once."""

from e2e.actions import sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _make_token(page, name):
    page.goto("/account/tokens/")
    page.fill("#id_name", name)
    page.locator("main form button.primary").click()
    page.wait_for_load_state("load")
    return page.locator("code.token-key").inner_text().strip()


def test_the_officer_makes_uses_and_revokes_a_token_in_arabic(open_page, live_server):
    page = sign_in(open_page("ar"), "officer", "ar")
    page.goto("/account/tokens/")
    check_page(page, "api-tokens", "ar")
    key = _make_token(page, "جدول المتابعة")
    check_page(page, "api-token-made", "ar")
    assert key.startswith("shk_")
    assert "جدول المتابعة" in page.locator("main table").inner_text()

    headers = {"Authorization": f"Token {key}", "Accept-Language": "ar"}
    answer = page.request.get(f"{live_server.url}/api/v1/projects/?size=3", headers=headers)
    assert answer.status == 200
    rows = answer.json()["results"]
    assert len(rows) == 3 and all(row["status"]["label"] for row in rows)
    assert any("\u0600" <= ch <= "\u06ff" for ch in rows[0]["status"]["label"])  # the label in Arabic

    page.goto("/account/tokens/")
    assert key not in page.content()  # shown once only
    page.locator("main table form button").first.click()
    page.wait_for_load_state("load")
    check_page(page, "api-token-revoked", "ar")
    refused = page.request.get(f"{live_server.url}/api/v1/projects/", headers=headers)
    assert refused.status == 401


def test_the_tokens_page_fits_a_phone_and_reads_in_french(open_page):
    phone = sign_in(open_page("ar", phone=True), "finance", "ar")
    phone.goto("/account/tokens/")
    _make_token(phone, "Tableur")
    check_page(phone, "api-token-made", "ar")
    page = sign_in(open_page("fr"), "auditor", "fr")
    page.goto("/account/tokens/")
    check_page(page, "api-tokens", "fr")
    assert "Créer un jeton" in page.locator("main").inner_text()
