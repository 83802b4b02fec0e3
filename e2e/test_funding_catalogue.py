"""The cooperation officer reads the catalogue of funding opportunities and the commune's needs,
in Arabic, on a 1366 px screen and on a 375 px phone.

On the demo: the catalogue lists the calls open or upcoming (the Kusanone grants, where the commune
may lead; the Franco-Moroccan joint call, where it is a co-applicant with a French lead); a call
closed to Morocco (Interreg NEXT MED) says so on its page, with the date its figures are as of.
The officer adds a call through the form, with a stage and its word limits, and reads it back.
"""

from e2e.actions import go, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _call(reference):
    from sharaka.funding.models import Call

    return Call.objects.get(reference=reference)


def test_the_officer_reads_the_catalogue_and_adds_a_call_in_arabic(open_page):
    page = sign_in(open_page("ar"), "officer", "ar")
    page.goto("/funding/calls/")
    check_page(page, "funding-calls", "ar")
    rows = page.locator("table.calls tbody tr")
    kusanone = rows.filter(has_text="KUSANONE")
    assert kusanone.count() == 1 and "يمكن للجماعة حمل المشروع" in kusanone.inner_text()
    assert "FR" in rows.filter(has_text="FR-MA-2027").inner_text()
    assert rows.filter(has_text="NEXT-MED-1").count() == 0  # closed: not among the open and upcoming

    closed = _call("NEXT-MED-1")
    page.goto(f"/funding/calls/{closed.pk}/")
    check_page(page, "funding-call-closed-to-morocco", "ar")
    assert "مغلق أمام المغرب" in page.locator("main").inner_text()
    assert "الأرقام بتاريخ" in page.locator("main").inner_text()

    page.goto("/funding/calls/")
    go(page, "main a[href='/funding/calls/new/']", "funding-call-new", "ar")
    page.locator("select[name=funder]").select_option(label="برنامج الأمم المتحدة الإنمائي")
    page.locator("[name=title_ar]").fill("صندوق المبادرات المحلية للماء")
    page.locator("[name=reference]").fill("E2E-WATER")
    page.locator("input[name=languages][value=ar]").check()
    page.locator("input[name=areas]").first.check()
    page.locator("[name=sector_1]").fill("14020")
    page.locator("[name=full_proposal_deadline]").fill("2027-05-31")
    page.locator("[name=full_proposal_words]").fill("summary=300")
    submit(page, "funding-call-added", "ar")
    main = page.locator("main").inner_text()
    assert "صندوق المبادرات المحلية للماء" in main and "14020" in main and "300" in main


def test_the_catalogue_and_the_needs_fit_a_phone(open_page):
    page = sign_in(open_page("ar", phone=True), "officer", "ar")
    for url, name in (("/funding/calls/", "funding-calls"), ("/funding/needs/", "funding-needs")):
        page.goto(url)
        check_page(page, name, "ar")
        assert page.locator("main h1").is_visible()
