"""The cooperation officer reads what donors fund, from the demo's illustrative IATI file, in Arabic
on a 1366 px screen and on a 375 px phone, and in French; decides the proposed match (WWF).

On the demo: UNDP is linked to its partner by its identifier and its profile shows commitments by
year, sectors in Morocco and co-funders; the area "water and energy" lists donors; the import's report
says how many amounts had no rate (GBP); the WWF named in the file is proposed as the partner WWF.
"""

from e2e.actions import sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _publisher(ref):
    from sharaka.iati.models import Publisher

    return Publisher.objects.get(ref=ref)


def _undp():
    return _publisher("XM-DAC-41114")


def test_the_officer_reads_a_donor_profile_and_decides_a_match_in_arabic(open_page):
    page = sign_in(open_page("ar"), "officer", "ar")
    page.goto("/intelligence/")
    check_page(page, "iati-home", "ar")
    assert "XM-DAC-41114" in page.locator("main").inner_text()

    undp = _undp()
    page.goto(f"/intelligence/donors/{undp.pk}/")
    check_page(page, "iati-donor", "ar")
    main = page.locator("main").inner_text()
    assert "الالتزامات حسب السنة، بالدرهم" in main and "ما يموّله في المغرب" in main
    assert page.locator("ul.bars li").count() >= 3

    page.goto(f"/partners/{undp.partner_id}/")
    assert page.locator("#iati a.button").count() == 1

    # The EU's organisation file budgets for UNDP, North of Sahara and Morocco: UNDP's row links back.
    eu = _publisher("XI-IATI-EC_INTPA")
    page.goto(f"/intelligence/donors/{eu.pk}/")
    check_page(page, "iati-donor-eu", "ar")
    recipients = page.locator("table[aria-labelledby='recipients-title']")
    assert "شمال الصحراء، إقليمي" in recipients.inner_text()
    recipients.locator(f"a[href='/intelligence/donors/{undp.pk}/']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/intelligence/donors/{undp.pk}/")

    page.goto("/intelligence/areas/water_energy/")
    check_page(page, "iati-area", "ar")

    page.goto("/intelligence/imports/")
    check_page(page, "iati-imports", "ar")
    page.locator("main table a", has_text="demo-donors-illustrative.xml").click()
    check_page(page, "iati-import-report", "ar")
    assert "GBP" in page.locator("main").inner_text()

    page.goto("/intelligence/matches/")
    check_page(page, "iati-matches", "ar")
    page.locator("main form button.primary").first.click()
    page.wait_for_load_state("load")
    check_page(page, "iati-match-confirmed", "ar")
    assert "لا توجد مطابقة تنتظر القرار." in page.locator("main").inner_text()


def test_the_donor_pages_fit_a_phone_and_read_in_french(open_page):
    undp = _undp()
    phone = sign_in(open_page("ar", phone=True), "officer", "ar")
    for url, name in (
        ("/intelligence/", "iati-home"),
        (f"/intelligence/donors/{undp.pk}/", "iati-donor"),
        (f"/intelligence/donors/{_publisher('XI-IATI-EC_INTPA').pk}/", "iati-donor-eu"),
        ("/intelligence/areas/water_energy/", "iati-area"),
    ):
        phone.goto(url)
        check_page(phone, name, "ar")
        assert phone.locator("main h1").is_visible()

    page = sign_in(open_page("fr"), "officer", "fr")
    page.goto(f"/intelligence/donors/{undp.pk}/")
    check_page(page, "iati-donor", "fr")
    assert "Engagements par année, en MAD" in page.locator("main").inner_text()
    activity = page.locator("main a[href^='/intelligence/activities/']").first
    activity.click()
    page.wait_for_load_state("load")
    check_page(page, "iati-activity", "fr")
    assert "Activité illustrative de démonstration" in page.locator("main").inner_text()
