"""Files of many rows through the API, as the pages take them: checked and previewed without
`apply`, written all or nothing with it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from sharaka.api.tests.helpers import ApiClient
from sharaka.api.tests.test_api_access import _world_api
from sharaka.core.models import AuditEntry
from sharaka.finance.models import BudgetLine
from sharaka.results.models import Update
from sharaka.results.url_expectations import bulk_chain

pytestmark = pytest.mark.django_db


def _xlsx(rows, name="valeurs.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_values_from_the_filled_template_are_previewed_then_written_all_or_none(world):
    period = bulk_chain(world)["period"]
    manager = ApiClient(world.personas.manager, language="fr")
    url = f"/api/v1/projects/{world.project.pk}/results/bulk/"
    template = manager.get(f"/api/v1/projects/{world.project.pk}/results/template/")
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).active.max_row >= 2  # a row per open period

    before = Update.objects.count(), AuditEntry.objects.count()
    preview = manager.multipart(url, {"file": _xlsx([["period", "value"], [period.pk, 40]])})
    assert preview.status_code == 200, preview.content
    assert preview.json() == {"applied": False, "rows": 1, "written": 0}
    wrong = manager.multipart(
        url, {"file": _xlsx([["period", "value"], [period.pk, 40], [10**30, 5]]), "apply": "true"}
    )
    assert wrong.status_code == 400 and list(wrong.json()["errors"]) == ["rows.3"]
    not_a_sheet = manager.multipart(
        url, {"file": SimpleUploadedFile("valeurs.xlsx", b"MZ\x90\x00" + b"\x00" * 64), "apply": "true"}
    )
    assert not_a_sheet.status_code == 400 and list(not_a_sheet.json()["errors"]) == ["file"]
    assert (Update.objects.count(), AuditEntry.objects.count()) == before

    applied = manager.multipart(url, {"file": _xlsx([["period", "value"], [period.pk, 40]]), "apply": "true"})
    assert applied.status_code == 201, applied.content
    assert applied.json() == {"applied": True, "rows": 1, "written": 1}
    assert Update.objects.get(period=period).status == "draft"
    assert ApiClient(world.personas.finance).multipart(url, {"file": _xlsx([["period"]])}).status_code == 403


def test_budget_lines_from_a_spreadsheet_are_checked_as_the_form_checks_them(world):
    _world_api(world)
    caller = ApiClient(world.personas.finance, language="fr")
    url = f"/api/v1/projects/{world.project.pk}/finance/import/"
    heading = ["category", "funder", "description", "amount"]
    before = BudgetLine.objects.count(), AuditEntry.objects.count()
    wrong = caller.multipart(
        url, {"kind": "budget", "apply": "true", "file": _xlsx([heading, ["nowhere", "UNDP", "x", "100"]])}
    )
    assert wrong.status_code == 400 and list(wrong.json()["errors"]) == ["rows.2"]
    formula = caller.multipart(
        url,
        {"kind": "budget", "apply": "true", "file": _xlsx([heading, ["training", "UNDP", "=1+1", "100"]])},
    )
    assert formula.status_code == 400 and list(formula.json()["errors"]) == [
        "file"
    ]  # a formula cell: refused whole
    assert (BudgetLine.objects.count(), AuditEntry.objects.count()) == before
    rows = [heading, ["training", "UNDP", "Ateliers", "100"]]
    preview = caller.multipart(url, {"kind": "budget", "file": _xlsx(rows)})
    assert preview.status_code == 200 and preview.json()["applied"] is False
    assert BudgetLine.objects.count() == before[0]
    applied = caller.multipart(url, {"kind": "budget", "apply": "true", "file": _xlsx(rows)})
    assert applied.status_code == 201 and applied.json()["written"] == 1
    assert BudgetLine.objects.filter(project=world.project, category="training").exists()


def test_rates_from_a_csv_file_all_or_none(world):
    from sharaka.finance.models import ExchangeRate

    caller = ApiClient(world.personas.finance, language="fr")

    def csv(text):
        return SimpleUploadedFile("taux.csv", text.encode(), content_type="text/csv")

    before = ExchangeRate.objects.count()
    wrong = caller.multipart(
        "/api/v1/finance/rates/import/",
        {"file": csv("currency,date,rate,source\nUSD,2026-08-03,9.98,BAM\nEUR,9999-99-99,10.9,BAM\n")},
    )
    assert wrong.status_code == 400 and list(wrong.json()["errors"]) == ["file"]
    assert ExchangeRate.objects.count() == before
    done = caller.multipart(
        "/api/v1/finance/rates/import/",
        {"file": csv("currency,date,rate,source\nUSD,2026-08-03,9.98,BAM\nEUR,2026-08-03,10.9,BAM\n")},
    )
    assert done.status_code == 201 and done.json()["written"] == 2
    assert ExchangeRate.objects.count() == before + 2
