"""A cooperation officer creates a project and moves it through its pipeline, idea to closed: the
pipeline refuses "completed" until the project has a sustainability plan, which the officer writes."""

import pytest

from e2e.actions import go, path_of, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

PIPELINE = ["concept_note", "proposal_submitted", "approved", "in_implementation", "completed", "closed"]
NEW_PROJECT = {
    "ar": {"code": "AOU-2026-E2A", "title_ar": "تَحْلِيَةُ مِيَاهِ البَحْرِ بِأَلْمَا"},
    "fr": {"code": "AOU-2026-E2F", "title_fr": "Dessalement de l'eau de mer à Alma"},
}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_officer_creates_a_project_and_moves_it_through_the_pipeline(open_page, lang):
    project = NEW_PROJECT[lang]
    page = sign_in(open_page(lang), "officer", lang)

    go(page, ".main-nav a[href='/projects/']", "project-list", lang)
    go(page, "main a[href='/projects/new/']", "project-new", lang)
    for field, value in project.items():
        page.locator(f"[name={field}]").fill(value)
    page.locator("input[name=objectives]").first.check()
    page.locator("input[name=areas]").first.check()
    page.locator("input[name=localities]").first.check()
    page.locator("input[name=planned_start]").fill("2027-01-01")
    page.locator("input[name=planned_end]").fill("2028-06-30")
    page.locator("input[name$='-code']").first.fill("14020")
    page.locator("input[name$='-percentage']").first.fill("100")
    submit(page, "project-detail-idea", lang)
    assert path_of(page).startswith("/projects/") and path_of(page) != "/projects/new/"
    assert page.locator("#project-status").get_attribute("class").endswith("status-idea")

    pipeline = page.locator("#pipeline")
    for status in PIPELINE:
        if status == "completed":
            _write_the_sustainability_plan(page, lang)
            pipeline = page.locator("#pipeline")
        pipeline.locator(f"input[name=to][value={status}]").check()
        pipeline.locator("button[type=submit]").click()  # htmx swaps the pipeline block in place
        page.wait_for_selector(f"#project-status.status-{status}")
        check_page(page, f"project-pipeline-{status}", lang)
    history = pipeline.locator(".timeline > li")
    assert history.count() == len(PIPELINE) + 1
    assert pipeline.locator("input[name=to]").count() == 0, "a closed project offers no further move"


def _write_the_sustainability_plan(page, lang):
    """Completing without a plan is refused on the same page; the officer writes the plan, comes back."""
    pipeline = page.locator("#pipeline")
    pipeline.locator("input[name=to][value=completed]").check()
    pipeline.locator("button[type=submit]").click()
    page.wait_for_selector("#pipeline .form-errors")
    assert page.locator("#project-status").get_attribute("class").endswith("status-in_implementation")
    project_url = path_of(page)
    go(
        page,
        "#sustainability-title ~ p a[href^='/sustainability/projects/']",
        "sustainability-plan-empty",
        lang,
    )
    go(page, "main a[href$='/plan/']", "sustainability-plan-new", lang)
    page.locator("[name=exit_strategy]").fill(
        "تتكفل مصلحة الماء بالجماعة بالمحطة" if lang == "ar" else "Le service des eaux reprend la station."
    )
    page.locator("select[name=maintainer_kind]").select_option("commune_service")
    page.locator("[name=maintainer_name]").fill("مصلحة الماء" if lang == "ar" else "Service des eaux")
    page.locator("input[name=no_recurrent_cost]").check()
    submit(page, "sustainability-plan", lang)
    page.goto(project_url)
    check_page(page, "project-detail-with-plan", lang)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_officer_filters_the_project_list(open_page, lang):
    page = sign_in(open_page(lang), "officer", lang)
    go(page, ".main-nav a[href='/projects/']", "project-list", lang)
    everything = page.locator("main tbody tr").count()
    page.locator("main form select[name=status]").select_option("in_implementation")
    page.locator("main form select[name=area]").select_option("water_energy")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    check_page(page, "project-list-filtered", lang)
    rows = page.locator("main tbody tr")
    assert 0 < rows.count() < everything
    assert rows.locator(".badge.status-in_implementation").count() == rows.count()
    go(page, "main tbody tr a[href^='/projects/']", "project-detail", lang)
