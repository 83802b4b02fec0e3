"""The demo's money: loaded once for this module (inside a transaction rolled back at the end)."""

import pytest
from django.db.models import Sum

from sharaka.core.testing import demo_loaded
from sharaka.finance.models import BudgetLine, ExchangeRate, FinancialReport, Funder, Transaction
from sharaka.finance.queries import late_tranches, project_finance
from sharaka.projects.models import Project


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory) as loaded:
        yield loaded.media


@pytest.fixture
def loaded(demo, db):
    return demo


def test_the_funded_demo_projects_have_plans_budgets_and_money(loaded):
    funded = Project.objects.filter(
        status__in=["in_implementation", "completed", "closed"], finance_funders__isnull=False
    )
    assert funded.distinct().count() >= 10
    for project in funded.distinct():
        f = project_finance(project)
        assert f.budget_total >= f.plan_total > 0
        assert f.road["received"] > 0, project.code
    assert set(Transaction.objects.values_list("currency", flat=True)) >= {"MAD", "EUR", "USD"}
    assert ExchangeRate.objects.filter(is_illustrative=False).count() == 0


def test_the_demo_has_one_late_tranche_and_one_locked_report(loaded):
    assert [t.project.code for t in late_tranches(Project.objects.all())] == ["AOU-2025-003"]
    report = FinancialReport.objects.get()
    assert Transaction.objects.filter(locked_by=report).exists()


def test_the_demo_budget_lines_add_up_to_the_plan_except_the_gap(loaded):
    project = Project.objects.get(code="AOU-2025-001")
    budget = BudgetLine.objects.filter(project=project).aggregate(t=Sum("amount_mad"))["t"]
    plan = sum(f.total_mad for f in Funder.objects.filter(project=project))
    assert budget - plan == 250000


def test_no_special_account_pays_more_than_it_received(loaded):
    from sharaka.finance.queries import accounts_with_balance

    for account in accounts_with_balance():
        assert (account.paid or 0) <= (account.received or 0)


def test_the_demo_plans_tranches_from_an_agreement_and_every_tranche_has_an_owner(loaded):
    from sharaka.finance.models import Tranche

    generated = Tranche.objects.filter(obligation__isnull=False).select_related("obligation__agreement")
    assert {t.obligation.agreement.reference for t in generated} == {"DEMO-AGR-01"}
    assert {t.project.code for t in generated} == {"AOU-2025-010"}
    assert len(generated) == 2 and all(t.expected_on == t.obligation.due_on for t in generated)
    assert sum(t.amount for t in generated) == generated[0].funder.cash
    assert not Tranche.objects.filter(owner__isnull=True).exists()
    (late,) = late_tranches(Project.objects.all())
    assert late.owner == late.project.manager


def test_planning_from_the_agreement_again_creates_nothing(loaded):
    from sharaka.agreements.models import Agreement
    from sharaka.core.models import User
    from sharaka.finance import services

    project = Project.objects.get(code="AOU-2025-010")
    done = services.tranches_from_agreement(
        actor=User.objects.filter(role="finance_officer").first(),
        project=project,
        agreement=Agreement.objects.get(reference="DEMO-AGR-01"),
    )
    assert (done.created, done.moved) == ([], [])
