"""Every codelist label the interface shows exists in Arabic, French and English (issue #11).

IATI codelists (organisation types and roles, transaction types, activity status, DAC purpose codes and
their 3-digit categories) carry IATI's English and French names plus Sharaka's own in
`sharaka/core/codelists/labels.csv`; the labels declared in code (roles, a project partner's IATI role,
SDGs, objectives, areas, agreement states) come from the gettext catalogues.
"""

import re

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from sharaka.core import codelists
from sharaka.core.roles import Role
from sharaka.core.taxonomy import KINDS

ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
LANGUAGES = ("ar", "fr", "en")


def missing_labels(names: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(code, language) of every code without a name in one of the three languages, or with an Arabic
    "name" that has no Arabic letter in it (a French name copied over)."""
    missing = []
    for code, labels in names.items():
        for language in LANGUAGES:
            text = (labels.get(language) or "").strip()
            if not text or language == "ar" and not ARABIC_LETTER.search(text):
                missing.append((code, language))
    return missing


@pytest.mark.parametrize("codelist", codelists.SHOWN)
def test_every_code_of_a_shown_codelist_has_an_arabic_french_and_english_name(codelist):
    names = codelists.names(codelist)
    assert names, f"{codelist} is empty"
    assert missing_labels(names) == [], f"{codelist}: names missing"


def test_the_check_fails_when_one_name_is_removed():
    names = {code: dict(labels) for code, labels in codelists.names("Sector").items()}
    del names["14031"]["ar"]
    names["11110"]["fr"] = ""
    names["40"] = {"ar": "Multilatéral", "fr": "Multilatéral", "en": "Multilateral"}
    assert missing_labels(names) == [("11110", "fr"), ("14031", "ar"), ("40", "ar")]


def test_the_interface_shows_the_name_in_the_readers_language():
    with translation.override("ar"):
        assert codelists.label("OrganisationType", "40") == "منظمة متعددة الأطراف"
        assert codelists.label("TransactionType", "8") == "شراء حصص في رأس المال"
        assert codelists.label("Sector", "14031") == "التزويد الأساسي بالماء الصالح للشرب"
        assert codelists.label("SectorCategory", "140") == "الماء والتطهير"
        assert dict(codelists.choices("OrganisationType"))["23"] == "23 · منظمة غير حكومية إقليمية"
    with translation.override("fr"):
        assert codelists.label("OrganisationType", "23") == "ONG régionale"
        assert codelists.label("OrganisationType", "40") == "Organisation multilatérale"
        assert codelists.label("TransactionType", "8") == "Prise de participation"
        assert codelists.label("Sector", "14031") == "Approvisionnement en eau potable – dispositifs de base"
    with translation.override("en"):
        assert codelists.label("OrganisationType", "40") == "Multilateral"
        assert codelists.label("Sector", "14031") == "Basic drinking water supply"


def test_every_row_of_the_labels_file_names_a_real_code():
    """A typo in labels.csv (a code IATI does not have) would silently leave the real code without."""
    for codelist, code in codelists._own_labels():
        if codelist in codelists.OWN_CODELISTS:
            continue
        assert codelist in codelists.SHOWN, codelist
        assert code in codelists.official_names(codelist), (codelist, code)


@pytest.mark.parametrize("codelist", codelists.OWN_CODELISTS)
def test_every_entry_of_sharakas_own_lists_has_three_names(codelist):
    names = codelists.own_names(codelist)
    assert names
    assert missing_labels(names) == []


def test_the_demos_rate_source_reads_in_the_readers_language():
    source = "Illustrative demo rate (not Bank Al-Maghrib data)"
    with translation.override("ar"):
        assert codelists.rate_source_label(source) == "سعر توضيحي للعرض (ليس من معطيات بنك المغرب)"
        assert codelists.rate_source_label("Banque X, cours du jour") == "Banque X, cours du jour"
    with translation.override("fr"):
        assert (
            codelists.rate_source_label(source)
            == "Taux illustratif de démonstration (pas une donnée de Bank Al-Maghrib)"
        )
    with translation.override("en"):
        assert codelists.rate_source_label(source) == source


def _catalogue(app: str, language: str) -> dict:
    path = settings.BASE_DIR / "sharaka" / app / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as fh:
        return {(m.context, m.id): m.string for m in read_po(fh, locale=language) if m.id}


def _choices_in_code():
    from sharaka.agreements.pipeline import Status as AgreementStatus
    from sharaka.projects.models import ProjectPartner

    yield "core", None, [label for _value, label in Role.choices]
    for kind in KINDS.values():
        yield "core", None, [label for _value, label in kind.choices]
    yield "projects", None, [label for _value, label in ProjectPartner.Role.choices]
    yield "agreements", "agreement status", [label for _value, label in AgreementStatus.choices]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_labels_declared_in_code_are_in_their_apps_catalogue(language):
    missing = []
    for app, context, labels in _choices_in_code():
        catalogue = _catalogue(app, language)
        for label in labels:
            with translation.override(None):
                msgid = str(label)  # untranslated: the English msgid of the lazy (p)gettext
            if not catalogue.get((context, msgid)):
                missing.append((app, context, msgid))
    assert missing == []


def test_the_english_catalogues_say_what_the_code_says():
    """English is the source language: a msgstr that differs from its msgid is a stale fuzzy guess (the
    Finance menu once read "Finance officer")."""
    wrong = []
    for path in sorted((settings.BASE_DIR / "sharaka").glob("*/locale/en/LC_MESSAGES/django.po")):
        with path.open("rb") as fh:
            for m in read_po(fh, locale="en"):
                if m.id and isinstance(m.id, str) and m.string and m.string != m.id:
                    wrong.append((path.parts[-5], m.id, m.string))
    assert wrong == []


def test_the_english_menu_names_the_finance_area(client, personas):
    personas.officer.language = "en"
    personas.officer.save(update_fields=["language"])
    client.force_login(personas.officer)
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert ">Finance</a>" in html
    assert "Finance officer" not in html
