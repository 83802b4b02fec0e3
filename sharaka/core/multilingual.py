"""Content that partners read (names, titles, summaries) exists in Arabic, French and English.

One language filled is enough to save; readers see the best available for their language.
"""

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
