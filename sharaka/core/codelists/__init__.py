"""IATI 2.03 codelists, read from the reference files in `sharaka/core/iati_standard/codelists/`.

`names("Sector")` gives {code: {"ar": ..., "fr": ..., "en": ...}}; `label()` and `choices()` give the
name in the active language. IATI publishes English and (mostly) French names; the Arabic names, and the
French ones IATI lacks or spells badly, are Sharaka's own, in `labels.csv` beside this file (columns
codelist, code, ar, fr, en: an empty fr or en keeps IATI's). Every codelist the interface shows is in
`SHOWN`, and a test fails when one of its codes lacks a name in one of the three languages.
Countries and currencies come from CLDR through Babel, which knows their Arabic names.
"""

import csv
import functools
import xml.etree.ElementTree as ET
from pathlib import Path

from babel import Locale
from django.utils import translation

STANDARD = Path(__file__).resolve().parent.parent / "iati_standard" / "codelists"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LABELS = Path(__file__).resolve().parent / "labels.csv"
LANGUAGES = ("ar", "fr", "en")

# Sharaka's own lists in labels.csv, beside IATI's: the sources of exchange rates the app itself writes
# (the demo's illustrative rate, Bank Al-Maghrib), whose stored text is the code.
OWN_CODELISTS = ("RateSource",)

# The codelists whose names the interface shows (pickers, pages, exports): each code needs ar, fr and en.
SHOWN = (
    "OrganisationType",
    "OrganisationRole",
    "TransactionType",
    "ActivityStatus",
    "Sector",
    "SectorCategory",
    "Region",
)


def path(codelist: str) -> Path:
    """The file of one codelist, embedded or not."""
    for folder in ("embedded", "non-embedded"):
        candidate = STANDARD / folder / f"{codelist}.xml"
        if candidate.exists():
            return candidate
    raise LookupError(f"no IATI codelist named {codelist!r}")


@functools.cache
def _own_labels() -> dict[tuple[str, str], dict[str, str]]:
    """Sharaka's names, read once: {(codelist, code): {"ar": ..., "fr": ...}} (empty cells left out)."""
    with LABELS.open(encoding="utf-8", newline="") as fh:
        return {
            (row["codelist"], row["code"]): {
                lang: row[lang].strip() for lang in LANGUAGES if row[lang].strip()
            }
            for row in csv.DictReader(fh)
        }


def official_names(codelist: str) -> dict[str, dict[str, str]]:
    """The names as IATI publishes them (English, and French for most codelists)."""
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


@functools.cache
def names(codelist: str) -> dict[str, dict[str, str]]:
    own = _own_labels()
    return {
        code: {**labels, **own.get((codelist, code), {})} for code, labels in official_names(codelist).items()
    }


def label(codelist: str, code: str, language: str | None = None) -> str:
    """The code's name in the language (the active one by default); Tamazight readers get French."""
    labels = names(codelist).get(code, {})
    language = (language or translation.get_language() or "ar").split("-")[0]
    order = {"ar": ("ar", "fr", "en"), "fr": ("fr", "en"), "zgh": ("fr", "en")}.get(language, ("en", "fr"))
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


def own_names(codelist: str) -> dict[str, dict[str, str]]:
    """A list of Sharaka's own (OWN_CODELISTS): {code: {"ar": ..., "fr": ..., "en": ...}}; English is the code."""
    return {
        code: {"en": code, **labels} for (name, code), labels in _own_labels().items() if name == codelist
    }


def rate_source_label(source: str, language: str | None = None) -> str:
    """An exchange rate's source in the reader's language when it is one Sharaka writes; else as typed."""
    labels = own_names("RateSource").get((source or "").strip())
    if not labels:
        return source
    language = (language or translation.get_language() or "ar").split("-")[0]
    order = {"ar": ("ar", "fr", "en"), "fr": ("fr", "en"), "zgh": ("fr", "en")}.get(language, ("en", "fr"))
    return next(labels[c] for c in order if labels.get(c))
