"""The draft of an agreement (DOCX) as a reader opens it: parties, resources, direction, hostile text."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from sharaka.agreements import drafts, services
from sharaka.agreements.models import AgreementParty, Obligation
from sharaka.agreements.tests.conftest import make_agreement
from sharaka.core.testing import make_organisation, make_project

W_BIDI = qn("w:bidi")


@pytest.fixture
def agreement(personas, foreign_commune, moroccan_body):
    """A twinning with a foreign commune and a Moroccan agency, each party committing resources."""
    agreement = make_agreement(
        personas.officer,
        foreign_commune,
        reference="AOU-2026-007",
        object_fr="Échanges entre les écoles et gestion de l'eau.",
        renewal_terms="Renouvelable une fois par avenant.",
        languages="Arabe, français",
    )
    services.agreement_party_set(
        actor=personas.officer,
        agreement=agreement,
        organisation=moroccan_body,
        cash_amount=Decimal("250000.00"),
        in_kind_description="Deux ingénieurs pendant six mois",
    )
    AgreementParty.objects.filter(agreement=agreement, organisation=foreign_commune).update(
        cash_amount=Decimal("1234567.50"), currency="EUR"
    )
    AgreementParty.objects.filter(agreement=agreement, organisation=None).update(
        in_kind_value=Decimal("80000.00"), in_kind_description="Locaux et personnel de la commune"
    )
    agreement.projects.add(make_project(code="AOU-2026-014"))
    Obligation.objects.create(
        agreement=agreement,
        party=agreement.parties.get(organisation=foreign_commune),
        kind="report",
        title="Rapport annuel",
        due_on=datetime.date(2027, 7, 1),
    )
    return agreement


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join(parts)


def _resources(document):
    """The resources table: the one whose header starts with the party column."""
    return next(t for t in document.tables if len(t.columns) == 4)


def test_the_french_draft_names_the_parties_and_their_resources(agreement):
    document = _open(drafts.build(agreement, "fr"))
    text = _text(document)

    assert "Jumelage Aourir – Saint-Aubin" in text
    assert "AOU-2026-007" in text
    assert "Commune de Saint-Aubin-sur-Loire (fictive)" in text
    assert "Agence régionale d'exécution des projets" in text
    assert "BROUILLON" in text and "pas le texte signé" in text
    assert "Article 118" in text and "Article 92" in text  # twinning with a foreign commune
    assert "Échanges entre les écoles" in text and "AOU-2026-014" in text and "Rapport annuel" in text
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in _resources(document).rows}
    assert rows["Commune de Saint-Aubin-sur-Loire (fictive)"][1] == "1\u202f234\u202f567,50\u00a0EUR"
    assert rows["Agence régionale d'exécution des projets"][1] == "250\u202f000,00\u00a0MAD"
    assert rows["Agence régionale d'exécution des projets"][3] == "Deux ingénieurs pendant six mois"
    assert rows["Commune d'Aourir"][2] == "80\u202f000,00\u00a0MAD"


def test_the_french_draft_reads_left_to_right(agreement):
    document = _open(drafts.build(agreement, "fr"))

    assert document.element.body.find(".//" + W_BIDI) is None
    assert document.sections[0]._sectPr.find(W_BIDI) is None
    assert _resources(document)._tbl.tblPr.find(qn("w:bidiVisual")) is None


def test_the_arabic_draft_is_right_to_left_in_arabic(agreement):
    document = _open(drafts.build(agreement, "ar"))
    text = _text(document)

    assert "اتفاقية توأمة" in text
    assert "جماعة سان أوبان سور لوار (خيالية)" in text
    assert "مسودة" in text
    assert all(p._p.pPr.find(W_BIDI) is not None for p in document.paragraphs)
    assert document.sections[0]._sectPr.find(W_BIDI) is not None
    resources = _resources(document)
    assert resources._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    run = document.paragraphs[0].runs[0]._r
    assert run.rPr.find(qn("w:rtl")) is not None
    assert run.rPr.rFonts.get(qn("w:cs")) == drafts.ARABIC_FONT
    assert run.rPr.find(qn("w:szCs")) is not None
    rows = {row.cells[0].text: row.cells[1].text for row in resources.rows}
    # Western digits, dots for thousands: the amount stays one number inside Arabic text.
    assert rows["الوكالة الجهوية لتنفيذ المشاريع"] == "250.000,00\u00a0درهم"
    assert rows["جماعة سان أوبان سور لوار (خيالية)"] == "1.234.567,50\u00a0EUR"


def test_a_missing_language_falls_back_to_another(agreement):
    agreement.title_ar = ""
    agreement.save()
    text = _text(_open(drafts.build(agreement, "ar")))

    assert "Jumelage Aourir – Saint-Aubin" in text


def test_the_english_draft_is_english(agreement):
    text = _text(_open(drafts.build(agreement, "en")))

    assert "Commune of Saint-Aubin-sur-Loire (fictional)" in text and "DRAFT" in text


def test_control_and_bidi_characters_in_user_text_still_make_a_valid_file(personas):
    hostile = make_organisation(
        name_fr="Assoc\x01iation \u202eevil\u202c\x07 du\x1b littoral",
        name_ar="جمعية\u2067 الساحل\x0b",
        acronym="\u202eLIT",
        iati_identifier="",
        legal_type="foreign_private",
    )
    agreement = make_agreement(
        personas.officer, hostile, title_fr="Titre\x01\ufffe piégé", object_fr="Ligne 1\r\nLigne 2\x0c"
    )

    for language in drafts.LANGUAGES:
        text = _text(_open(drafts.build(agreement, language)))
        assert not any(c in text for c in "\x01\x07\x0b\x0c\x1b\u202e\u202c\u2067\ufffe")
    french = _text(_open(drafts.build(agreement, "fr")))
    assert "Association evil du littoral" in french and "Titre piégé" in french
    assert drafts.filename(agreement, "fr") == f"draft-agreement-{agreement.pk}-fr.docx"


def test_the_filename_is_ascii_whatever_the_reference(agreement):
    agreement.reference = 'م/2026\u202e/"7"; rm'
    assert drafts.filename(agreement, "ar") == "draft-agreement-2026-7-rm-ar.docx"


def test_the_officer_downloads_the_arabic_draft(client, personas, agreement):
    client.force_login(personas.officer)

    response = client.get(reverse("agreement_draft", args=[agreement.pk]) + "?language=ar")

    assert response.status_code == 200
    assert response["Content-Type"] == drafts.CONTENT_TYPE
    assert 'filename="draft-agreement-aou-2026-007-ar.docx"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    document = _open(b"".join(response.streaming_content))
    assert document.paragraphs[0]._p.pPr.find(W_BIDI) is not None


def test_an_unknown_language_gives_the_readers_language(client, personas, agreement):
    client.force_login(personas.council)  # Arabic, like every persona

    response = client.get(reverse("agreement_draft", args=[agreement.pk]) + "?language=xx")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-ar.docx"')


def test_the_detail_page_links_both_drafts(client, personas, agreement):
    client.force_login(personas.auditor)

    html = client.get(agreement.get_absolute_url()).content.decode()

    url = reverse("agreement_draft", args=[agreement.pk])
    assert f'href="{url}?language=ar"' in html and f'href="{url}?language=fr"' in html


def test_a_partner_viewer_and_an_untransmitted_agreement_stay_hidden(client, personas, agreement):
    url = reverse("agreement_draft", args=[agreement.pk]) + "?language=fr"
    client.force_login(personas.partner_viewer)
    assert client.get(url).status_code == 404
    client.force_login(personas.prefecture)  # not transmitted yet: the prefecture does not know it
    assert client.get(url).status_code == 404


def test_the_draft_costs_the_same_queries_for_three_parties_or_seven(client, personas, agreement):
    client.force_login(personas.officer)
    url = reverse("agreement_draft", args=[agreement.pk]) + "?language=fr"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        partner = make_organisation(acronym=f"P{i}", iati_identifier=f"XM-P{i}", legal_type="foreign_private")
        services.agreement_party_set(
            actor=personas.officer, agreement=agreement, organisation=partner, cash_amount=Decimal(10 + i)
        )
        Obligation.objects.create(
            agreement=agreement,
            party=agreement.parties.get(organisation=partner),
            kind="report",
            title=f"Rapport {i}",
            due_on=datetime.date(2027, 7, 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
