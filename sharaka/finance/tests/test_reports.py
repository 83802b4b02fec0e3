"""The donor financial report: XLSX read back cell by cell, PDF read back as text."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sharaka.finance import services
from sharaka.finance.tests.conftest import record


@pytest.fixture
def report(money):
    record(money, amount=Decimal("1234567.89"), reference='=HYPERLINK("http://evil")', provider="+33 UNDP")
    record(
        money,
        type="4",
        currency="MAD",
        amount=Decimal("2500.50"),
        provider="@commune",
        receiver="-SARL",
        reference="BC-2026/014",
    )
    return services.report_issue(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
    )


def _get(client, user, name, report, language="ar"):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(reverse(name, kwargs={"report_pk": report.pk}), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


def _funder_tx(report):
    return report.project.finance_transactions.filter(funder=report.funder)


def test_it_writes_a_right_to_left_xlsx_in_arabic_without_live_formulas(client, world, report):
    response = _get(client, world.personas.finance, "finance_report_xlsx", report)
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    assert ws.sheet_view.rightToLeft
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"], "no formula anywhere"
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for hostile in ['=HYPERLINK("http://evil")', "+33 UNDP"]:
        assert texts[hostile].data_type == "s" and texts[hostile].quotePrefix
    amounts = {c.value: c.number_format for c in cells if isinstance(c.value, (int, float, Decimal))}
    assert amounts[1234567.89] == "#,##0.00 [$EUR]"
    assert amounts[13456790.00] == '#,##0.00\\ "DH"'  # 1234567.89 x 10.9 = 13456790.001
    assert ws.row_dimensions[1].height == 21
    assert "تقرير مالي للممول" in texts


def test_it_writes_a_left_to_right_xlsx_for_a_french_report_even_to_an_arabic_reader(client, world, money):
    record(money)
    report = services.report_issue(
        actor=money["actor"],
        project=money["project"],
        funder=money["undp"],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        language="fr",
    )
    response = _get(client, world.personas.finance, "finance_report_xlsx", report, language="ar")
    assert not load_workbook(io.BytesIO(response.content)).active.sheet_view.rightToLeft


def test_it_writes_a_pdf_whose_amounts_read_in_logical_order(client, world, report):
    response = _get(client, world.personas.finance, "finance_report_pdf", report)
    assert response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "1.234.567,89" in text  # EUR amount, Arabic grouping, digits not reversed
    assert "13.456.790,00" in text  # its MAD value
    assert "10,900000" in text  # the rate used is named (Arabic decimal comma)
    assert "BC-2026/014" in text
    assert "AOU-T-001" in text


def test_it_lets_a_partner_viewer_read_their_projects_report(client, world, report):
    _get(client, world.personas.partner_viewer, "finance_report_pdf", report)
    client.force_login(world.personas.outsider_partner_viewer)
    assert client.get(reverse("finance_report_pdf", kwargs={"report_pk": report.pk})).status_code == 404


def test_it_reads_the_same_after_a_rate_is_corrected(client, world, report, money):
    before = _get(client, world.personas.finance, "finance_report_xlsx", report).content
    services.rate_set(
        actor=money["actor"], currency="EUR", date=datetime.date(2026, 3, 1), rate="12", source="x"
    )
    after_wb = load_workbook(
        io.BytesIO(_get(client, world.personas.finance, "finance_report_xlsx", report).content)
    )
    values = [c.value for row in after_wb.active.iter_rows() for c in row]
    assert 13456790.00 in values
    assert before[:2] == b"PK"
