"""Every staff list exports what it shows, with its filters, as CSV or XLSX: one helper for all.

A list view builds its filtered, ordered queryset as it does for the page, then asks
`respond(request, rows, columns, name=...)`: with `?export=csv` or `?export=xlsx` in the query string
it gets the file back, otherwise None and it renders the page. The export is therefore the same URL,
the same access check and the same filters as the page; only the pagination is left out. The rows are
bounded (MAX_ROWS) and read in one go, so the number of queries is the page's, whatever the count.

CSV is UTF-8 with a byte-order mark, so that Excel opens Arabic as Arabic. In XLSX, text that a
spreadsheet would read as a formula (=, +, -, @) is stored as text (`sharaka/lib/spreadsheet.py`, the one rule), and the
sheet reads right to left when the reader's language does.
"""

import csv
import dataclasses
import datetime
import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.core.streaming import guarded_stream
from sharaka.lib.spreadsheet import keep_as_text, neutralise

FORMATS = ("csv", "xlsx")
MAX_ROWS = 10_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of a list: its heading as the page shows it, and what a row shows in it."""

    header: Any  # a lazy translation
    value: Callable[[Any], Any]


def requested(request) -> str:
    """The export format asked for in the query string, or ''."""
    value = request.GET.get("export", "")
    return value if value in FORMATS else ""


def respond(request, rows: Iterable, columns: list[Column], *, name: str):
    """The file of `rows` in the requested format, or None when no export is asked for."""
    kind = requested(request)
    if not kind:
        return None
    rows = list(rows[: MAX_ROWS + 1]) if hasattr(rows, "query") else list(rows)[: MAX_ROWS + 1]
    cut = len(rows) > MAX_ROWS
    table = [[column.value(row) for column in columns] for row in rows[:MAX_ROWS]]
    headers = [str(column.header) for column in columns]
    if cut:
        table.append(
            [_("Only the first %(count)s rows are exported: narrow the filters.") % {"count": MAX_ROWS}]
        )
    stamp = timezone.localdate().isoformat()
    filename = f"{name}-{stamp}.{kind}"
    if kind == "csv":
        response = guarded_stream(
            _csv_chunks(headers, table), content_type="text/csv; charset=utf-8", name=name
        )
    else:
        response = HttpResponse(xlsx_bytes(headers, table, title=name), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def text(value) -> str:
    """A cell as text: dates in ISO form, numbers with a dot, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _csv_chunks(headers, table):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(headers)
    for row in table:
        writer.writerow([neutralise(text(value)) for value in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(headers, table, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rtl = translation.get_language_bidi()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.sheet_view.rightToLeft = rtl
    reading = 2 if rtl else 1
    for index, header in enumerate(headers, start=1):  # wide enough for what the column holds
        longest = max([len(str(header)), *(len(text(row[index - 1])) for row in table if len(row) >= index)])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
    heading = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(readingOrder=reading, wrap_text=True, vertical="top")
        heading.append(cell)
    sheet.append(heading)
    for row in table:
        sheet.append([_xlsx_cell(sheet, value, reading) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value, reading):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | datetime.date):
        cell = WriteOnlyCell(sheet, value=text(value))
        keep_as_text(cell)
    elif isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, Decimal):
            cell.number_format = "#,##0.00"
    cell.alignment = Alignment(readingOrder=reading, vertical="top")
    return cell
