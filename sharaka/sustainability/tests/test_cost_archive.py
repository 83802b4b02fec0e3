"""A recurrent cost is never deleted: removing it from a plan archives it, out of the coverage, in the
ledger with its last values and the coverage before and after; once the project is closed, its plan
is kept as it closed (docs/sustainability.md, "Nothing is deleted")."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.projects.models import Project
from sharaka.sustainability import queries, services
from sharaka.sustainability.models import RecurrentCost
from sharaka.sustainability.testing import make_plan

pytestmark = pytest.mark.django_db


def _plan(project):
    return make_plan(
        project, costs=[("Électricité", "6000", "commune_budget", True), ("Gardien", "4000", "nobody", False)]
    )


def test_a_removed_cost_stays_in_the_table_and_leaves_the_coverage(personas, ended):
    plan = _plan(ended)
    guard = RecurrentCost.objects.get(plan=plan, what="Gardien")
    assert queries.coverage(plan) == Decimal("60.00")

    services.cost_remove(actor=personas.manager, cost=guard)

    kept = RecurrentCost.all_objects.get(pk=guard.pk)
    assert kept.removed_at is not None and kept.removed_by == personas.manager
    assert list(plan.costs.values_list("what", flat=True)) == ["Électricité"]
    assert queries.coverage(plan) == Decimal(100)
    entry = AuditEntry.objects.get(action="recurrent_cost.remove")
    assert entry.before["what"] == "Gardien" and entry.before["coverage"] == "60.00"
    assert entry.after["coverage"] == "100.00"


def test_removing_twice_writes_once(personas, ended):
    plan = _plan(ended)
    cost = plan.costs.get(what="Gardien")
    services.cost_remove(actor=personas.officer, cost=cost)
    services.cost_remove(actor=personas.officer, cost=cost)
    assert AuditEntry.objects.filter(action="recurrent_cost.remove").count() == 1


def test_nothing_is_removed_from_the_plan_of_a_closed_project(personas, ended):
    plan = _plan(ended)
    Project.objects.filter(pk=ended.pk).update(status="closed")
    cost = plan.costs.get(what="Gardien")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.cost_remove(actor=personas.officer, cost=cost)
    assert refused.value.code == "plan_closed"
    assert RecurrentCost.objects.filter(pk=cost.pk).exists()
    assert AuditEntry.objects.count() == before


def test_a_removed_cost_cannot_be_opened_or_removed_again_through_the_pages(client, personas, ended):
    plan = _plan(ended)
    cost = plan.costs.get(what="Gardien")
    services.cost_remove(actor=personas.officer, cost=cost)
    client.force_login(personas.officer)
    edit = reverse("sustainability_cost_edit", kwargs={"pk": ended.pk, "cost_pk": cost.pk})
    remove = reverse("sustainability_cost_remove", kwargs={"pk": ended.pk, "cost_pk": cost.pk})
    assert client.get(edit).status_code == 404
    assert client.post(remove).status_code == 404
