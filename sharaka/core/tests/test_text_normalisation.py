"""Search treats Arabic as readers do (cases from the stack notes' table) and French without accents."""

import pytest

from sharaka.lib.text import clean_text, normalize, search_terms


@pytest.mark.parametrize(
    ("document", "query"),
    [
        ("مَرْحَبًا بِكُمْ فِي الإِدَارَةِ الإِلِكْتْرُونِيَّةِ", "الادارة الالكترونية"),  # tashkeel in the document
        ("طلب السيد أحمد", "احمد"),  # alef with hamza above
        ("إدارة الموارد البشرية", "ادارة"),  # alef with hamza below
        ("آمنة بنت وهب", "امنة"),  # alef madda
        ("المدرسة الوطنية", "المدرسه"),  # ta marbuta / ha
        ("مستشفى ابن سينا", "مستشفي"),  # alef maqsura / ya
        ("الـمـغـرب الـعـربـي", "المغرب"),  # tatweel
        ("المسؤول عن الملف", "المسئول"),  # hamza seats
        ("الفاتورة رقم ٢٠٢٥", "2025"),  # Eastern Arabic digits
        ("ﺍﻟﻤﻐﺮﺏ", "المغرب"),  # presentation forms copied from a PDF
        ("الادارة", "الإِدَارَة"),  # diacritics in the query, not in the document
        ("Société Générale du Maroc", "societe generale"),  # French accents and case
        ("ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ", "ⴰⵣⵓⵍ"),  # Tifinagh
        ("والمدينة القديمة", "المدينة"),  # prefix و: substring search still finds it
    ],
)
def test_it_finds_every_query_word_in_the_normalised_document(document, query):
    text = normalize(document)
    assert all(term in text for term in search_terms(query)), (text, search_terms(query))


def test_it_does_not_match_a_different_word():
    assert "مدرسه" not in normalize("مستشفى ابن سينا")


def test_it_removes_bidi_overrides_that_could_disguise_text():
    disguised = "invoice\u202eexe.pdf"
    assert clean_text(disguised) == "invoiceexe.pdf"
    assert normalize("\u2067أورير\u2069") == "اورير"


def test_a_query_word_with_the_article_finds_the_bare_word():
    assert search_terms("المياه") == ["مياه"]
    assert search_terms("والمدينة") == ["مدينه"]
    assert search_terms("الفن") == ["الفن"]  # too short to strip: the article stays


def test_the_marks_table_holds_every_nonspacing_mark_of_unicode():
    """normalize() drops marks with a table built from planes 0, 1 and 14 only: no mark lies elsewhere."""
    import sys
    import unicodedata

    from sharaka.lib.text import nonspacing_marks

    every = {cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Mn"}
    assert set(nonspacing_marks()) == every


def test_normalize_gives_what_the_letter_by_letter_rule_gave():
    """The rule before the table: each character of the NFD form kept unless it is a mark."""
    import unicodedata

    from sharaka.lib import text as module
    from sharaka.lib.text import normalize

    def letter_by_letter(text):
        text = unicodedata.normalize("NFKC", text)
        text = module.BIDI_CONTROLS.sub("", text).translate(module._HAMZA_SEATS)
        text = unicodedata.normalize("NFD", text)
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        text = module._TASHKEEL_ETC.sub("", text).translate(module._HAMZA_SEATS)
        text = unicodedata.normalize("NFC", text.translate(module._DIGITS)).casefold()
        return module._SPACES.sub(" ", text).strip()

    samples = [
        "Développement durable",
        "إِدَارَةُ الْمِيَاهِ",
        "ⴰⵎⴰⵣⵉⵖ Tamaziɣt",
        "ñandú ŒUVRE",
        "a\U0001d167b",
        "x\U000e0100y",
    ]
    for sample in samples:
        assert normalize(sample) == letter_by_letter(sample), sample
    assert normalize("إِدَارَةُ الْمِيَاهِ") == "اداره المياه"
    assert normalize("a\U0001d167b") == "ab"  # a musical combining mark, plane 1


def test_clean_text_leaves_printable_text_as_it_is_because_nothing_it_removes_is_printable():
    import re
    import sys

    from sharaka.lib import text as module

    removed = re.compile(
        f"{module.BIDI_CONTROLS.pattern}|{module.CONTROLS.pattern}|{module.LINE_BREAKS.pattern}"
    )
    for cp in range(sys.maxunicode + 1):
        char = chr(cp)
        if removed.match(char):
            assert not char.isprintable(), hex(cp)
    assert clean_text("Aourir \u202eevil\u202c") == "Aourir evil"
    assert clean_text("ligne\nsuivante") == "ligne suivante"
    assert clean_text("ligne\nsuivante", multiline=True) == "ligne\nsuivante"
