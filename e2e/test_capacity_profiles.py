"""Staff profiles (issue #14): the cooperation officer adds a person from the staff list on a 375 px
phone in Arabic (a wrong e-mail first refused on the same page, the name kept), then records the
languages she works in; in French she corrects a profile from its page."""

from e2e.actions import go, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def test_the_officer_adds_a_person_and_her_languages_on_a_phone_in_arabic(open_page):
    from sharaka.capacity.models import Position, StaffProfile

    lang = "ar"
    page = sign_in(open_page(lang, phone=True), "officer", lang)
    page.goto("/capacity/staff/")
    check_page(page, "capacity-staff", lang)
    go(page, "main a[href='/capacity/staff/add/']", "capacity-profile-add", lang)
    page.locator("input[name=full_name]").fill("خديجة أوباها")
    page.locator("select[name=position]").select_option(str(Position.objects.get(code="project_manager").pk))
    page.locator("input[name=email]").fill(
        "k.oubaha@aourir"
    )  # the browser lets it through; the server refuses it
    submit(page, "capacity-profile-add-refused", lang)
    assert page.locator(".form-errors").count() == 1
    assert page.locator("input[name=full_name]").input_value() == "خديجة أوباها"
    page.locator("input[name=email]").fill("k.oubaha@aourir.ma")
    submit(page, "capacity-profile-added", lang)
    person = StaffProfile.objects.get(full_name="خديجة أوباها")
    assert page.locator("h1").inner_text().strip() == "خديجة أوباها"
    go(page, f"main a[href='/capacity/staff/{person.pk}/languages/']", "capacity-profile-languages", lang)
    page.locator("select[name=level_ar]").select_option("4")
    page.locator("select[name=level_zgh]").select_option("3")
    submit(page, "capacity-profile-languages-saved", lang)
    assert dict(person.languages.values_list("language", "level")) == {"ar": 4, "zgh": 3}


def test_the_officer_corrects_a_profile_in_french(open_page):
    from sharaka.capacity.models import Position, StaffProfile

    person = StaffProfile.objects.create(
        full_name="Youssef Ait Lahcen", position=Position.objects.get(code="finance_officer")
    )
    lang = "fr"
    page = sign_in(open_page(lang), "officer", lang)
    page.goto(f"/capacity/staff/{person.pk}/")
    check_page(page, "capacity-profile-unit", lang)
    go(page, f"main a[href='/capacity/staff/{person.pk}/edit/']", "capacity-profile-edit", lang)
    page.locator("input[name=service]").fill("Division des affaires financières")
    submit(page, "capacity-profile-edited", lang)
    assert page.get_by_text("Division des affaires financières").count() == 1
    person.refresh_from_db()
    assert person.service == "Division des affaires financières" and person.version == 2
