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


# --- rates, reports, tranches from an agreement --------------------------------------------------------


@pytest.mark.django_db
def test_a_rate_entered_is_dated_and_the_dirham_has_none(world):
    from sharaka.finance.models import ExchangeRate

    caller = ApiClient(world.personas.finance, language="fr")
    before = ExchangeRate.objects.count()
    dirham = caller.post(
        "/api/v1/finance/rates/", {"currency": "MAD", "date": "2026-08-03", "rate": "1", "source": "BAM"}
    )
    assert dirham.status_code == 400
    huge = caller.post(
        "/api/v1/finance/rates/",
        {"currency": "EUR", "date": "2026-08-03", "rate": "1234567890123456", "source": "BAM"},
    )
    assert huge.status_code == 400 and list(huge.json()["errors"]) == ["rate"]
    assert ExchangeRate.objects.count() == before
    entered = caller.post(
        "/api/v1/finance/rates/", {"currency": "EUR", "date": "2026-08-03", "rate": "10.9", "source": "BAM"}
    )
    assert entered.status_code == 201, entered.content
    assert entered.json()["rate"] == "10.900000"
    assert caller.get("/api/v1/finance/rates/").json()["results"][0]["id"] == entered.json()["id"]


@pytest.mark.django_db
def test_a_donor_report_issued_through_the_api_opens_as_a_spreadsheet_and_a_pdf(world):
    import io

    from openpyxl import load_workbook

    found = _world_api(world)
    caller = ApiClient(world.personas.finance, language="fr")
    url = f"/api/v1/projects/{world.project.pk}/finance/reports/"
    backwards = caller.post(
        url, {"funder": found["funder"].pk, "period_start": "2026-09-30", "period_end": "2026-07-01"}
    )
    assert backwards.status_code == 400
    issued = caller.post(
        url,
        {
            "funder": found["funder"].pk,
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
            "language": "fr",
            "narrative": "Travaux du réservoir.",
        },
    )
    assert issued.status_code == 201, issued.content
    sheet = caller.get(issued.json()["xlsx"].replace("http://testserver", ""))
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.content))
    assert any(
        "Travaux du réservoir." in str(cell.value) for ws in book for row in ws.iter_rows() for cell in row
    )
    pdf = caller.get(issued.json()["pdf"].replace("http://testserver", ""))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert [r["id"] for r in caller.get(url).json()][0] == issued.json()["id"]


@pytest.mark.django_db
def test_tranches_planned_from_an_agreement_once_and_the_calls_left_out_said_why(world):
    from decimal import Decimal

    from sharaka.agreements.models import Obligation

    _world_api(world)
    agreement = world.extra["agreement"]
    caller = ApiClient(world.personas.finance, language="fr")
    url = f"/api/v1/projects/{world.project.pk}/finance/tranches/from-agreement/"
    nobody = caller.post(url, {"agreement": agreement.pk})
    assert nobody.status_code == 200, nobody.content
    assert nobody.json()["created"] == [] and len(nobody.json()["skipped"]) == 1  # no party named on it
    party = agreement.parties.get(organisation=world.organisation)
    party.cash_amount, party.currency = Decimal("20000.00"), "EUR"
    party.save()
    Obligation.objects.filter(agreement=agreement, kind="tranche").update(party=party)
    planned = caller.post(url, {"agreement": agreement.pk})
    assert planned.status_code == 200 and len(planned.json()["created"]) == 1
    again = caller.post(url, {"agreement": agreement.pk})
    assert again.json()["created"] == [] and again.json()["moved"] == []
    other = caller.post(url, {"agreement": 10**30})
    assert other.status_code == 400 and list(other.json()["errors"]) == ["agreement"]
