"""Content that partners read (names, titles, summaries) exists in Arabic, French and English.

One language filled is enough to save; readers see the best available for their language.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = ("ar", "fr", "en")
FALLBACKS = {
    "ar": ("ar", "fr", "en"),
    "fr": ("fr", "en", "ar"),
    "en": ("en", "fr", "ar"),
    "zgh": ("zgh", "ar", "fr", "en"),  # a locality has a name in Tifinagh (name_zgh)
}
LANGUAGE_NAMES = {"ar": _("in Arabic"), "fr": _("in French"), "en": _("in English")}


def best_language(obj, base: str, language: str | None = None) -> str | None:
    language = (language or translation.get_language() or "ar").split("-")[0]
    for code in FALLBACKS.get(language, CONTENT_LANGUAGES):
        if getattr(obj, f"{base}_{code}", ""):
            return code
    return None


def best(obj, base: str, language: str | None = None) -> str:
    code = best_language(obj, base, language)
    return getattr(obj, f"{base}_{code}") if code else ""


def require_one(obj, base: str, label) -> None:
    """Raise a form-friendly error when none of the three languages is filled."""
    if not any((getattr(obj, f"{base}_{code}", "") or "").strip() for code in CONTENT_LANGUAGES):
        raise ValidationError(
            {f"{base}_ar": _("Fill %(field)s in at least one language.") % {"field": label}}
        )


_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_FRENCH = re.compile(
    r"[éèêàçùœîôû]|\b(le|la|les|des|du|une|et|pour|entre|dans|avec|sur|aux?)\b|\b[ldn]'", re.I
)
_ENGLISH = re.compile(r"\b(the|of|and|for|between|with|to|in|is)\b", re.I)


def guess_language(text: str) -> str:
    """The content language a free text is written in: ar, fr or en (Arabic when nothing tells)."""
    text = text or ""
    if _ARABIC.search(text):
        return "ar"
    french, english = len(_FRENCH.findall(text)), len(_ENGLISH.findall(text))
    if french or english:
        return "fr" if french >= english else "en"
    return "ar"
