"""Coverage: the share of yearly recurrent costs with a confirmed payer (sustainability/queries.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sharaka.sustainability import queries, services
from sharaka.sustainability.testing import make_plan

pytestmark = pytest.mark.django_db


def test_it_is_the_confirmed_share_of_the_yearly_costs(ended):
    plan = make_plan(
        ended,
        costs=[
            ("Électricité", "6000", "commune_budget", True),
            ("Entretien", "3000", "user_fees", False),  # a payer named, not confirmed
            ("Gardien", "1000", "nobody", False),
        ],
    )
    assert queries.coverage(plan) == Decimal("60.00")


def test_it_rounds_down_so_that_a_plan_never_passes_a_threshold_by_rounding(ended):
    plan = make_plan(ended, costs=[("A", "2", "commune_budget", True), ("B", "1", "nobody", False)])
    assert queries.coverage(plan) == Decimal("66.66")


def test_a_plan_without_costs_is_covered_only_when_it_says_there_are_none(ended, personas):
    from sharaka.core.testing import make_project

    stated = make_plan(ended)
    silent = make_plan(make_project(code="AOU-S-2"), no_recurrent_cost=False)

    assert queries.coverage(stated) == Decimal(100)
    assert queries.coverage(silent) == Decimal(0)
    assert queries.coverage(None) is None


def test_adding_a_cost_to_a_plan_that_said_none_takes_the_statement_back(ended, personas):
    plan = make_plan(ended)
    services.cost_save(
        actor=personas.officer,
        plan=plan,
        data={"what": "Gardien", "amount_per_year": Decimal("1200"), "payer_kind": "nobody"},
    )
    plan.refresh_from_db()
    assert not plan.no_recurrent_cost
    assert queries.coverage(plan) == Decimal(0)


def test_a_confirmed_payer_needs_a_name_and_evidence_of_this_plan(ended, personas):
    plan = make_plan(ended, no_recurrent_cost=False)
    data = {
        "what": "Électricité",
        "amount_per_year": Decimal("5000"),
        "payer_kind": "commune_budget",
        "confirmed": True,
    }

    with pytest.raises(ValidationError) as refused:
        services.cost_save(actor=personas.officer, plan=plan, data=data)
    assert "payer_detail" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.cost_save(actor=personas.officer, plan=plan, data={**data, "payer_detail": "10.20"})
    assert "evidence" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.cost_save(actor=personas.officer, plan=plan, data={**data, "payer_kind": "nobody"})
    assert "confirmed" in refused.value.message_dict


def test_annotating_many_plans_takes_one_query(ended, django_assert_num_queries):
    from sharaka.core.testing import make_project

    plans = [make_plan(ended, costs=[("A", "100", "commune_budget", True), ("B", "300", "nobody", False)])]
    for i in range(4):
        plans.append(make_plan(make_project(code=f"AOU-S-{i + 10}"), costs=[("A", "100", "user_fees", True)]))
    with django_assert_num_queries(1):
        queries.annotate_plans(plans)
    assert [p.coverage for p in plans] == [Decimal("25.00")] + [Decimal("100.00")] * 4


def test_the_public_summary_says_who_pays_and_who_maintains(ended):
    make_plan(
        ended,
        costs=[("Électricité", "6000", "commune_budget", True), ("Gardien", "2000", "nobody", False)],
        maintainer_kind="association",
        maintainer_name="Association des usagers de l'eau",
    )

    summary = queries.public_summary(ended)

    assert summary["maintainer_name"] == "Association des usagers de l'eau"
    assert summary["coverage"] == Decimal("75.00")
    assert summary["total_per_year"] == Decimal("8000.00")
    assert [(c["what"], c["confirmed"], c["payer_name"]) for c in summary["costs"]] == [
        ("Électricité", True, "Ligne 10.20"),
        ("Gardien", False, ""),
    ]
    assert "evidence" not in summary and "risks" not in summary


def test_the_public_summary_of_a_project_without_plan_is_none(ended):
    assert queries.public_summary(ended) is None
