"""Search finds what people type the way it comes to mind: no diacritics, any alef, ha for ta marbuta."""

import pytest

from e2e.actions import sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

# The demo's "وحدة صغيرة لتحلية المياه بالطاقة الشمسية في إيمي ميكي" (AOU-2026-001), typed loosely.
QUERIES = {"ar": "تحليه ايمي ميكي", "fr": "unite dessalement echelle"}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_search_finds_a_project_typed_without_diacritics(open_page, lang):
    from sharaka.projects.models import Project

    wanted = Project.objects.get(code="AOU-2026-001")
    page = sign_in(open_page(lang), "officer", lang)
    page.locator(".nav-search input[name=q]").fill(QUERIES[lang])
    with page.expect_navigation():
        page.locator(".nav-search button[type=submit]").click()
    check_page(page, "search-results", lang)
    assert page.locator(f"#results a[href='/projects/{wanted.pk}/']").count() == 1

    # Typing on the search page itself refreshes the results in place (htmx).
    box = page.locator("main input[name=q]")
    box.fill("")
    box.press_sequentially("تاراغت" if lang == "ar" else "tamraght", delay=20)
    page.wait_for_function("() => new URL(location.href).searchParams.get('q')?.length > 5")
    page.wait_for_load_state("networkidle")
    check_page(page, "search-live", lang)
