"""The donor financial report for a project, a funder and a period, as XLSX and PDF.

Figures come from the stored transactions: each carries the rate it was recorded with, and the
period is locked once the report is issued, so the report reads the same every time it is opened.
It is written in the language stored on the report (chosen when it was issued, by default the
funder's working language), whatever the language of whoever downloads it.

What a donor checks, and where it comes from (docs/finance.md, "The donor report"):
- funds received (IATI type 1), spent (types 3 and 4) and the unspent balance (received − spent),
  for the period and cumulated since the project's start (every transaction up to the period's end);
- budget against actual for each of the funder's budget lines: spent in the period, spent to date,
  variance (budgeted − spent to date) and absorption (spent to date ÷ budgeted);
- the co-financing plan: every funder's planned contribution and its share, adding up to 100 %;
- the transactions of the period, each with a description that is never empty.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sharaka.core import codelists
from sharaka.core.multilingual import best
from sharaka.finance.models import LANGUAGES, BudgetLine, FinancialReport, Funder, Transaction, TxType
from sharaka.lib.spreadsheet import keep_as_text

ZERO = Decimal("0.00")
# Excel number formats (stack notes §4): the dirham as "DH", a foreign currency by its ISO code.
MAD_FORMAT = '#,##0.00\\ "DH"'
RATE_FORMAT = "0.000000"
PERCENT_FORMAT = "0.0%"


def currency_format(code: str) -> str:
    return MAD_FORMAT if code == "MAD" else f"#,##0.00 [${code}]"


def report_language(report: FinancialReport) -> str:
    """The stored language; a report issued before the language was asked takes the funder's."""
    from sharaka.finance.services import default_report_language

    if report.language in dict(LANGUAGES):
        return report.language
    return default_report_language(report.funder)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """A percentage to 0.1, half-up; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def shares_adding_up(amounts: list[Decimal]) -> list[Decimal]:
    """Percentages to 0.1 that add up to exactly 100.0 (largest remainder): rounding each share on
    its own may give 99.9 or 100.1, which a donor's auditor reads as an error."""
    total = sum(amounts, ZERO)
    if not total:
        return [Decimal("0.0") for _a in amounts]
    raw = [Decimal(1000) * a / total for a in amounts]
    floors = [r.to_integral_value(rounding=ROUND_FLOOR) for r in raw]
    left = int(Decimal(1000) - sum(floors))
    for i in sorted(range(len(raw)), key=lambda i: (floors[i] - raw[i], i))[:left]:
        floors[i] += 1
    return [(f / Decimal(10)).quantize(Decimal("0.1")) for f in floors]


@dataclass
class Line:
    category: str
    description: str
    budgeted: Decimal
    spent_period: Decimal
    spent_to_date: Decimal

    @property
    def variance(self) -> Decimal:
        return self.budgeted - self.spent_to_date

    @property
    def absorption(self) -> Decimal | None:
        return percent(self.spent_to_date, self.budgeted)


@dataclass
class CoFunder:
    name: str
    kind: str
    currency: str
    contribution: Decimal  # in its own currency, cash + in kind
    contribution_mad: Decimal
    share: Decimal
    is_this_funder: bool


@dataclass
class ReportData:
    report: FinancialReport
    language: str
    title: str
    funder_name: str
    currency: str
    project_start: datetime.date | None = None
    rows: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    total_line: Line | None = None
    cofunders: list = field(default_factory=list)
    plan_total_mad: Decimal = ZERO
    rates: list = field(default_factory=list)
    # MAD figures: the period's and the cumulative since the project's start (up to the period's end)
    received_mad: Decimal = ZERO
    paid_mad: Decimal = ZERO
    received_to_date_mad: Decimal = ZERO
    paid_to_date_mad: Decimal = ZERO
    # in the funder's own currency
    received_original: Decimal = ZERO
    received_to_date_original: Decimal = ZERO
    pledged_original: Decimal = ZERO

    @property
    def rtl(self) -> bool:
        return self.language == "ar"

    @property
    def balance_mad(self) -> Decimal:
        """Unspent at the end of the period: received − spent since the start."""
        return self.received_to_date_mad - self.paid_to_date_mad

    @property
    def opening_balance_mad(self) -> Decimal:
        """Unspent at the start of the period."""
        return self.balance_mad - self.received_mad + self.paid_mad

    @property
    def still_to_receive_original(self) -> Decimal:
        return max(self.pledged_original - self.received_to_date_original, ZERO)


def describe(tx: Transaction, funder_name: str) -> str:
    """What the transaction was for: its own description, else what can be told from its budget
    line, tranche or reversal, else its type and funder. Never empty."""
    if tx.description.strip():
        return tx.description.strip()
    if tx.reverses_id:
        original = tx.reverses
        what = original.reference or original.value_date.isoformat()
        if tx.reason.strip():
            return _("Reversal of %(what)s: %(reason)s") % {"what": what, "reason": tx.reason.strip()}
        return _("Reversal of %(what)s") % {"what": what}
    if tx.budget_line_id:
        line = tx.budget_line
        category = str(line.get_category_display())
        label = category
        if line.description.strip():
            label = _("%(category)s: %(description)s") % {
                "category": category,
                "description": line.description.strip(),
            }
        if tx.procurement_reference:
            label = f"{label} ({tx.procurement_reference})"
        return f"{tx.type_label} · {label}"
    if tx.tranche_id:
        return _("Tranche expected on %(date)s, received from %(funder)s") % {
            "date": tx.tranche.expected_on.isoformat(),
            "funder": funder_name,
        }
    if tx.type in TxType.INCOMING:
        return _("%(type)s from %(funder)s") % {"type": tx.type_label, "funder": funder_name}
    return _("%(type)s on the share of %(funder)s") % {"type": tx.type_label, "funder": funder_name}


def build(report: FinancialReport) -> ReportData:
    """Every figure of the report, with its labels in the report's language."""
    language = report_language(report)
    with translation.override(language):
        return _build(report, language)


def _sum(queryset, condition) -> Decimal:
    return queryset.aggregate(total=Sum("amount_mad", filter=condition))["total"] or ZERO


def _build(report: FinancialReport, language: str) -> ReportData:
    project, funder = report.project, report.funder
    start, end = report.period_start, report.period_end
    in_period = Q(value_date__gte=start, value_date__lte=end)
    to_date = Q(value_date__lte=end)  # since the project's start: every transaction up to the end
    funder_txs = Transaction.objects.filter(project=project, funder=funder)
    txs = list(
        funder_txs.filter(in_period)
        .select_related("budget_line", "tranche", "reverses")
        .order_by("value_date", "id")
    )
    data = ReportData(
        report=report,
        language=language,
        title=best(project, "title", language),
        funder_name=funder.display_name,
        currency=funder.currency,
        project_start=project.actual_start or project.planned_start,
        rows=txs,
    )
    for tx in txs:
        tx.description_text = describe(tx, data.funder_name)
    received, paid = Q(type__in=TxType.RECEIVED), Q(type__in=TxType.PAID)
    data.received_mad = _sum(funder_txs, received & in_period)
    data.paid_mad = _sum(funder_txs, paid & in_period)
    data.received_to_date_mad = _sum(funder_txs, received & to_date)
    data.paid_to_date_mad = _sum(funder_txs, paid & to_date)
    own_currency = funder_txs.filter(received, currency=funder.currency)
    data.received_original = own_currency.filter(in_period).aggregate(t=Sum("amount"))["t"] or ZERO
    data.received_to_date_original = own_currency.filter(to_date).aggregate(t=Sum("amount"))["t"] or ZERO
    data.pledged_original = funder.cash + funder.in_kind

    spent = {
        row["budget_line"]: row
        for row in Transaction.objects.filter(
            project=project, type__in=TxType.PAID, budget_line__funder=funder, value_date__lte=end
        )
        .values("budget_line")
        .annotate(period=Sum("amount_mad", filter=in_period), to_date=Sum("amount_mad"))
    }
    for line in BudgetLine.objects.filter(project=project, funder=funder).order_by("category", "id"):
        row = spent.get(line.pk, {})
        category = str(line.get_category_display())
        data.lines.append(
            Line(
                category=category,
                description=line.description.strip()
                or _("%(category)s, share of %(funder)s")
                % {"category": category, "funder": data.funder_name},
                budgeted=line.amount_mad,
                spent_period=row.get("period") or ZERO,
                spent_to_date=row.get("to_date") or ZERO,
            )
        )
    data.total_line = Line(
        category=_("Total"),
        description="",
        budgeted=sum((x.budgeted for x in data.lines), ZERO),
        spent_period=sum((x.spent_period for x in data.lines), ZERO),
        spent_to_date=sum((x.spent_to_date for x in data.lines), ZERO),
    )

    plan = list(Funder.objects.filter(project=project).select_related("organisation").order_by("kind", "id"))
    data.plan_total_mad = sum((f.total_mad for f in plan), ZERO)
    for f, share in zip(plan, shares_adding_up([f.total_mad for f in plan]), strict=True):
        data.cofunders.append(
            CoFunder(
                name=f.display_name,
                kind=str(f.get_kind_display()),
                currency=f.currency,
                contribution=f.cash + f.in_kind,
                contribution_mad=f.total_mad,
                share=share,
                is_this_funder=f.pk == funder.pk,
            )
        )
    data.rates = sorted(
        {
            (tx.currency, tx.rate_date, tx.rate, codelists.rate_source_label(tx.rate_source, data.language))
            for tx in txs
            if tx.currency != "MAD"
        }
    )
    return data


def filename(report: FinancialReport) -> str:
    return f"{report.project.code}-report-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"


def letterhead() -> list[str]:
    return [_("Kingdom of Morocco"), _("Prefecture of Agadir Ida-Outanane"), _("Commune of Aourir")]


def certification_text(data: ReportData, html: bool = False) -> str:
    """What the signatory certifies; in HTML the project's code is isolated (`<bdi dir="ltr">`) so
    that, inside Arabic text, the full stop after it stays where it belongs."""
    code = data.report.project.code
    if html:
        return mark_safe(  # noqa: S308 (the sentence is escaped, the code escaped by format_html)
            conditional_escape(_certification()) % {"code": format_html('<bdi dir="ltr">{}</bdi>', code)}
        )
    return _certification() % {"code": code}


def _certification() -> str:
    return _(
        "I certify that this financial report is accurate and complete, that the amounts received "
        "and spent are those recorded in the commune's accounts, and that the expenditure was "
        "incurred for the project %(code)s."
    )


def summary_rows(data: ReportData) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """(label, this period, since the start), in MAD. Each column adds up to the same closing
    balance: opening + received − spent for the period, received − spent since the start."""
    return [
        (_("Unspent at the start of the period"), data.opening_balance_mad, None),
        (_("Funds received"), data.received_mad, data.received_to_date_mad),
        (_("Funds spent"), data.paid_mad, data.paid_to_date_mad),
        (_("Unspent balance at the end of the period"), data.balance_mad, data.balance_mad),
    ]


# --- XLSX ----------------------------------------------------------------------------------------


# Column widths of the sheet (characters), and how many text lines each row needs: a row's height
# is set by hand (Arabic glyphs are taller than the default), so wrapped text must be counted.
WIDTHS = (34, 34, 18, 24, 22, 22, 12, 18, 12, 12, 18)


def _lines_needed(text: str, width: float) -> int:
    return sum(max(1, -(-len(part) // max(int(width * 0.95), 1))) for part in text.split("\n")) if text else 1


def _text_cell(ws, row, column, value, *, rtl=False, wrap=True, span=1, center=False):
    """User text goes in as a string cell. Text that Excel could read as a formula (=, + , -, @)
    is forced to the string type and marked quotePrefix, so it shows as typed and never computes.
    Wrapped text counts the lines it needs in its row (`span` columns wide when merged); headings
    (`wrap=False`) run over the empty cells beside them instead."""
    from openpyxl.styles import Alignment

    text = "" if value is None else str(value)
    cell = ws.cell(row=row, column=column)
    cell.value = text
    keep_as_text(cell)
    cell.alignment = Alignment(
        readingOrder=2 if rtl else 1,
        wrap_text=wrap,
        vertical="top",
        horizontal="center" if center else None,  # codes: clear of the amounts beside them
    )
    if wrap:
        width = sum(WIDTHS[column - 1 : column - 1 + span])
        lines = getattr(ws, "sharaka_lines", {})
        lines[row] = max(lines.get(row, 1), _lines_needed(text, width))
        ws.sharaka_lines = lines
    return cell


def _number_cell(ws, row, column, value, number_format):
    """A number (or a date) with its format, at the top of its row like the text beside it."""
    from openpyxl.styles import Alignment

    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = number_format
    cell.alignment = Alignment(vertical="top")
    return cell


def _percent_cell(ws, row, column, value):
    """A percentage to 0.1 stored as its fraction (35.3 % → 0.353), shown with Excel's % format."""
    return _number_cell(ws, row, column, None if value is None else value / 100, PERCENT_FORMAT)


def to_xlsx(data: ReportData) -> bytes:
    with translation.override(data.language):
        return _to_xlsx(data)


def _to_xlsx(data: ReportData) -> bytes:  # noqa: PLR0915 (one sheet, top to bottom)
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    rtl = data.rtl
    report = data.report
    wb = Workbook()
    ws = wb.active
    ws.title = _("Financial report")[:31]
    ws.sheet_view.rightToLeft = rtl
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="EEF2F7")
    r = 0
    for text in letterhead():
        r += 1
        _text_cell(ws, r, 1, text, rtl=rtl, wrap=False).font = bold
    r += 2
    _text_cell(ws, r, 1, _("Donor financial report"), rtl=rtl, wrap=False).font = Font(bold=True, size=14)
    ws.row_dimensions[r].height = 26
    facts = [
        (_("Project"), f"{report.project.code} · {data.title}"),
        (_("Funder"), data.funder_name),
        (_("Reporting period"), f"{report.period_start.isoformat()} – {report.period_end.isoformat()}"),
        (_("Project start"), data.project_start.isoformat() if data.project_start else "—"),
        (_("Issued"), timezone.localdate(report.issued_at).isoformat()),
        (_("Currency of the report"), _("MAD (dirham); the funder's currency: %(c)s") % {"c": data.currency}),
    ]
    for label, value in facts:
        r += 1
        _text_cell(ws, r, 1, label, rtl=rtl).font = bold
        _text_cell(ws, r, 2, value, rtl=rtl)

    def heading(text):
        nonlocal r
        r += 2
        _text_cell(ws, r, 1, text, rtl=rtl, wrap=False).font = Font(bold=True, size=12)

    def header_row(labels):
        nonlocal r
        r += 1
        for c, h in enumerate(labels, start=1):
            cell = _text_cell(ws, r, c, h, rtl=rtl)
            cell.font, cell.fill = bold, head_fill

    heading(_("Funds received, spent and unspent"))
    header_row(["", _("This period"), _("Since the start of the project")])
    for label, period, to_date in summary_rows(data):
        r += 1
        _text_cell(ws, r, 1, label, rtl=rtl).font = bold
        for column, value in ((2, period), (3, to_date)):
            if value is None:
                _text_cell(ws, r, column, "—", center=True)
            else:
                _number_cell(ws, r, column, value, MAD_FORMAT)
    for label, period, to_date, fmt in [
        (
            _("Funds received, in the funder's currency"),
            data.received_original,
            data.received_to_date_original,
            currency_format(data.currency),
        ),
    ]:
        r += 1
        _text_cell(ws, r, 1, label, rtl=rtl).font = bold
        _number_cell(ws, r, 2, period, fmt)
        _number_cell(ws, r, 3, to_date, fmt)
    for label, value, fmt in [
        (_("Contribution of the funder (plan)"), data.pledged_original, currency_format(data.currency)),
        (_("Still to receive"), data.still_to_receive_original, currency_format(data.currency)),
    ]:
        r += 1
        _text_cell(ws, r, 1, label, rtl=rtl).font = bold
        _number_cell(ws, r, 3, value, fmt)

    heading(_("Budget against actual, per line"))
    header_row(
        [
            _("Budget line"),
            _("Description"),
            _("Budgeted (MAD)"),
            _("Spent in the period (MAD)"),
            _("Spent to date (MAD)"),
            _("Variance (MAD)"),
            _("Absorption rate"),
        ]
    )
    for line in [*data.lines, data.total_line]:
        r += 1
        is_total = line is data.total_line
        _text_cell(ws, r, 1, line.category, rtl=rtl).font = Font(bold=is_total)
        _text_cell(ws, r, 2, line.description, rtl=rtl)
        for c, value in (
            (3, line.budgeted),
            (4, line.spent_period),
            (5, line.spent_to_date),
            (6, line.variance),
        ):
            _number_cell(ws, r, c, value, MAD_FORMAT).font = Font(bold=is_total)
        _percent_cell(ws, r, 7, line.absorption).font = Font(bold=is_total)

    heading(_("Co-financing plan: each party's share"))
    header_row(
        [_("Funder"), _("Kind"), _("Currency"), _("Contribution"), _("Contribution (MAD)"), _("Share")]
    )
    for f in data.cofunders:
        r += 1
        _text_cell(ws, r, 1, f.name, rtl=rtl).font = Font(bold=f.is_this_funder)
        _text_cell(ws, r, 2, f.kind, rtl=rtl)
        _text_cell(ws, r, 3, f.currency, center=True)
        _number_cell(ws, r, 4, f.contribution, currency_format(f.currency))
        _number_cell(ws, r, 5, f.contribution_mad, MAD_FORMAT)
        _percent_cell(ws, r, 6, f.share)
    r += 1
    _text_cell(ws, r, 1, _("Total"), rtl=rtl).font = bold
    _number_cell(ws, r, 5, data.plan_total_mad, MAD_FORMAT).font = bold
    _percent_cell(ws, r, 6, sum((f.share for f in data.cofunders), Decimal("0.0"))).font = bold

    heading(_("Transactions of the period"))
    header_row(
        [
            _("Value date"),
            _("Type"),
            _("Reference"),
            _("Description"),
            _("Provider"),
            _("Receiver"),
            _("Currency"),
            _("Amount"),
            _("Rate used"),
            _("Rate date"),
            _("Amount in MAD"),
        ]
    )
    for tx in data.rows:
        r += 1
        _number_cell(ws, r, 1, tx.value_date, "yyyy-mm-dd")
        _text_cell(ws, r, 2, tx.type_label, rtl=rtl)
        _text_cell(ws, r, 3, tx.reference, center=True)
        _text_cell(ws, r, 4, tx.description_text, rtl=rtl)
        _text_cell(ws, r, 5, tx.provider, rtl=rtl)
        _text_cell(ws, r, 6, tx.receiver, rtl=rtl)
        _text_cell(ws, r, 7, tx.currency, center=True)
        _number_cell(ws, r, 8, tx.amount, currency_format(tx.currency))
        _number_cell(ws, r, 9, tx.rate, RATE_FORMAT)
        _number_cell(ws, r, 10, tx.rate_date, "yyyy-mm-dd")
        _number_cell(ws, r, 11, tx.amount_mad, MAD_FORMAT)
    if not data.rows:
        r += 1
        _text_cell(ws, r, 1, _("No transaction in this period."), rtl=rtl)

    heading(_("Exchange rates used"))
    if data.rates:
        header_row([_("Currency"), _("Rate date"), _("Rate to MAD"), _("Source")])
    else:
        r += 1
        _text_cell(ws, r, 1, _("All amounts of the period are in MAD."), rtl=rtl)
    for currency, date, rate, source in data.rates:
        r += 1
        _text_cell(ws, r, 1, currency)
        _number_cell(ws, r, 2, date, "yyyy-mm-dd")
        _number_cell(ws, r, 3, rate, RATE_FORMAT)
        _text_cell(ws, r, 4, source, rtl=rtl)

    heading(_("Narrative"))
    r += 1
    _text_cell(ws, r, 1, report.narrative or "—", rtl=rtl, span=7)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)

    heading(_("Certification"))
    r += 1
    _text_cell(ws, r, 1, certification_text(data), rtl=rtl, span=7)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    for label, value in [
        (_("Name"), report.certifier_name or ""),
        (_("Function"), report.certifier_function or ""),
        (_("Date"), timezone.localdate(report.issued_at).isoformat()),
        (_("Signature"), ""),
    ]:
        r += 1
        _text_cell(ws, r, 1, label, rtl=rtl).font = bold
        _text_cell(ws, r, 2, value, rtl=rtl)

    from openpyxl.styles import Border, Side

    ws.cell(row=r, column=2).border = Border(bottom=Side(style="thin"))  # the line to sign on
    line_height = 21 if rtl else 16  # Arabic glyphs are taller than the default
    lines = getattr(ws, "sharaka_lines", {})
    for row in range(1, r + 1):
        if ws.row_dimensions[row].height is None:
            ws.row_dimensions[row].height = line_height * min(lines.get(row, 1), 30)
    ws.row_dimensions[r].height = 40  # room to sign
    for letter, width in zip("ABCDEFGHIJK", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def to_pdf(data: ReportData, request=None) -> bytes:
    from weasyprint import HTML

    with translation.override(data.language):
        html = render_to_string(
            "finance/report_pdf.html",
            {
                "d": data,
                "report": data.report,
                "rtl": data.rtl,
                "letterhead": letterhead(),
                "summary": summary_rows(data),
                "certification": certification_text(data, html=True),
                "shares_total": sum((f.share for f in data.cofunders), Decimal("0.0")),
            },
            request=request,
        )
    return HTML(string=html).write_pdf()
