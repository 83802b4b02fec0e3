"""A finance officer on a funded project: records an expenditure, then issues and downloads a donor
report; adds a funder to the co-financing plan (a negative pledge refused first), plans its first
tranche and changes a budget line."""

import datetime

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


FOUNDATION = {"ar": "مؤسسة أورير للتضامن", "fr": "Fondation Aourir Solidarité"}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_finance_officer_adds_a_funder_plans_its_tranche_and_changes_a_budget_line(open_page, lang):
    from django.utils import timezone, translation

    project = _funded_project()
    page = sign_in(open_page(lang), "finance", lang)
    page.goto(f"/finance/projects/{project.pk}/")
    check_page(page, "finance-project", lang)

    # A new funder: a negative pledge is refused on the same page, in the reader's language, as typed.
    go(page, "main a[href$='/funders/new/']", "finance-funder-new", lang)
    page.locator("select[name=kind]").select_option("other")
    page.locator("[name=name]").fill(FOUNDATION[lang])
    page.locator("select[name=currency]").select_option("MAD")
    page.locator("[name=cash]").fill("-50000")
    submit(page, "finance-funder-refused", lang, status=400)
    with translation.override(lang):
        expected = translation.gettext("The amount cannot be negative.")
    assert expected in page.locator("main form").inner_text(), (
        "the refusal is not shown in the reader's language"
    )
    assert page.locator("[name=cash]").input_value() == "-50000", "the typed amount was lost"
    page.locator("[name=cash]").fill("50000")
    submit(page, "finance-funder-added", lang)
    funder = project.finance_funders.get(name=FOUNDATION[lang])
    assert page.locator(f"main a[href$='/funders/{funder.pk}/edit/']").count() == 1, (
        "the plan misses the funder"
    )

    # Its first tranche, expected in three months.
    go(page, "main a[href$='/tranches/new/']", "finance-tranche-new", lang)
    page.locator("select[name=funder]").select_option(str(funder.pk))
    page.locator("[name=expected_on]").fill(
        (timezone.localdate().replace(day=1) + datetime.timedelta(days=95)).isoformat()
    )
    page.locator("select[name=currency]").select_option("MAD")
    page.locator("[name=amount]").fill("25000")
    submit(page, "finance-tranche-planned", lang)
    assert page.locator(".messages .success").is_visible()

    # Part of it arrives: the receipt opens from the tranche with funder, amount, provider and
    # receiver filled in; the tranche then reads "partly received" with what is still due.
    tranche = funder.tranches.get()
    go(page, f"main a[href$='/transactions/new/?tranche={tranche.pk}']", "finance-tranche-receipt", lang)
    assert page.locator("[name=provider]").input_value() == FOUNDATION[lang]
    assert page.locator("[name=amount]").input_value().startswith("25000"), "what is due is not filled in"
    page.locator("[name=value_date]").fill((timezone.localdate() + datetime.timedelta(days=1)).isoformat())
    page.locator("[name=amount]").fill("10000")
    submit(page, "finance-tranche-partly-received", lang)
    assert page.locator(".messages .success").is_visible()
    with translation.override(lang):
        partly = translation.pgettext("tranche", "Partly received")
    assert partly in page.locator("main").inner_text(), "the tranche is not shown partly received"

    # A budget line changed.
    go(page, "main a[href*='/budget/'][href$='/edit/']", "finance-budget-line-edit", lang)
    page.locator("[name=amount_mad]").fill("180000")
    submit(page, "finance-budget-line-changed", lang)
    assert page.locator(".messages .success").is_visible()
