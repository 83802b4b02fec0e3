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
