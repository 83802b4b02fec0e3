"""The catalogues are complete in Arabic, French and English, and the interface really is Arabic first."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

APPS_WITH_TEXT = [
    "core",
    "partners",
    "projects",
    "workspace",
    "agreements",
    "finance",
    "portal",
    "capacity",
    "promotion",
    "results",
    "sustainability",
    "funding",
    "operations",
    "iati",
    "api",
]
# The public portal also speaks Tamazight in Tifinagh; the staff pages do not.
APPS_WITH_TAMAZIGHT = ["portal"]


def _catalogue(app, language):
    return Path(settings.BASE_DIR) / "sharaka" / app / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize(
    ("app", "language"),
    [(app, language) for app in APPS_WITH_TEXT for language in ("ar", "fr", "en")]
    + [(app, "zgh") for app in APPS_WITH_TAMAZIGHT],
)
def test_every_message_is_translated(app, language):
    path = _catalogue(app, language)
    assert path.exists(), f"missing catalogue {path}"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{app}/{language}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{app}/{language}: fuzzy {fuzzy[:10]}"


def test_the_login_page_speaks_arabic_right_to_left_by_default(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول" in html


def test_the_login_page_speaks_french_when_asked(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Se connecter" in html
