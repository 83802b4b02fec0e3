"""The cooperation officer keeps a project alive after the donor leaves, in Arabic and in French.

On the demo (whose daily tick already ran): the sustainability dashboard warns that the young
women's vocational training (AOU-2025-003) ends within six months with recurrent costs nobody has
confirmed, in the reader's language and with a link to the plan. The officer follows it, adds the
council's decision (a PDF) to the plan, confirms the commune's budget line as payer of the rent
with it, and the coverage rises from 11.11% to 28.88%. A project still in implementation without a
plan cannot be completed: the refusal is read on the project page. Then a risk with its review date.
The dashboard and the plan also on a 375 px phone.
"""

import pytest

from e2e.actions import go, path_of, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

TRAINING = "AOU-2025-003"
RENT = "كراء القاعة والتجهيزات"  # the demo's cost: the commune's budget line, not yet confirmed
ENDING = {"ar": "ينتهي المشروع", "fr": "Le projet se termine"}
COVERAGE = ("11,11", "28,88")  # Django formats a decimal with a comma in Arabic and French
REFUSED = {"ar": "خطة", "fr": "plan"}  # the guard's refusal names the missing plan
DECISION = {"ar": "مقرر المجلس بشأن كراء القاعة", "fr": "Délibération : loyer de la salle"}
RISK = {
    "ar": "تأخر تحويل اعتمادات الميزانية لأداء أجور المكونين",
    "fr": "Retard du virement budgétaire pour payer les formateurs",
}


def _pdf(name: str) -> dict:
    from sharaka.demo.pdf import minimal_pdf

    return {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf(name)}


def _in_implementation_without_a_plan():
    from sharaka.projects.models import Project

    project = (
        Project.objects.filter(
            status="in_implementation", sustainability_plan__isnull=True, archived_at__isnull=True
        )
        .order_by("code")
        .first()
    )
    assert project, "the demo has a project in implementation without a sustainability plan"
    return project


def _coverage(page) -> str:
    return page.locator("#plan-title ~ dl .share .num").inner_text().strip()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_officer_covers_the_recurrent_costs_of_a_project_about_to_end(open_page, lang):
    from sharaka.projects.models import Project

    training = Project.objects.get(code=TRAINING)
    plan_url = f"/sustainability/projects/{training.pk}/"
    page = sign_in(open_page(lang), "officer", lang)

    # The dashboard's warning, in the reader's language, links to the plan that fixes it.
    page.goto("/sustainability/")
    check_page(page, "sustainability-dashboard", lang)
    warning = (
        page.locator(f"#h-warnings ~ #d-warnings ul li:has(a[href='{plan_url}'])")
        .filter(has_text=ENDING[lang])
        .first
    )
    assert warning.is_visible(), "the dashboard does not warn about the training ending uncovered"
    with page.expect_navigation():
        warning.locator(f"a[href='{plan_url}']").last.click()
    check_page(page, "sustainability-plan-warned", lang)
    assert path_of(page) == plan_url
    assert COVERAGE[0] in _coverage(page), f"the coverage is {_coverage(page)}"

    # The council's decision on the rent, as a PDF; then the rent's payer confirmed with it.
    go(page, f"main a[href='{plan_url}evidence/new/']", "sustainability-evidence-new", lang)
    page.locator("[name=title]").fill(DECISION[lang])
    page.locator("select[name=kind]").select_option("council_decision")
    page.locator("input[name=file]").set_input_files(_pdf("deliberation-loyer"))
    submit(page, "sustainability-plan-evidence", lang)
    rent = page.locator("#costs-title ~ .table-wrap tbody tr").filter(has_text=RENT)
    go(
        page,
        f"#costs-title ~ .table-wrap tbody tr:has-text('{RENT}') a[href*='/costs/']",
        "sustainability-cost",
        lang,
    )
    page.locator("input[name=confirmed]").check()
    page.locator("select[name=evidence]").select_option(label=DECISION[lang])
    submit(page, "sustainability-plan-covered", lang)
    assert COVERAGE[1] in _coverage(page), f"the coverage did not rise: {_coverage(page)}"
    assert rent.locator(".overdue").count() == 0, "the rent still shows no confirmed payer"

    # A project in implementation without a plan cannot be completed: refused on its page.
    bare = _in_implementation_without_a_plan()
    page.goto(f"/projects/{bare.pk}/")
    pipeline = page.locator("#pipeline")
    pipeline.locator("input[name=to][value=completed]").check()
    pipeline.locator("button[type=submit]").click()  # htmx swaps the pipeline block in place
    page.wait_for_selector("#pipeline .form-errors")
    check_page(page, "project-completed-refused", lang)
    assert REFUSED[lang] in page.locator("#pipeline .form-errors").inner_text()
    assert page.locator("#project-status").get_attribute("class").endswith("status-in_implementation")

    # A risk of the training, with the date it is to be reviewed.
    page.goto(plan_url)
    go(page, f"main a[href='{plan_url}risks/new/']", "sustainability-risk-new", lang)
    page.locator("[name=description]").fill(RISK[lang])
    page.locator("select[name=category]").select_option("financial")
    page.locator("select[name=likelihood]").select_option("4")
    page.locator("select[name=impact]").select_option("4")
    page.locator("input[name=review_on]").fill("2027-03-31")
    submit(page, "sustainability-plan-risk", lang)
    assert page.locator("#risks-title ~ *").filter(has_text=RISK[lang]).count() >= 1


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_dashboard_and_a_plan_fit_a_phone(open_page, lang):
    from sharaka.projects.models import Project

    training = Project.objects.get(code=TRAINING)
    page = sign_in(open_page(lang, phone=True), "officer", lang)
    page.goto("/sustainability/")
    check_page(page, "sustainability-dashboard", lang)
    page.goto(f"/sustainability/projects/{training.pk}/")
    check_page(page, "sustainability-plan", lang)
