"""The co-financing plan written through the API (a funder, its budget lines, its tranches) is the
project finance page's: the same forms and services, the ledger, versions."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.api.tests.test_api_access import _world_api
from sharaka.core.models import AuditEntry
from sharaka.finance.models import BudgetLine, Funder, Tranche


@pytest.mark.django_db
def test_a_funder_its_line_and_its_tranche_added_through_the_api_are_in_the_plan(world):
    _world_api(world)
    caller = ApiClient(world.personas.finance, language="fr")
    base = f"/api/v1/projects/{world.project.pk}/finance/"
    added = caller.post(base + "funders/", {"kind": "commune", "name": "Commune d'Aourir", "cash": "5000"})
    assert added.status_code == 201, added.content
    funder = Funder.objects.get(project=world.project, name="Commune d'Aourir")
    assert (funder.currency, funder.cash_mad) == ("MAD", 5000)
    assert any(f["id"] == funder.pk and f["total_mad"] == "5000.00" for f in added.json()["funders"])

    line = caller.post(
        base + "budget-lines/", {"category": "works", "funder": funder.pk, "amount_mad": "4000"}
    )
    assert line.status_code == 201, line.content
    assert BudgetLine.objects.filter(project=world.project, funder=funder, category="works").count() == 1
    tranche = caller.post(
        base + "tranches/",
        {"funder": funder.pk, "expected_on": "2027-03-01", "currency": "MAD", "amount": "2500"},
    )
    assert tranche.status_code == 201, tranche.content
    planned = Tranche.objects.get(project=world.project, funder=funder)
    for action in ("funder.create", "budget_line.set", "tranche.plan"):
        assert AuditEntry.objects.filter(action=action).exists(), action

    etag = f'"finance.tranche-{planned.pk}-v{planned.version}"'
    moved = caller.patch(f"{base}tranches/{planned.pk}/", {"expected_on": "2027-04-01"}, HTTP_IF_MATCH=etag)
    assert moved.status_code == 200, moved.content
    planned.refresh_from_db()
    assert str(planned.expected_on) == "2027-04-01" and planned.amount == 2500
    stale = caller.patch(f"{base}tranches/{planned.pk}/", {"amount": "1"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("funders/", {"kind": "partner", "cash": "10"}, "organisation"),
        ("funders/", {"kind": "commune", "name": "Commune", "cash": "0", "in_kind": "0"}, "cash"),
        ("funders/", {"kind": "commune", "name": "Commune", "cash": "12345678901234567"}, "cash"),
        ("budget-lines/", {"category": "works", "funder": 999999, "amount_mad": "10"}, "funder"),
        ("budget-lines/", {"category": "yachts", "funder": None, "amount_mad": "10"}, "category"),
        (
            "tranches/",
            {"funder": None, "expected_on": "9999-12-31", "currency": "MAD", "amount": "5"},
            "expected_on",
        ),
        (
            "tranches/",
            {"funder": None, "expected_on": "2027-01-01", "currency": "XXX", "amount": "5"},
            "currency",
        ),
        (
            "tranches/",
            {"funder": None, "expected_on": "2027-01-01", "currency": "MAD", "amount": "-5"},
            "amount",
        ),
    ],
)
def test_a_plan_row_the_page_would_refuse_is_refused_beside_its_field_and_nothing_is_written(
    world, path, body, field
):
    _world_api(world)
    caller = ApiClient(world.personas.finance)
    if "funder" in body and body["funder"] is None:
        body["funder"] = world.extra["finance"]["funder"].pk
    before = (
        Funder.objects.count(),
        BudgetLine.objects.count(),
        Tranche.objects.count(),
        AuditEntry.objects.count(),
    )
    answer = caller.post(f"/api/v1/projects/{world.project.pk}/finance/{path}", body)
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"], answer.json()
    after = (
        Funder.objects.count(),
        BudgetLine.objects.count(),
        Tranche.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before


@pytest.mark.django_db
def test_a_row_carrying_money_stays_and_an_empty_one_goes(world):
    finance = _world_api(world)
    caller = ApiClient(world.personas.finance, language="fr")
    base = f"/api/v1/projects/{world.project.pk}/finance/"
    kept = caller.delete(f"{base}funders/{finance['funder'].pk}/")
    assert kept.status_code == 400
    assert kept.json()["errors"]["__all__"][0].startswith(
        "De l'argent a été enregistré ou rapporté pour ce bailleur"
    )
    assert Funder.objects.filter(pk=finance["funder"].pk).exists()

    tranche = finance["tranche"]
    gone = caller.delete(f"{base}tranches/{tranche.pk}/")
    assert gone.status_code == 204 and not Tranche.objects.filter(pk=tranche.pk).exists()
    assert AuditEntry.objects.filter(action="tranche.remove", object_id=str(tranche.pk)).exists()
    assert caller.delete(f"{base}tranches/{tranche.pk}/").status_code == 404
