"""IATI 2.03 codelists, read from the reference files in `sharaka/core/iati_standard/codelists/`.

`names("Sector")` gives {code: {"en": ..., "fr": ...}}; `choices("Sector")` gives form choices in the
active language (French or English name; Arabic readers get French, then English).
Countries and currencies come from CLDR through Babel, which knows their Arabic names.
"""

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

from babel import Locale
from django.utils import translation

STANDARD = Path(__file__).resolve().parent.parent / "iati_standard" / "codelists"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def path(codelist: str) -> Path:
    """The file of one codelist, embedded or not."""
    for folder in ("embedded", "non-embedded"):
        candidate = STANDARD / folder / f"{codelist}.xml"
        if candidate.exists():
            return candidate
    raise LookupError(f"no IATI codelist named {codelist!r}")


@functools.cache
def names(codelist: str) -> dict[str, dict[str, str]]:
    tree = ET.parse(path(codelist))
    out = {}
    for item in tree.iter("codelist-item"):
        if item.get("status") == "withdrawn":
            continue
        code = item.findtext("code")
        labels = {}
        for narrative in item.findall("name/narrative"):
            labels[narrative.get(XML_LANG, "en")] = (narrative.text or "").strip()
        out[code] = labels
    return out


def label(codelist: str, code: str, language: str | None = None) -> str:
    labels = names(codelist).get(code, {})
    language = (language or translation.get_language() or "ar").split("-")[0]
    order = ("fr", "en") if language in ("fr", "ar", "zgh") else ("en", "fr")
    return next((labels[c] for c in order if labels.get(c)), code)


def choices(codelist: str):
    return [(code, f"{code} · {label(codelist, code)}") for code in names(codelist)]


def is_code(codelist: str, code: str) -> bool:
    return code in names(codelist)


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse({"ar": "ar_MA", "fr": "fr_MA", "en": "en", "zgh": "fr_MA"}.get(language, "en"))


def country_name(code: str, language: str | None = None) -> str:
    language = (language or translation.get_language() or "ar").split("-")[0]
    return _locale(language).territories.get(code.upper(), code) if code else ""


def country_choices():
    language = (translation.get_language() or "ar").split("-")[0]
    territories = _locale(language).territories
    codes = [
        c
        for c in _locale("en").territories
        if len(c) == 2 and c.isalpha() and c not in {"ZZ", "EU", "UN", "EZ", "QO"}
    ]
    return sorted(((c, territories.get(c, c)) for c in codes), key=lambda pair: pair[1])


CURRENCIES = (
    "MAD",
    "EUR",
    "USD",
    "GBP",
    "JPY",
    "CHF",
    "CAD",
    "SEK",
    "NOK",
    "DKK",
    "KRW",
    "CNY",
    "SAR",
    "AED",
    "KWD",
    "QAR",
)


def currency_choices():
    language = (translation.get_language() or "ar").split("-")[0]
    names_ = _locale(language).currencies
    return [(c, f"{c} · {names_.get(c, c)}") for c in CURRENCIES]
