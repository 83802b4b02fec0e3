"""The donor financial report for a project, a funder and a period, as XLSX and PDF.

Figures come from the stored transactions: each carries the rate it was recorded with, and the
period is locked once the report is issued, so the report reads the same every time it is opened.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from sharaka.core.multilingual import best
from sharaka.finance.models import BudgetLine, FinancialReport, Transaction, TxType
from sharaka.lib.money import format_amount

ZERO = Decimal("0.00")
# Excel number formats (stack notes §4): the dirham as "DH", a foreign currency by its ISO code.
MAD_FORMAT = '#,##0.00\\ "DH"'
RATE_FORMAT = "0.000000"
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def currency_format(code: str) -> str:
    return MAD_FORMAT if code == "MAD" else f"#,##0.00 [${code}]"


@dataclass
class ReportData:
    report: FinancialReport
    language: str
    title: str
    funder_name: str
    currency: str
    rows: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    rates: list = field(default_factory=list)
    received_mad: Decimal = ZERO
    paid_mad: Decimal = ZERO
    received_original: Decimal = ZERO


def build(report: FinancialReport) -> ReportData:
    language = (translation.get_language() or "ar").split("-")[0]
    project, funder = report.project, report.funder
    txs = list(
        Transaction.objects.filter(
            project=project,
            funder=funder,
            value_date__gte=report.period_start,
            value_date__lte=report.period_end,
        )
        .select_related("budget_line")
        .order_by("value_date", "id")
    )
    data = ReportData(
        report=report,
        language=language,
        title=best(project, "title", language),
        funder_name=funder.display_name,
        currency=funder.currency,
        rows=txs,
    )
    for tx in txs:
        if tx.type in TxType.RECEIVED:
            data.received_mad += tx.amount_mad
            if tx.currency == funder.currency:
                data.received_original += tx.amount
        elif tx.type in TxType.PAID:
            data.paid_mad += tx.amount_mad
    actual = {
        row["budget_line"]: row["paid"] or ZERO
        for row in Transaction.objects.filter(
            project=project,
            type__in=TxType.PAID,
            value_date__lte=report.period_end,
            budget_line__funder=funder,
        )
        .values("budget_line")
        .annotate(paid=Sum("amount_mad"))
    }
    for line in BudgetLine.objects.filter(project=project, funder=funder).order_by("category", "id"):
        data.lines.append(
            (line.get_category_display(), line.description, line.amount_mad, actual.get(line.pk, ZERO))
        )
    data.rates = sorted(
        {(tx.currency, tx.rate_date, tx.rate, tx.rate_source) for tx in txs if tx.currency != "MAD"}
    )
    return data


def filename(report: FinancialReport) -> str:
    return f"{report.project.code}-report-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"


def _text_cell(ws, row, column, value, **style):
    from openpyxl.styles import Alignment

    """User text goes in as a string cell. Text that Excel could read as a formula (=, + , -, @)
    is forced to the string type and marked quotePrefix, so it shows as typed and never computes."""
    text = "" if value is None else str(value)
    cell = ws.cell(row=row, column=column)
    cell.value = text
    if text.startswith(DANGEROUS_STARTS):
        cell.data_type = "s"  # a string, never a formula
        cell.quotePrefix = True
    cell.alignment = Alignment(readingOrder=2 if style.get("rtl") else 1, wrap_text=True, vertical="top")
    return cell


def _number_cell(ws, row, column, value, number_format):
    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = number_format
    return cell


def to_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rtl = data.language == "ar"
    report = data.report
    wb = Workbook()
    ws = wb.active
    ws.title = _("Financial report")[:31]
    ws.sheet_view.rightToLeft = rtl
    bold = Font(bold=True)
    r = 1
    _text_cell(ws, r, 1, _("Donor financial report"), rtl=rtl).font = Font(bold=True, size=14)
    facts = [
        (_("Project"), f"{report.project.code} · {data.title}"),
        (_("Funder"), data.funder_name),
        (_("Period"), f"{report.period_start.isoformat()} – {report.period_end.isoformat()}"),
        (_("Issued"), report.issued_at.date().isoformat()),
    ]
    for label, value in facts:
        r += 1
        _text_cell(ws, r, 1, label, rtl=rtl).font = bold
        _text_cell(ws, r, 2, value, rtl=rtl)
    r += 2
    headers = [
        _("Value date"),
        _("Type"),
        _("Reference"),
        _("Provider"),
        _("Receiver"),
        _("Currency"),
        _("Amount"),
        _("Rate used"),
        _("Rate date"),
        _("Amount in MAD"),
    ]
    for c, h in enumerate(headers, start=1):
        _text_cell(ws, r, c, h, rtl=rtl).font = bold
    for tx in data.rows:
        r += 1
        ws.cell(row=r, column=1, value=tx.value_date).number_format = "yyyy-mm-dd"
        _text_cell(ws, r, 2, tx.type_label, rtl=rtl)
        _text_cell(ws, r, 3, tx.reference)
        _text_cell(ws, r, 4, tx.provider, rtl=rtl)
        _text_cell(ws, r, 5, tx.receiver, rtl=rtl)
        _text_cell(ws, r, 6, tx.currency)
        _number_cell(ws, r, 7, tx.amount, currency_format(tx.currency))
        _number_cell(ws, r, 8, tx.rate, RATE_FORMAT)
        ws.cell(row=r, column=9, value=tx.rate_date).number_format = "yyyy-mm-dd"
        _number_cell(ws, r, 10, tx.amount_mad, MAD_FORMAT)
    r += 2
    for label, value, fmt in [
        (_("Received in the period (MAD)"), data.received_mad, MAD_FORMAT),
        (
            _("Received in the period (%(currency)s)") % {"currency": data.currency},
            data.received_original,
            currency_format(data.currency),
        ),
        (_("Paid in the period (MAD)"), data.paid_mad, MAD_FORMAT),
    ]:
        _text_cell(ws, r, 1, label, rtl=rtl).font = bold
        _number_cell(ws, r, 10, value, fmt).font = bold
        r += 1
    r += 1
    for c, h in enumerate(
        [_("Budget line"), _("Description"), _("Budgeted (MAD)"), _("Spent to date (MAD)")], 1
    ):
        _text_cell(ws, r, c, h, rtl=rtl).font = bold
    for category, description, budgeted, spent in data.lines:
        r += 1
        _text_cell(ws, r, 1, category, rtl=rtl)
        _text_cell(ws, r, 2, description, rtl=rtl)
        _number_cell(ws, r, 3, budgeted, MAD_FORMAT)
        _number_cell(ws, r, 4, spent, MAD_FORMAT)
    r += 2
    _text_cell(ws, r, 1, _("Exchange rates used"), rtl=rtl).font = bold
    for currency, date, rate, source in data.rates:
        r += 1
        _text_cell(ws, r, 1, currency)
        ws.cell(row=r, column=2, value=date).number_format = "yyyy-mm-dd"
        _number_cell(ws, r, 3, rate, RATE_FORMAT)
        _text_cell(ws, r, 4, source, rtl=rtl)
    for row in range(1, r + 1):
        ws.row_dimensions[row].height = 21 if rtl else 16  # Arabic glyphs are taller than the default
    for letter, width in zip("ABCDEFGHIJ", (14, 22, 16, 24, 24, 9, 16, 12, 12, 18), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_pdf(data: ReportData, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "finance/report_pdf.html",
        {
            "d": data,
            "report": data.report,
            "rtl": data.language == "ar",
            "totals": [
                (_("Received in the period"), format_amount(data.received_mad, "MAD", data.language)),
                (
                    _("Received in the period, in the funder's currency"),
                    format_amount(data.received_original, data.currency, data.language),
                ),
                (_("Paid in the period"), format_amount(data.paid_mad, "MAD", data.language)),
            ],
        },
        request=request,
    )
    return HTML(string=html).write_pdf()
