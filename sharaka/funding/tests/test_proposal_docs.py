"""The concept note and the full proposal, read back: DOCX with python-docx, PDF with pypdf. French and
Arabic (right to left in the XML), with the project's title, a budget figure and an indicator."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from sharaka.funding import proposal_docs
from sharaka.funding.models import Call
from sharaka.funding.testing import TODAY, world_funding
from sharaka.funding.tests.test_proposals import enrich

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def rich(world):
    enrich(world)
    return world_funding(world)["application"]


def _get(client, application, **params):
    return client.get(reverse("funding_proposal_download", kwargs={"pk": application.pk}), params)


def _flat(text: str) -> str:
    return " ".join(
        text.replace("\u202f", " ")
        .replace("\u00a0", " ")
        .replace("\u202a", "")
        .replace("\u202c", "")
        .replace("\u200e", "")
        .replace("\u200f", "")
        .split()
    )


def _docx(content):
    doc = Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    return doc, _flat(paragraphs + "\n" + cells)


def _pdf(content) -> str:
    return _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_the_french_concept_note_as_docx_holds_title_budget_and_indicator(client, world, rich):
    client.force_login(world.personas.officer)
    response = _get(client, rich, document="concept_note", format="docx")
    assert response.status_code == 200 and response["Content-Type"] == proposal_docs.DOCX_TYPE
    assert response["Content-Disposition"].endswith('aou-t-001-concept-note-fr.docx"')
    doc, text = _docx(response.content)
    for words in ("Note conceptuelle", "Commune d'Aourir", "AOU-T-001", "Dessalement solaire", "Ménages raccordés",
                  "1 000 000,00 MAD", "Plan de cofinancement"):  # fmt: skip
        assert words in text, words
    assert doc.sections[0]._sectPr.find(qn("w:bidi")) is None
    pdf = _get(client, rich, document="concept_note", format="pdf")
    assert pdf["Content-Disposition"].endswith('aou-t-001-concept-note-fr.pdf"')
    text = _pdf(pdf.content)
    for words in ("Note conceptuelle", "Dessalement solaire", "Ménages raccordés", "1 000 000,00 MAD"):
        assert words in text, words


def test_the_french_full_proposal_as_pdf_holds_the_budget_table(client, world, rich):
    client.force_login(world.personas.manager)
    response = _get(client, rich, document="full", format="pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf(response.content)
    for words in ("Proposition complète", "Dessalement solaire", "812 345,00 MAD", "81 234,50 USD",
                  "Service des eaux", "Les puits d'Imi Miki sont saumâtres."):  # fmt: skip
        assert words in text, words


def test_the_arabic_concept_note_runs_right_to_left(client, world, rich):
    rich.language = "ar"
    rich.save()
    client.force_login(world.personas.officer)
    response = _get(client, rich, document="concept_note", format="docx")
    assert response["Content-Disposition"].endswith('-concept-note-ar.docx"')
    doc, text = _docx(response.content)
    assert doc.sections[0]._sectPr.find(qn("w:bidi")) is not None
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    assert paragraphs and all(p._p.pPr.find(qn("w:bidi")) is not None for p in paragraphs)
    assert doc.tables and all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in doc.tables)
    # Dates and amounts stay left to right inside Arabic lines: runs of their own, not marked RTL.
    runs = [r for p in doc.paragraphs for r in p.runs if "2027-12-31" in r.text]
    assert runs and all(r.text.startswith("\u202a") and r.font.rtl is None for r in runs)
    for words in ("مذكرة مفاهيمية", "جماعة أورير", "تحلية مياه البحر بالطاقة الشمسية", "الأسر المرتبطة بالشبكة",
                  "1.000.000,00 درهم"):  # fmt: skip
        assert words in text, words


def test_the_arabic_pdfs_hold_title_budget_and_indicator(client, world, rich):
    rich.language = "ar"
    rich.save()
    client.force_login(world.personas.officer)
    text = _pdf(_get(client, rich, document="concept_note", format="pdf").content)
    for words in (
        "مذكرة مفاهيمية",
        "تحلية مياه البحر بالطاقة الشمسية",
        "الأسر المرتبطة بالشبكة",
        "1.000.000,00",
    ):
        assert words in text, words
    Call.objects.filter(pk=rich.call_id).update(family=Call.Family.EU)
    text = _pdf(_get(client, rich, document="full", format="pdf").content)
    for words in ("المقترح الكامل", "مصفوفة الإطار المنطقي", "منطق التدخل", "الأسر المرتبطة بالشبكة",
                  "812.345,00", "سجل المخاطر"):  # fmt: skip
        assert words in text, words


def test_a_wrong_choice_is_refused_and_readers_outside_get_404(client, world, rich):
    client.force_login(world.personas.officer)
    assert _get(client, rich, document="everything", format="pdf").status_code == 400
    for persona in ("partner_viewer", "prefecture"):
        client.force_login(getattr(world.personas, persona))
        assert _get(client, rich, document="full", format="docx").status_code == 404


def test_the_documents_read_in_a_bounded_number_of_queries(
    client, world, rich, django_assert_max_num_queries
):
    client.force_login(world.personas.officer)
    with django_assert_max_num_queries(40):
        assert _get(client, rich, document="full", format="docx").status_code == 200
