"""Import a budget or a transaction list from an Excel file: preview first, then all or nothing.

Each row goes through the same service as the forms, inside one database transaction. A preview,
or any row in error, rolls the whole transaction back: nothing is applied unless every row is valid.
Hostile files are refused before they are parsed: not a zip, too big, too big once unzipped,
too many rows, or a formula anywhere.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharaka.core import uploads
from sharaka.finance import services
from sharaka.finance.models import BudgetLine, Funder
from sharaka.lib.text import clean_text

MAX_ROWS = 2000

COLUMNS = {
    "budget": ["category", "funder", "description", "amount_mad"],
    "transactions": [
        "type",
        "value_date",
        "currency",
        "amount",
        "provider",
        "receiver",
        "reference",
        "funder",
    ],
}


@dataclass
class Result:
    rows: list = field(default_factory=list)  # (row number, values)
    errors: list = field(default_factory=list)  # (row number, message)
    applied: bool = False


def read_rows(upload, kind: str) -> list[tuple[int, dict]]:
    """The data rows of the first sheet as dicts, after the header row; raise on a hostile file."""
    from openpyxl import load_workbook

    uploads.check(upload, uploads.SPREADSHEET_IMPORT)  # type, size, size once unzipped
    content = upload.read()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on broken files
        raise ValidationError(_("This file could not be read as an Excel workbook.")) from None
    sheet = workbook.worksheets[0]
    columns = COLUMNS[kind]
    rows = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if number == 1:
            continue  # header
        if number > MAX_ROWS + 1:
            raise ValidationError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        cells = list(row)[: len(columns)]
        if any(getattr(c, "data_type", None) == "f" for c in cells):
            raise ValidationError(
                _("Row %(n)s holds a formula. Paste the values only, then import again.") % {"n": number}
            )
        values = [clean_text(c.value) if isinstance(c.value, str) else c.value for c in cells]
        if all(v in (None, "") for v in values):
            continue
        values += [None] * (len(columns) - len(values))
        rows.append((number, dict(zip(columns, values, strict=True))))
    workbook.close()
    return rows


def _funder(project, name) -> Funder:
    name = str(name or "").strip().lower()
    for funder in Funder.objects.filter(project=project).select_related("organisation"):
        if funder.display_name.lower() == name or (funder.name or "").lower() == name:
            return funder
    raise ValidationError({"funder": _("No funder “%(name)s” in the co-financing plan.") % {"name": name}})


def _category(value) -> str:
    value = str(value or "").strip()
    for code, label in BudgetLine.Category.choices:
        if value.lower() in (code, str(label).lower()):
            return code
    raise ValidationError({"category": _("Unknown budget category “%(value)s”.") % {"value": value}})


def _date(value) -> datetime.date:
    try:
        return services.parse_date(value)
    except ValidationError as error:
        raise ValidationError({"value_date": error.messages}) from None


def _apply(actor, project, kind, values) -> None:
    if kind == "budget":
        services.budget_line_set(
            actor=actor,
            project=project,
            category=_category(values["category"]),
            funder=_funder(project, values["funder"]),
            description=str(values["description"] or ""),
            amount_mad=str(values["amount_mad"] if values["amount_mad"] is not None else ""),
        )
    else:
        data = {
            "type": str(values["type"] or "").strip(),
            "value_date": _date(values["value_date"]),
            "currency": str(values["currency"] or ""),
            "amount": str(values["amount"] if values["amount"] is not None else ""),
            "provider": str(values["provider"] or ""),
            "receiver": str(values["receiver"] or ""),
            "reference": str(values["reference"] or ""),
        }
        if values.get("funder"):
            data["funder"] = _funder(project, values["funder"])
        services.transaction_record(actor=actor, project=project, data=data)


def run(*, actor, project, kind: str, upload, apply: bool) -> Result:
    result = Result()
    try:
        result.rows = read_rows(upload, kind)
    except ValidationError as error:
        result.errors.append((None, " ".join(error.messages)))
        return result
    if not result.rows:
        result.errors.append((None, _("The file has no data rows.")))
        return result
    with transaction.atomic():
        for number, values in result.rows:
            try:
                with transaction.atomic():
                    _apply(actor, project, kind, values)
            except ValidationError as error:
                result.errors.append((number, " ".join(services._messages(error))))
        if result.errors or not apply:
            transaction.set_rollback(True)
        else:
            result.applied = True
    return result
