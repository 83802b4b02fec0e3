"""Money: Decimal amounts with an ISO 4217 currency, formatted per language.

Rounding is stated once: half-up to the centime.
"""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

CENTIME = Decimal("0.01")
# Arabic: "درهم" rather than CLDR's "د.م." whose final dot jumps to the wrong side in bidi text.
_MAD_LABEL = {"ar": "درهم", "fr": "MAD", "en": "MAD"}
_LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en", "zgh": "fr_MA"}


def quantize(amount) -> Decimal:
    return Decimal(amount).quantize(CENTIME, rounding=ROUND_HALF_UP)


def format_amount(amount, currency: str = "MAD", language: str = "ar") -> str:
    """'1.234.567,50 درهم' in Arabic, '1 234 567,50 MAD' in French, 'MAD 1,234,567.50' in English.

    Digits are always Western (0-9); the separators are characters that the bidi algorithm keeps
    inside one number (dot, comma, narrow no-break space), so the amount reads right in Arabic text.
    """
    if amount is None:
        return ""
    language = (language or "ar").split("-")[0]
    number = format_decimal(quantize(amount), format="#,##0.00", locale=_LOCALES.get(language, "en"))
    number = number.replace("\u200f", "").replace("\u200e", "")
    label = _MAD_LABEL.get(language, "MAD") if currency == "MAD" else currency
    if language == "en":
        return f"{label}\u00a0{number}"
    return f"{number}\u00a0{label}"
