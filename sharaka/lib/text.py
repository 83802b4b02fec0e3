"""Text normalisation for search: Arabic read the way readers read it, French without accents.

The same function is applied to what we index and to what the user types, so a query matches
with or without diacritics, whatever the alef form, ta marbuta or ha, alef maqsura or ya,
tatweel or hamza seat. It is plain Python, so SQLite and PostgreSQL give the same results.
"""

import functools
import re
import unicodedata

_TASHKEEL_ETC = re.compile("[\u0640\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_HAMZA_SEATS = str.maketrans({"ؤ": "ء", "ئ": "ء", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_SPACES = re.compile(r"\s+")
# Bidi controls and zero-width characters: invisible, and a way to disguise text.
BIDI_CONTROLS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# C0 and C1 control characters (NUL included) and DEL, except tab, line feed and carriage return.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile("[\t\r\n\u2028\u2029]+")


@functools.cache
def nonspacing_marks() -> dict[int, None]:
    """Every nonspacing mark (Unicode category Mn) mapped to None, for `str.translate`: the accents
    and harakat NFD splits off. Planes 0, 1 and 14 hold them all (core/tests checks the whole range);
    built on the first normalisation (20 ms), not when the module is imported."""
    planes = (range(0x20000), range(0xE0000, 0xE1000))
    return {cp: None for plane in planes for cp in plane if unicodedata.category(chr(cp)) == "Mn"}


def normalize(text: str) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)  # presentation forms copied from PDFs -> letters
    text = BIDI_CONTROLS.sub("", text)
    text = text.translate(_HAMZA_SEATS)
    text = unicodedata.normalize("NFD", text)  # أ إ آ -> ا + mark; é -> e + mark
    text = text.translate(nonspacing_marks())
    text = _TASHKEEL_ETC.sub("", text).translate(_HAMZA_SEATS)
    text = unicodedata.normalize("NFC", text.translate(_DIGITS)).casefold()
    return _SPACES.sub(" ", text).strip()


# A query word typed with the article (and a leading و, ب, ل, ف or ك) also finds the bare word:
# "المياه" finds "مياه البحر". Only the query is stripped; the document keeps its letters.
_ARTICLE = re.compile("^(?:[وفبكل]?ال|لل)(?=.{3,})")


def search_terms(query: str) -> list[str]:
    """Split a query into normalised words without their article; at most eight kept."""
    return [_ARTICLE.sub("", word) for word in normalize(query).split(" ") if word][:8]


def clean_text(text: str, *, multiline: bool = False) -> str:
    """What is kept of any text a person types or a file brings: the one cleaning rule of every input.

    Bidi embedding, override, isolate and mark characters, zero-width characters, NUL and the other
    control characters are removed; tabs and line breaks are kept in multi-line text and become a
    space in a single line. Passwords are not text: they are never cleaned.
    """
    if not text or text.isprintable():
        # Printable text holds none of what is removed (each is a control, a format character or a
        # line or paragraph separator: lib/tests checks every character of Unicode): nothing to do.
        return text
    text = CONTROLS.sub("", BIDI_CONTROLS.sub("", text))
    if not multiline:
        text = LINE_BREAKS.sub(" ", text)
    return text


def isolate(value) -> str:
    """A value set inside a sentence of plain text (a message, a heading, a page title, an e-mail):
    between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (U+2068 … U+2069), so a Latin name or
    code inside Arabic, or an Arabic title inside French, keeps its order and the punctuation around
    it. In HTML, prefer the `bdi` filter; "" stays "" (a placeholder stays outside)."""
    if value is None or value == "":
        return ""
    return f"\u2068{value}\u2069"
