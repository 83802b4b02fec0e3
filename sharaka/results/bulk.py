"""Report many periods at once from a spreadsheet: a template out, the filled file back, a preview, then
all or nothing.

The template (XLSX or CSV) holds one row per indicator and open (unlocked) period of the project:
reference columns (the period's number, which is the row's key, the indicator, the unit, the dates,
the target and the current actual) and columns to fill (the value, a narrative in the language named
in its heading, and the parts by sex and by age group). Headings are in the reader's language; a
file comes back with headings in any of the three (`COLUMNS`), or with the column keys themselves.

On the way back nothing is trusted: the file goes through the application's upload check
(`core.uploads`), then every cell is read as data only. A formula, or text that a spreadsheet would
read as one (=, +, -, @ first), a wrong or missing column, text in a number, a number beyond the
bounds of an amount or with more than two decimals, a period that is not one of this project's, a
locked period, a period given twice, more than `MAX_ROWS` rows: each refused with its row number.
Then every row goes through `services.update_save` (and `update_move` when the rows are submitted)
inside one transaction, each in its own savepoint so that every wrong row is named; a preview, or
any row in error, rolls the whole transaction back: nothing is written unless every row is right.

A file previewed is kept on the server (`store`), named by a random token that the reader's session
binds to the reader and the project, with its checksum; "apply" reads that copy back, never a file
re-posted by the browser, and checks every row again against the data of that moment.
"""

import csv
import datetime
import hashlib
import io
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.core import audit, uploads
from sharaka.core.multilingual import best
from sharaka.lib.money import MAX_AMOUNT
from sharaka.lib.spreadsheet import FORMULA_STARTS, neutralise
from sharaka.lib.text import clean_text
from sharaka.results import access, pipeline, services
from sharaka.results.models import Disaggregation, Indicator, Period

MAX_ROWS = 2000
MAX_NARRATIVE = 5000  # characters in one narrative cell
LANGUAGES = ("ar", "fr", "en")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

# The columns, in order: key → heading (translated at use). Reference columns are written out and
# ignored on the way back (the period's number excepted: it is the row's key).
REFERENCE = ["period", "indicator", "unit", "start", "end", "target", "actual"]
SEX = {"women": Disaggregation.Category.FEMALE, "men": Disaggregation.Category.MALE}
AGE = {
    "age_0_14": Disaggregation.Category.AGE_0_14,
    "age_15_24": Disaggregation.Category.AGE_15_24,
    "age_25_64": Disaggregation.Category.AGE_25_64,
    "age_65": Disaggregation.Category.AGE_65,
}
NARRATIVES = {f"narrative_{code}": code for code in LANGUAGES}
HEADINGS = {
    "period": gettext_lazy("Period no."),
    "indicator": gettext_lazy("Indicator"),
    "unit": gettext_lazy("Unit"),
    "start": gettext_lazy("Period start"),
    "end": gettext_lazy("Period end"),
    "target": gettext_lazy("Target"),
    "actual": gettext_lazy("Current actual"),
    "value": gettext_lazy("Value reached"),
    "narrative_ar": gettext_lazy("Narrative (Arabic)"),
    "narrative_fr": gettext_lazy("Narrative (French)"),
    "narrative_en": gettext_lazy("Narrative (English)"),
    "women": gettext_lazy("Women and girls"),
    "men": gettext_lazy("Men and boys"),
    "age_0_14": gettext_lazy("Aged 0 to 14"),
    "age_15_24": gettext_lazy("Aged 15 to 24"),
    "age_25_64": gettext_lazy("Aged 25 to 64"),
    "age_65": gettext_lazy("Aged 65 and over"),
}
NUMBERS = ["value", *SEX, *AGE]
REQUIRED = {"period", "value"}
# Eastern Arabic and Persian digits, typed on an Arabic keyboard, read as Western ones.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


def columns(language: str) -> list[str]:
    """The template's columns for a reader of `language`: one narrative column, in that language."""
    return [*REFERENCE, "value", f"narrative_{language}", *SEX, *AGE]


def _normal(text) -> str:
    return " ".join(str(text or "").replace("\u00a0", " ").split()).casefold()


def _heading_keys() -> dict[str, str]:
    """Every way a heading may be written (the key, or its heading in ar, fr or en) → its key."""
    known = {}
    for key, heading in HEADINGS.items():
        known[_normal(key)] = key
        for code in LANGUAGES:
            with translation.override(code):
                known[_normal(str(heading))] = key
    return known


# --- the template ---------------------------------------------------------------------------------


def open_periods(project):
    return (
        Period.objects.filter(indicator__result__project=project, locked_at__isnull=True)
        .select_related("indicator__result")
        # the chain read from the top: impact (type 3) first, then outcomes, then outputs
        .order_by(
            "-indicator__result__type",
            "indicator__result__position",
            "indicator__result_id",
            "indicator__position",
            "indicator_id",
            "start",
            "id",
        )  # fmt: skip
    )


def safe_text(value) -> str:
    """User text written out to a spreadsheet or a CSV: a leading =, +, -, @ gets a quote before it,
    so that the cell shows the text instead of computing it."""
    return neutralise("" if value is None else str(value))


def _reference_values(period: Period, language: str) -> dict:
    indicator = period.indicator
    return {
        "period": period.pk,
        "indicator": safe_text(best(indicator, "title", language)),
        "unit": safe_text(
            _("%") if indicator.measure == Indicator.Measure.PERCENTAGE else best(indicator, "unit", language)
        )
        if not indicator.is_qualitative
        else _("Qualitative"),
        "start": period.start,
        "end": period.end,
        "target": period.target,
        "actual": period.actual,
    }


def template_xlsx(project, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    keys = columns(language)
    rtl = language == "ar"
    wb = Workbook()
    ws = wb.active
    with translation.override(language):
        ws.title = _("Updates")[:31]
        headings = [str(HEADINGS[k]) for k in keys]
    ws.sheet_view.rightToLeft = rtl
    grey = PatternFill("solid", fgColor="E6E6E6")
    fill = PatternFill("solid", fgColor="FFF7D6")
    align = Alignment(readingOrder=2 if rtl else 1, wrap_text=True, vertical="top")
    for c, heading in enumerate(headings, start=1):
        cell = ws.cell(row=1, column=c, value=heading)
        cell.font = Font(bold=True)
        cell.fill = grey if keys[c - 1] in REFERENCE else fill
        cell.alignment = align
    r = 1
    for period in open_periods(project):
        r += 1
        values = _reference_values(period, language)
        for c, key in enumerate(keys, start=1):
            cell = ws.cell(row=r, column=c)
            if key in REFERENCE:
                value = values[key]
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the title holds
                    cell.alignment = align
                elif isinstance(value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, Decimal):
                    cell.number_format = "#,##0.##"
                cell.fill = grey
            else:
                cell.protection = Protection(locked=False)
                cell.fill = fill
                if key.startswith("narrative"):
                    cell.alignment = align
    # The reference columns are locked (no password: it marks them, it does not guard them, the
    # upload ignores them anyway); the cells to fill are open.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.freeze_panes = "C2"
    widths = {"period": 10, "indicator": 40, "unit": 14, "start": 12, "end": 12, "target": 12,
              "actual": 12, "value": 14}  # fmt: skip
    for c, key in enumerate(keys, start=1):
        letter = ws.cell(row=1, column=c).column_letter
        ws.column_dimensions[letter].width = widths.get(key, 40 if key.startswith("narrative") else 12)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_csv(project, language: str) -> bytes:
    keys = columns(language)
    out = io.StringIO()
    writer = csv.writer(out)
    with translation.override(language):
        writer.writerow([str(HEADINGS[k]) for k in keys])
    for period in open_periods(project):
        values = _reference_values(period, language)
        row = []
        for key in keys:
            value = values.get(key)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            row.append("" if value is None else value)
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel then reads it as UTF-8


def filename(project, ext: str) -> str:
    code = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in project.code)[:40]
    return f"{code}-results-updates.{ext}"


# --- reading a file back --------------------------------------------------------------------------


class FileRefused(ValidationError):
    """The whole file is refused (its columns, its size, its kind), before any row is looked at."""


def _refuse(message, number=None):
    if number is not None:
        message = _("Row %(n)s: %(message)s") % {"n": number, "message": message}
    raise FileRefused(message)


# The upload page's one file input takes either kind, within the larger bound; `check` then applies
# the bound of the file's own kind.
BULK_FILE = uploads.Purpose(
    (".xlsx", ".csv"),
    limit=uploads.SPREADSHEET_IMPORT.max_bytes,
    max_unzipped=uploads.SPREADSHEET_IMPORT.max_unzipped,
)


def purpose(name: str) -> uploads.Purpose:
    """The upload check a file goes through: a CSV's, or a workbook's (any other name fails it)."""
    return uploads.CSV_IMPORT if name.lower().endswith(".csv") else uploads.SPREADSHEET_IMPORT


def read(name: str, content: bytes) -> list[tuple[int, list]]:
    """(row number, cells) of the first sheet or of the CSV, the heading row first."""
    if name.lower().endswith(".csv"):
        return _read_csv(content)
    return _read_xlsx(content)


def _declares_entities(content: bytes) -> bool:
    """Whether a part of the workbook carries a document type (where XML entities are declared: the
    "billion laughs" and external-file tricks). Excel never writes one. The size once unpacked is
    already bounded by the upload check."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.infolist():
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    data = archive.read(member)
                    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<\x00!\x00" in data:
                        return True
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError):
        _refuse(_("This file could not be read as an Excel workbook."))
    return False


def _read_xlsx(content: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    if _declares_entities(content):
        _refuse(_("This workbook declares XML entities, which Excel never writes: refused."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds of errors on broken or hostile files
        _refuse(_("This file could not be read as an Excel workbook."))
    rows = []
    try:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS + 1:
                _refuse(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
            cells = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    _refuse(
                        _("a cell holds a formula. Paste the values only, then send the file again."), number
                    )
                cells.append(cell.value)
            rows.append((number, cells))
    except FileRefused:
        raise
    except Exception:
        _refuse(_("This file could not be read as an Excel workbook."))
    finally:
        workbook.close()
    return rows


def _isolated(text: str) -> str:
    """The file's own text inside a message, isolated (FSI … PDI) so that Latin text quoted in an Arabic
    message keeps its quotes around it, whichever way the line breaks."""
    return f"\u2068{text}\u2069"


def _read_csv(content: bytes) -> list[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse(_("This file is not UTF-8 text. Save it as “CSV UTF-8” and send it again."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # French spreadsheets use ;
    rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if number > MAX_ROWS + 1:
                _refuse(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
            rows.append((number, cells))
    except csv.Error:
        _refuse(_("This file could not be read as CSV."))
    return rows


def _header(cells) -> list[str | None]:
    """The key of each column; refused when a heading is unknown, repeated, or a needed one missing."""
    known = _heading_keys()
    keys, seen = [], set()
    for cell in cells:
        text = _normal(cell)
        if not text:
            keys.append(None)
            continue
        key = known.get(text)
        if key is None:
            _refuse(_("unknown column “%(heading)s”. Use the template's columns.") % {"heading": clean_text(str(cell))[:60]}, 1)  # fmt: skip
        if key in seen:
            _refuse(
                _("the column “%(heading)s” is given twice.") % {"heading": clean_text(str(cell))[:60]}, 1
            )
        seen.add(key)
        keys.append(key)
    missing = [str(HEADINGS[k]) for k in ("period", "value") if k not in seen]
    if missing:
        _refuse(_("missing column: %(columns)s.") % {"columns": ", ".join(missing)}, 1)
    return keys


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return str(value)


def _looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS)


def parse_number(value, *, label) -> Decimal | None:
    """A cell as a Decimal (None when empty): a number cell, or text of digits with a dot or a comma
    as the decimal mark; refused when it is text, a date, more than two decimals or beyond bounds."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time):
        raise ValidationError(_("%(column)s is not a number.") % {"column": label})
    if isinstance(value, int | float | Decimal):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = "".join(value.translate(_DIGITS).split()).replace("\u202f", "")
        if "," in text and "." in text:
            raise ValidationError(
                _("%(column)s: write the number without thousands separators.") % {"column": label}
            )
        text = text.replace(",", ".")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("%(column)s is not a number: “%(value)s”.")
            % {"column": label, "value": _isolated(clean_text(str(value))[:40])}
        ) from None
    if not result.is_finite() or abs(result) > MAX_AMOUNT:
        raise ValidationError(_("%(column)s is beyond the largest value Sharaka keeps.") % {"column": label})
    if result != result.quantize(Decimal("0.01")):
        raise ValidationError(_("%(column)s has more than two decimals.") % {"column": label})
    return result.quantize(Decimal("0.01"))


def _period_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).translate(_DIGITS)
    return int(text) if text.isdigit() and len(text) < 12 else None


# --- checking and applying ------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    period: Period | None = None
    value: Decimal | None = None
    narratives: dict = field(default_factory=dict)
    parts: list = field(default_factory=list)  # (category, value)
    errors: list = field(default_factory=list)
    empty: bool = False

    @property
    def indicator(self):
        return self.period.indicator if self.period else None


@dataclass
class Outcome:
    rows: list = field(default_factory=list)
    file_error: str = ""
    applied: bool = False
    submit: bool = False
    created: int = 0

    @property
    def errors(self) -> list[tuple[int | None, str]]:
        out = [(None, self.file_error)] if self.file_error else []
        return out + [(row.number, message) for row in self.rows for message in row.errors]

    @property
    def to_write(self) -> list[Row]:
        return [row for row in self.rows if not row.empty and not row.errors]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.to_write)


def _messages(error) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(getattr(error, "messages", [str(error)]))


def _parse(project, rows) -> list[Row]:
    keys = _header(rows[0][1])
    periods = {
        p.pk: p
        for p in Period.objects.filter(indicator__result__project=project).select_related("indicator__result")
    }
    seen: dict[int, int] = {}
    out = []
    for number, cells in rows[1:]:
        cells = list(cells) + [None] * (len(keys) - len(cells))
        extra = [
            c for i, c in enumerate(cells) if (i >= len(keys) or keys[i] is None) and c not in (None, "")
        ]
        values = {key: cell for key, cell in zip(keys, cells, strict=False) if key}
        if all(v in (None, "") for v in values.values()) and not extra:
            continue  # a blank line
        row = Row(number=number)
        out.append(row)
        if extra:
            row.errors.append(_("a cell is filled outside the template's columns."))
        fill = {k: v for k, v in values.items() if k not in REFERENCE}
        if all(_text(v) == "" for v in fill.values()):
            row.empty = True  # nothing reported on this period: left as it is
        for key, value in fill.items():
            if _looks_like_formula(value):
                row.errors.append(
                    _("%(column)s starts with “%(char)s”, which spreadsheets read as a formula: remove it.")
                    % {"column": HEADINGS[key], "char": value.lstrip(" ")[0].replace("\t", "⇥")}
                )
        pk = _period_number(values.get("period"))
        period = periods.get(pk) if pk is not None else None
        if period is None:
            row.errors.append(
                _("unknown period “%(value)s”: it is not a period of this project.")
                % {"value": _isolated(clean_text(_text(values.get("period")))[:20])}
            )
        else:
            row.period = period
            if pk in seen:
                row.errors.append(_("this period is already given in row %(n)s.") % {"n": seen[pk]})
            seen.setdefault(pk, number)
            if period.is_locked and not row.empty:
                row.errors.append(_("this period is locked: ask the cooperation unit to unlock it."))
        if row.empty or any(_looks_like_formula(v) for v in fill.values()):
            continue
        for key in NUMBERS:
            try:
                parsed = parse_number(values.get(key), label=HEADINGS[key])
            except ValidationError as error:
                row.errors.extend(_messages(error))
                continue
            if parsed is not None and parsed < 0:
                row.errors.append(_("%(column)s cannot be negative.") % {"column": HEADINGS[key]})
            elif key == "value":
                row.value = parsed
            elif parsed is not None:
                row.parts.append(((SEX | AGE)[key], parsed))
        for key, code in NARRATIVES.items():
            text = clean_text(_text(values.get(key)), multiline=True)
            if len(text) > MAX_NARRATIVE:
                row.errors.append(
                    _("%(column)s is longer than %(max)s characters.")
                    % {"column": HEADINGS[key], "max": MAX_NARRATIVE}
                )
            elif text:
                row.narratives[code] = text
        if period is not None and period.indicator.measure == Indicator.Measure.PERCENTAGE:
            if row.value is not None and row.value > 100:
                row.errors.append(_("a percentage is between 0 and 100."))
    return out


def check(*, actor, project, name: str, content: bytes, apply: bool, submit: bool = False) -> Outcome:
    """Read, check and (when `apply` and every row is right) write the updates of a filled template."""
    outcome = Outcome(submit=submit)
    if not access.may_report(actor, project):
        raise PermissionDenied(
            _("Only the cooperation unit and the project's manager report on its results.")
        )
    try:
        checked = uploads.check(SimpleUploadedFile(name, content), purpose(name))
        rows = read(checked.name, content)
        if not rows or not any(v not in (None, "") for v in rows[0][1]):
            _refuse(_("The file has no heading row."))
        outcome.rows = _parse(project, rows)
    except ValidationError as error:  # the upload check's refusals, and FileRefused
        outcome.file_error = " ".join(error.messages)
        return outcome
    if not outcome.rows or not outcome.to_write and not outcome.errors:
        outcome.file_error = _("The file has no value to report: fill the “%(column)s” column.") % {
            "column": HEADINGS["value"]
        }
        return outcome
    with transaction.atomic():
        for row in outcome.to_write:
            try:
                with transaction.atomic():
                    _write(actor, row, submit)
            except (ValidationError, PermissionDenied) as error:
                row.errors.extend(_messages(error))
        if outcome.errors or not apply:
            transaction.set_rollback(True)
        else:
            outcome.created = len(outcome.to_write)
            audit.record(
                actor=actor,
                action="update.bulk_apply",
                obj=project,
                after={
                    "file": name,
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "updates": outcome.created,
                    "status": pipeline.Status.SUBMITTED if submit else pipeline.Status.DRAFT,
                },
            )
            outcome.applied = True
    return outcome


def _write(actor, row: Row, submit: bool) -> None:
    data = {"value": row.value}
    for code in LANGUAGES:
        data[f"narrative_{code}"] = row.narratives.get(code, "")
    dimensions = {c: Disaggregation.Dimension.SEX for c in SEX.values()} | {
        c: Disaggregation.Dimension.AGE for c in AGE.values()
    }
    parts = [
        {"dimension": dimensions[category], "category": category, "value": v} for category, v in row.parts
    ]
    update = services.update_save(
        actor=actor, period=row.period, update=None, data=data, disaggregations=parts
    )
    if submit:
        services.update_move(actor=actor, update=update, to=pipeline.Status.SUBMITTED)


# --- the file kept between the preview and "apply" ------------------------------------------------

SESSION_KEY = "results_bulk"
KEEP_SECONDS = 3600


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "results-bulk"  # MEDIA_ROOT is never served directly
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def store(session, *, user, project, name: str, content: bytes, submit: bool) -> str:
    """Keep a previewed file; the token returned is bound to this session, user and project."""
    now = time.time()
    folder = _folder()
    for old in folder.iterdir():  # earlier previews nobody applied
        try:
            if now - old.stat().st_mtime > KEEP_SECONDS:
                old.unlink()
        except OSError:
            pass
    token = secrets.token_hex(16)
    (folder / token).write_bytes(content)
    kept = {
        t: meta for t, meta in session.get(SESSION_KEY, {}).items() if now - meta.get("at", 0) <= KEEP_SECONDS
    }
    kept[token] = {
        "user": user.pk,
        "project": project.pk,
        "name": name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "submit": submit,
        "at": now,
    }
    session[SESSION_KEY] = kept
    return token


def take(session, *, token: str, user, project) -> tuple[str, bytes, bool] | None:
    """The kept file of `token` (name, content, submit), removed; None when it is not this reader's, for
    this project, unchanged and recent."""
    kept = dict(session.get(SESSION_KEY, {}))
    meta = kept.pop(str(token), None) if isinstance(token, str) and token.isalnum() else None
    session[SESSION_KEY] = kept
    if not meta or meta.get("user") != user.pk or meta.get("project") != project.pk:
        return None
    path = _folder() / token
    try:
        content = path.read_bytes()
        path.unlink()
    except OSError:
        return None
    if time.time() - meta["at"] > KEEP_SECONDS or hashlib.sha256(content).hexdigest() != meta["sha256"]:
        return None
    return meta["name"], content, bool(meta.get("submit"))
