from decimal import Decimal

import pytest

from sharaka.lib.money import format_amount, quantize


def test_it_rounds_half_up_to_the_centime():
    assert quantize(Decimal("0.005")) == Decimal("0.01")
    assert quantize(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67
    assert quantize(Decimal("-2.675")) == Decimal("-2.68")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "1.234.567,50\u00a0درهم"),
        ("fr", "1\u202f234\u202f567,50\u00a0MAD"),
        ("en", "MAD\u00a01,234,567.50"),
    ],
)
def test_it_formats_mad_the_moroccan_way_per_language(language, expected):
    assert format_amount(Decimal("1234567.5"), "MAD", language) == expected


def test_it_keeps_western_digits_and_no_direction_marks_in_arabic():
    text = format_amount(Decimal("98765.4"), "EUR", "ar")
    assert text == "98.765,40\u00a0EUR"
    assert not any(ch in text for ch in "٠١٢٣٤٥٦٧٨٩\u200e\u200f")


def test_it_groups_with_characters_that_keep_the_number_whole_in_arabic_text():
    # A plain space between digit groups would be reordered by the bidi algorithm inside Arabic text;
    # dot, comma, U+202F and U+00A0 are common separators (class CS) and keep the groups in order.
    import unicodedata

    for language in ("ar", "fr"):
        text = format_amount(Decimal("1234567.5"), "MAD", language)
        number = text.split("\u00a0")[0]
        separators = {c for c in number if not c.isdigit()}
        assert all(unicodedata.bidirectional(c) == "CS" for c in separators), separators


@pytest.mark.parametrize("locale", ["ar_MA", "fr_MA", "en"])
def test_amounts_read_exactly_as_babel_formats_them_from_cldr(locale):
    """format_amount builds the number from the locale's CLDR separators once, instead of asking
    Babel to parse the locale and the pattern for each amount; over many amounts (both signs, the
    centime's edges, the largest bounds) it must write exactly what Babel writes."""
    import random

    from babel.numbers import format_decimal

    from sharaka.lib.money import MAX_AMOUNT, MAX_TOTAL, _number, quantize

    rng = random.Random(7)
    amounts = [Decimal("0"), Decimal("-0.00"), Decimal("0.005"), Decimal("-0.004"), Decimal("1000")]
    amounts += [MAX_AMOUNT, -MAX_AMOUNT, MAX_TOTAL, -MAX_TOTAL]
    amounts += [Decimal(rng.randint(-(10**16), 10**16)) / 100 for _ in range(3000)]
    amounts += [Decimal(rng.randint(-(10**6), 10**6)) / 1000 for _ in range(1000)]
    for amount in amounts:
        expected = format_decimal(quantize(amount), format="#,##0.00", locale=locale)
        assert _number(quantize(amount), locale) == expected.replace("\u200f", "").replace("\u200e", "")
