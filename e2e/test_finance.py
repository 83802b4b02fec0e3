"""A finance officer records an expenditure on a funded project, then issues and downloads a donor report."""

import pytest

from e2e.actions import go, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _funded_project():
    """A demo project in implementation today, with a budget to spend against."""
    from django.utils import timezone

    from sharaka.finance.models import BudgetLine

    today = timezone.localdate()
    line = (
        BudgetLine.objects.filter(
            project__status="in_implementation",
            project__planned_start__lte=today,
            project__planned_end__gte=today,
        )
        .select_related("project")
        .order_by("project__code", "id")
        .first()
    )
    assert line, "the demo has a project in implementation today, with a budget"
    return line.project


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_finance_officer_records_a_transaction_and_downloads_a_report(open_page, lang):
    from django.utils import timezone

    project = _funded_project()
    today = timezone.localdate()
    page = sign_in(open_page(lang), "finance", lang)
    go(page, ".main-nav a[href='/finance/']", "finance-dashboard", lang)
    page.goto(f"/finance/projects/{project.pk}/")
    check_page(page, "finance-project", lang)

    go(page, "main a[href$='/transactions/new/']", "finance-transaction-new", lang)
    page.locator("select[name=type]").select_option("4")  # expenditure
    page.locator("select[name=budget_line]").select_option(index=1)
    page.locator("[name=provider]").fill("Commune d'Aourir")
    page.locator("[name=receiver]").fill("Entreprise Souss Travaux SARL")
    page.locator("[name=value_date]").fill(today.isoformat())
    page.locator("[name=currency]").select_option("MAD")
    page.locator("[name=amount]").fill("12500.50")
    page.locator("[name=reference]").fill(f"E2E-{lang}")
    submit(page, "finance-project-recorded", lang)
    assert page.locator(".messages .success").is_visible()

    go(page, "main a[href$='/reports/new/']", "finance-report-new", lang)
    page.locator("select[name=funder]").select_option(index=1)
    page.locator("[name=period_start]").fill(today.replace(month=1, day=1).isoformat())
    page.locator("[name=period_end]").fill(today.isoformat())
    submit(page, "finance-project-reported", lang)
    pdf = page.locator("main a[href$='.pdf']").first.get_attribute("href")
    response = page.request.get(pdf)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
