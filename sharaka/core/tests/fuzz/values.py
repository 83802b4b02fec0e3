"""Hypothesis strategies for the values a form field may receive: some a careful user would type,
some hostile. Each strategy draws the list of values sent under the field's name.

To cover a new kind of field, add one entry to VALID and one to HOSTILE (docs/testing.md).
"""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# --- building blocks -------------------------------------------------------------------------------

ARABIC_WORDS = ["شراكة", "أورير", "مشروع", "اتفاقية", "تحلية المياه", "الجماعة", "ممول", "تقرير"]
LATIN_WORDS = ["Aourir", "partenariat", "projet", "Convention", "UNDP", "Agadir", "réunion", "été"]
BIDI_CONTROLS = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"]
BIDI_MARKS = ["\u200e", "\u200f", "\u061c", "\u200b", "\ufeff"]
CONTROL_CHARS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\r", "\u0085", "\u2028"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
HUGE = 100_000

words = st.sampled_from(ARABIC_WORDS + LATIN_WORDS)
plain_text = st.lists(words, min_size=1, max_size=4).map(" ".join)

hostile_text = st.one_of(
    st.just(""),
    st.sampled_from(
        [" ", "\t\n ", "0", "None", "null", "<script>alert(1)</script>", "' OR 1=1 --", "%s %d {0}"]
    ),
    st.builds(
        lambda a, c, b: f"{a}{c}{b}", plain_text, st.sampled_from(BIDI_CONTROLS + BIDI_MARKS), plain_text
    ),
    st.builds(lambda a, c, b: f"{a}{c}{b}", plain_text, st.sampled_from(CONTROL_CHARS), plain_text),
    st.lists(st.sampled_from(BIDI_CONTROLS + CONTROL_CHARS), min_size=1, max_size=8).map("".join),
    st.builds(
        lambda s, n: (s * (HUGE // len(s) + 1))[:n], plain_text, st.sampled_from([HUGE, 301, 1001, 5001])
    ),
    st.text(max_size=40),  # any code points but lone surrogates, which no browser can send
    st.text(alphabet=st.characters(codec="utf-8", categories=["Lo", "Mn", "Cf", "So"]), max_size=30),
)

# --- per kind: valid-looking values ------------------------------------------------------------------


def _valid_date():
    return st.dates(datetime.date(2020, 1, 1), datetime.date(2032, 12, 31)).map(lambda d: d.isoformat())


def _number_bounds(field):
    def as_float(value, default):
        try:
            return float(value)
        except (TypeError, ValueError):
            return default

    return as_float(field.attrs.get("min"), 0), as_float(field.attrs.get("max"), 1_000_000)


def _valid_number(field):
    low, high = _number_bounds(field)
    high = min(high, low + 1_000_000)
    step = field.attrs.get("step") or "1"  # a browser's default step: whole numbers
    if step != "any" and "." not in step:  # mostly small, as people type them; sometimes up to the max
        return st.one_of(
            st.integers(int(low), int(min(high, low + 60))), st.integers(int(low), int(high))
        ).map(str)
    places = len(step.split(".")[1]) if "." in step else 2
    return st.decimals(low, high, places=places, allow_nan=False, allow_infinity=False).map(str)


def _valid_text(field):
    if field.attrs.get("inputmode") in ("decimal", "numeric"):  # an amount typed as text
        return st.one_of(st.integers(1, 10_000_000).map(str), st.sampled_from(["1500.50", "250000"]))
    maxlength = int(field.attrs.get("maxlength", 200))
    return plain_text.map(lambda s: s[:maxlength])


def _valid_choice(field):
    """One of the offered options; the empty one ("---") now and then when the field is optional."""
    chosen = st.sampled_from([o for o in field.options if o] or [""])
    if "" in field.options and not field.required:
        return st.one_of(chosen, chosen, st.just(""))
    return chosen


# Fields whose valid value is known by name: Django's sign-in and password forms.
BY_NAME = {
    "username": ["admin", "officer", "nobody"],
    "password": ["pass-for-tests-only"],
    "old_password": ["pass-for-tests-only"],
    "new_password1": ["Aourir-2026-partenariat"],
    "new_password2": ["Aourir-2026-partenariat"],
}


def valid(field):
    """Valid-looking values for a field: what a careful user would send."""
    if field.name in BY_NAME:
        return st.sampled_from(BY_NAME[field.name]).map(lambda s: [s])
    return VALID[field.kind](field)


def _pdf(name="note.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


def _xlsx_bytes(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv():
    return SimpleUploadedFile(
        "rates.csv", b"currency,date,rate,source\nEUR,2026-03-31,10.8,BAM\n", "text/csv"
    )


def _xlsx(header):
    return SimpleUploadedFile("budget.xlsx", _xlsx_bytes([header, ["2026-03-01", 1000]]))


def _valid_file(field):
    """A new file each time (a posted file is read to its end): the kind `accept` asks for, else any."""
    accept = field.attrs.get("accept", "")
    headers = st.sampled_from([["date", "amount"], ["value_date", "type", "amount", "currency"]])
    spreadsheet, csv, pdf = headers.map(_xlsx), st.builds(_csv), st.builds(_pdf)
    if "xlsx" in accept or "spreadsheet" in accept:
        return spreadsheet.map(lambda f: [f])
    if "csv" in accept:
        return csv.map(lambda f: [f])
    if "pdf" in accept:
        return pdf.map(lambda f: [f])
    if "png" in accept or "jpg" in accept:  # a photo (sustainability's checks)
        return st.builds(_png).map(lambda f: [f])
    return st.one_of(pdf, csv, spreadsheet).map(lambda f: [f])


def _png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (12, 9), (40, 90, 160)).save(out, format="PNG")
    return SimpleUploadedFile("visite.png", out.getvalue(), "image/png")


VALID = {
    "text": lambda f: _valid_text(f).map(lambda s: [s]),
    "search": lambda f: plain_text.map(lambda s: [s]),
    "textarea": lambda f: plain_text.map(lambda s: [s]),
    "password": lambda f: st.just(["aourir-Passw0rd-2026"]),
    "email": lambda f: st.sampled_from(["leila@example.org", "contact@aourir.ma"]).map(lambda s: [s]),
    "url": lambda f: st.sampled_from(["https://example.org/", "https://aourir.ma/projets"]).map(
        lambda s: [s]
    ),
    "tel": lambda f: st.sampled_from(["+212 528 00 00 00", "0612345678"]).map(lambda s: [s]),
    "number": lambda f: _valid_number(f).map(lambda s: [s]),
    "date": lambda f: _valid_date().map(lambda s: [s]),
    "datetime-local": lambda f: _valid_date().map(lambda s: [s + "T10:30"]),
    "time": lambda f: st.sampled_from(["09:00", "17:45"]).map(lambda s: [s]),
    "hidden": lambda f: st.just(list(f.initial)),
    "select": lambda f: (
        st.lists(st.sampled_from(f.options), unique=True, max_size=3)
        if f.multiple and f.options
        else _valid_choice(f).map(lambda s: [s])
    ),
    "radio": lambda f: st.sampled_from(f.options).map(lambda s: [s]),
    "checkbox": lambda f: st.lists(st.sampled_from(f.options), unique=True, max_size=len(f.options)),
    "submit": lambda f: st.sampled_from(f.options).map(lambda s: [s]),
    "file": _valid_file,
}

# --- per kind: hostile values ----------------------------------------------------------------------

ODD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "10000-01-01",
    "0000-00-00",
    "2026-1-1",
    "31/12/2026",
    "12/31/2026",
    "garbage",
    "2026-02-29T25:61",
    "-2026-01-01",
    "٢٠٢٦-٠٣-٠١",
    "1900-01-01",
    "2038-01-19",
    "9999-12-31T23:59",
    "2026-03-01 extra",
]
ODD_AMOUNTS = [
    "99999999999999.99",
    "12345678901234.56",
    "100000000000000",
    "999999999999999999.99",
    "-0",
    "-0.00",
    "0",
    "-1",
    "-99999999999999.99",
    "0.001",
    "0.005",
    "1e308",
    "-1e308",
    "1E5",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1,5",
    "1 234,50",
    "1.234.567,89",
    "١٢٣٤٫٥٠",
    "١٢٣",
    "1_000",
    " 12 ",
    "+5",
    "0x10",
    "9" * 40,
    str(2**63),
    str(2**63 - 1),
    str(-(2**63)),
    str(2**31),
    str(2**31 - 1),
    "3.4028235e+38",
]
HUGE_INTEGERS = [str(2**31), str(2**63), str(2**64), "9" * 30, "-" + "9" * 30, "-1", "0", "1.5", "1e3"]
ODD_CHOICES = [
    "",
    "-1",
    "0",
    "999999999",
    "9" * 25,
    "abc",
    "__all__",
    "None",
    "1.0",
    "\x00",
    "\u202e1",
    "1 OR 1=1",
]


def _odd_date():
    return st.one_of(st.sampled_from(ODD_DATES), st.dates().map(lambda d: d.isoformat()), hostile_text)


def _odd_amount():
    return st.one_of(
        st.sampled_from(ODD_AMOUNTS),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.integers().map(str),
        st.sampled_from(ODD_AMOUNTS).map(lambda s: s.translate(ARABIC_INDIC)),
        hostile_text,
    )


def _odd_choice(field):
    return st.one_of(st.sampled_from(ODD_CHOICES), st.sampled_from(HUGE_INTEGERS), hostile_text)


def _malformed_file():
    names = st.sampled_from(
        [
            "note.pdf",
            "../../etc/passwd",
            "a\x00b.pdf",
            "rapport\u202efdp.exe",
            "تقرير.pdf",
            "x" * 300 + ".pdf",
            ".pdf",
            "no-extension",
            "budget.xlsx",
            "rates.csv",
            "image.png",
        ]
    )
    contents = st.one_of(
        st.just(b""),
        st.binary(max_size=64),
        st.just(b"%PDF-1.4 but truncated"),
        st.just(b"MZ\x90\x00 a windows executable"),
        st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        st.just(b"PK\x03\x04 not really a zip"),
        st.just(b"\xff\xfe" + "تقرير".encode("utf-16-le")),
        st.just(b"currency,date,rate,source\nEUR,9999-12-31,1e308,x\n,,,\nMAD,2026-02-30,NaN,\x00\n"),
        st.just(_zip_bomb_lookalike()),
        st.builds(lambda n: b"A" * n, st.sampled_from([HUGE, 1_000_000])),
    )
    content_types = st.sampled_from(
        ["application/pdf", "application/octet-stream", "text/plain", "", "image/png"]
    )
    return st.builds(lambda n, c, t: [SimpleUploadedFile(n, c, t)], names, contents, content_types)


def _zip_bomb_lookalike():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("[Content_Types].xml", "\x00" * 10_000)
    return out.getvalue()


def _one(strategy):
    return strategy.map(lambda s: [s])


HOSTILE = {
    "text": lambda f: _one(hostile_text),
    "search": lambda f: _one(hostile_text),
    "textarea": lambda f: _one(hostile_text),
    "password": lambda f: _one(hostile_text),
    "email": lambda f: _one(
        st.one_of(hostile_text, st.sampled_from(["a@b", "@", "a" * 300 + "@example.org", "ليلى@مثال.مغرب"]))
    ),
    "url": lambda f: _one(
        st.one_of(
            hostile_text,
            st.sampled_from(
                ["javascript:alert(1)", "http://", "https://" + "a" * 3000 + ".org", "http://[::1"]
            ),
        )
    ),
    "tel": lambda f: _one(hostile_text),
    "number": lambda f: _one(_odd_amount()),
    "date": lambda f: _one(_odd_date()),
    "datetime-local": lambda f: _one(_odd_date()),
    "time": lambda f: _one(
        st.one_of(st.sampled_from(["24:00", "23:60", "-1:00", "9", "٠٩:٠٠"]), hostile_text)
    ),
    "hidden": lambda f: _one(st.one_of(st.sampled_from(HUGE_INTEGERS + ODD_CHOICES), hostile_text)),
    "select": lambda f: st.one_of(
        _one(_odd_choice(f)), st.lists(st.sampled_from(f.options or [""]), min_size=2, max_size=4)
    ),
    "radio": lambda f: _one(_odd_choice(f)),
    "checkbox": lambda f: st.one_of(
        _one(_odd_choice(f)), st.lists(st.sampled_from(f.options), min_size=2, max_size=5)
    ),
    "submit": lambda f: _one(_odd_choice(f)),
    "file": lambda f: _malformed_file(),
}


def missing_strategies(forms):
    """The (form, field, kind) that no strategy covers: the test fails on any."""
    return [
        f"{form.label()}: field {name!r} of kind {spec.kind!r}"
        for form in forms
        for name, spec in form.fields.items()
        if spec.kind not in VALID or spec.kind not in HOSTILE
    ]
