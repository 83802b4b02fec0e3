"""Text a spreadsheet would compute: the one rule for every CSV and XLSX Sharaka writes (the staff lists'
exports, the portal's open data, the donor report, the results template).

A cell whose text starts with =, +, -, @ (or a tab or carriage return, the same trick behind a blank)
is a formula to Excel and LibreOffice. In CSV such text gets a leading apostrophe; in XLSX the cell is
typed as a string and marked quotePrefix, so it shows as typed. Numbers are never touched: a negative
amount stays a number.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV value: text a spreadsheet would compute gets a leading apostrophe; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def keep_as_text(cell) -> None:
    """An openpyxl cell holding such text: stored as a string, never a formula."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
