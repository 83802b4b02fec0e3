"""Money: Decimal amounts with an ISO 4217 currency, formatted per language.

Rounding is stated once: half-up to the centime.
"""

import functools
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

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
    number = _number(quantize(amount), _LOCALES.get(language, "en"))
    label = _MAD_LABEL.get(language, "MAD") if currency == "MAD" else currency
    if language == "en":
        return f"{label}\u00a0{number}"
    return f"{number}\u00a0{label}"


@functools.cache
def _symbols(locale: str) -> tuple[str, str, str]:
    """The locale's group and decimal separators and minus sign (CLDR, through Babel), without the
    bidi marks Babel puts around some of them."""

    def plain(text):
        return text.replace("\u200f", "").replace("\u200e", "")

    return (
        plain(get_group_symbol(locale)),
        plain(get_decimal_symbol(locale)),
        plain(get_minus_sign_symbol(locale)),
    )


def _number(amount: Decimal, locale: str) -> str:
    """`amount` (to the centime) in the pattern #,##0.00 of `locale`: what Babel's format_decimal
    gives, without parsing the locale and the pattern on every call (a list page formats a hundred
    amounts; `test_money_format` compares the two over many values)."""
    group, decimal, minus = _symbols(locale)
    text = f"{abs(amount):,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", group)
    return minus + text if amount.is_signed() else text


# --- bounds --------------------------------------------------------------------------------------
# The largest amount Sharaka keeps, in any currency (docs/finance.md, "Bounds"). Chosen so that:
# - a pledge of several hundred million euros still fits in the weakest currency a partner may
#   use (KRW, JPY: tens of billions), and no amount the commune handles comes near it;
# - it has 14 significant digits, so spreadsheets (15 digits) show it to the centime;
# - stored as integer centimes (1e14 at most), more than 92,000 such amounts still add up inside a
#   signed 64-bit integer (MAX_TOTAL), the limit of the databases' integer sums.
MAX_AMOUNT = Decimal("999999999999.99")
MAX_TOTAL = Decimal(2**63 - 1).scaleb(-2)  # 92,233,720,368,547,758.07
# Rates are dirhams for one unit, to the millionth: the smallest positive millionth up to a
# ceiling far above the dearest currency (a Kuwaiti dinar is about 32 dirhams, an ounce of gold
# about 30,000) that keeps amount x rate computable without surprises.
RATE_UNIT = Decimal("0.000001")
MIN_RATE = RATE_UNIT
MAX_RATE = Decimal("999999.999999")


def amount_in_bounds(amount) -> bool:
    """A finite Decimal of at most MAX_AMOUNT either way (reversals are negative)."""
    return isinstance(amount, Decimal) and amount.is_finite() and -MAX_AMOUNT <= amount <= MAX_AMOUNT


def rate_in_bounds(rate) -> bool:
    return isinstance(rate, Decimal) and rate.is_finite() and MIN_RATE <= rate <= MAX_RATE


def format_number(value, language: str = "ar", places: int = 2) -> str:
    """A bare number written the way the language writes amounts (no currency): for bounds in messages."""
    language = (language or "ar").split("-")[0]
    pattern = "#,##0." + "0" * places
    number = format_decimal(Decimal(value), format=pattern, locale=_LOCALES.get(language, "en"))
    return number.replace("\u200f", "").replace("\u200e", "")
