"""Import from Excel: a preview, row-by-row errors, all or nothing, hostile files refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from sharaka.core.models import AuditEntry
from sharaka.finance import imports
from sharaka.finance.models import BudgetLine, Transaction


@pytest.fixture(autouse=True)
def _english():
    """Messages are read in English here; the catalogues are checked elsewhere."""
    with translation.override("en"):
        yield


def _xlsx(rows, header=("a", "b", "c", "d", "e", "f", "g", "h")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("import.xlsx", out.getvalue())


TX_ROWS = [
    ("1", "2026-03-05", "EUR", "1000.00", "UNDP", "Commune", "VIR-10", "UNDP"),
    ("4", "2026-03-06", "MAD", "250.25", "Commune", "SARL Atlas", "BC-11", "Commune d'Aourir"),
]


def test_it_previews_without_applying(money):
    result = imports.run(
        actor=money["actor"],
        project=money["project"],
        kind="transactions",
        upload=_xlsx(TX_ROWS),
        apply=False,
    )
    assert not result.errors and len(result.rows) == 2 and not result.applied
    assert not Transaction.objects.exists()


def test_it_applies_when_every_row_is_valid(money):
    entries = AuditEntry.objects.count()
    result = imports.run(
        actor=money["actor"], project=money["project"], kind="transactions", upload=_xlsx(TX_ROWS), apply=True
    )
    assert result.applied
    assert sorted(Transaction.objects.values_list("amount_mad", flat=True)) == [250.25, 10900]
    assert AuditEntry.objects.count() == entries + 2


def test_it_applies_nothing_when_one_row_is_wrong(money):
    rows = [
        *TX_ROWS,
        ("4", "2026-03-07", "XYZ", "-3", "Commune", "X", "", ""),
        ("1", "someday", "EUR", "5", "A", "B", "", ""),
    ]
    result = imports.run(
        actor=money["actor"], project=money["project"], kind="transactions", upload=_xlsx(rows), apply=True
    )
    assert not result.applied
    assert [number for number, _ in result.errors] == [4, 5]
    assert not Transaction.objects.exists()


def test_it_imports_a_budget(money):
    rows = [("training", "UNDP", "Ateliers", "50000"), ("Equipment", "Commune d'Aourir", "", "12000.50")]
    result = imports.run(
        actor=money["actor"], project=money["project"], kind="budget", upload=_xlsx(rows), apply=True
    )
    assert result.applied, result.errors
    assert BudgetLine.objects.filter(project=money["project"]).count() == 4


def test_it_refuses_a_file_with_a_formula(money):
    result = imports.run(
        actor=money["actor"],
        project=money["project"],
        kind="budget",
        upload=_xlsx([("works", "UNDP", "x", "=1000*2")]),
        apply=True,
    )
    assert result.errors and "formula" in result.errors[0][1]
    assert not result.applied


@pytest.mark.parametrize(
    "content",
    [b"not a zip at all", b"PK\x03\x04 broken"],
)
def test_it_refuses_what_is_not_an_xlsx(money, content):
    result = imports.run(
        actor=money["actor"],
        project=money["project"],
        kind="budget",
        upload=SimpleUploadedFile("x.xlsx", content),
        apply=True,
    )
    assert result.errors and not result.applied


def test_it_refuses_a_zip_bomb(money):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"0" * 25_000_000)
    result = imports.run(
        actor=money["actor"],
        project=money["project"],
        kind="budget",
        upload=SimpleUploadedFile("x.xlsx", out.getvalue()),
        apply=True,
    )
    assert "20 MB" in result.errors[0][1]


def test_it_shows_the_preview_page(client, money):
    client.force_login(money["actor"])
    url = reverse("finance_import", kwargs={"pk": money["project"].pk})
    response = client.post(url, {"kind": "transactions", "file": _xlsx(TX_ROWS)})
    assert response.status_code == 200 and response.context["result"].rows
    response = client.post(url, {"kind": "transactions", "file": _xlsx(TX_ROWS), "confirm": "on"})
    assert response.status_code == 302
    assert Transaction.objects.count() == 2
