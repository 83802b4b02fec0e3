"""The narrative progress report, read back: the PDF with pypdf, the DOCX with python-docx. It holds
approved values only, whoever downloads it, in the language chosen."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from sharaka.results import narrative, services
from sharaka.results.tests.bulk_chain import make_chain

pytestmark = pytest.mark.django_db
RANGE = {"start": "2026-01-01", "end": "2026-06-30"}


@pytest.fixture
def reported(world):
    """Approved values with narratives and parts, one submitted (never shown), and money."""
    chain = make_chain(world)
    p = world.personas

    def approve(period, value, parts=(), **narratives):
        update = services.update_save(
            actor=p.manager,
            period=period,
            update=None,
            data={"value": value, **narratives},
            disaggregations=[{"dimension": d, "category": c, "value": v} for d, c, v in parts],
        )
        services.update_move(actor=p.manager, update=update, to="submitted")
        return services.update_move(actor=p.president, update=update, to="approved")

    approve(
        chain["q1"],
        Decimal("1234.5"),
        parts=[
            ("sex", "female", Decimal("600")),
            ("sex", "male", Decimal("634.5")),
            ("age", "0-14", Decimal("200")),
        ],
        narrative_ar="ربطت الجماعة الأسر بالشبكة في دوار تمراغت",
        narrative_fr="La commune a raccordé les ménages de Tamraght",
    )
    approve(chain["pct"], Decimal("62"), narrative_fr="Couverture en hausse")  # no Arabic narrative
    pending = services.update_save(
        actor=p.manager,
        period=chain["q2"],
        update=None,
        data={"value": Decimal("9876"), "narrative_fr": "Brouillon secret"},
    )
    services.update_move(actor=p.manager, update=pending, to="submitted")
    _money(world)
    return chain


def _money(world):
    from sharaka.finance.models import BudgetLine, Funder, Transaction

    funder = Funder.objects.create(
        project=world.project, kind="partner", organisation=world.organisation, currency="MAD",
        cash=Decimal("10000.00"), cash_mad=Decimal("10000.00"),
    )  # fmt: skip
    BudgetLine.objects.create(
        project=world.project, category="works", funder=funder, amount_mad=Decimal("8000.00")
    )
    for type_, amount in (("1", "5000.00"), ("4", "2000.00")):
        Transaction.objects.create(
            project=world.project, type=type_, funder=funder, provider="UNDP", receiver="Commune",
            currency="MAD", value_date=datetime.date(2026, 3, 1), amount=Decimal(amount), rate=1,
            rate_date=datetime.date(2026, 3, 1), rate_source="MAD", amount_mad=Decimal(amount),
            recorded_by=world.personas.finance,
        )  # fmt: skip


def _get(client, world, **params):
    return client.get(reverse("results_report", kwargs={"pk": world.project.pk}), {**RANGE, **params})


def _pdf_text(content) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_french_pdf_holds_titles_approved_values_narratives_parts_and_money(client, world, reported):
    client.force_login(world.personas.officer)
    response = _get(client, world, language="fr", format="pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-progress-20260101-20260630-fr.pdf"')
    text = _pdf_text(response.content)
    flat = " ".join(text.split()).replace("\u202f", " ")
    for words in ("Rapport narratif d'avancement", "Commune d'Aourir", "AOU-T-001", "Dessalement solaire",
                  "Ménages raccordés", "Taux de couverture", "La commune a raccordé les ménages de Tamraght",
                  "Femmes et filles", "Certification"):  # fmt: skip
        assert words in flat, words
    assert "1 234,50" in flat  # the approved value, written as French writes it
    assert "634,50" in flat  # a part by sex
    assert "5 000,00" in flat and "3 000,00" in flat  # received, balance (received - spent)
    assert "9 876" not in flat and "Brouillon secret" not in flat  # submitted, not approved


def test_the_arabic_pdf_is_in_arabic_and_marks_a_narrative_in_another_language(client, world, reported):
    client.force_login(world.personas.partner_viewer)  # a partner of the project reads it too
    response = _get(client, world, language="ar", format="pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    for words in ("التقرير السردي لتقدم الإنجاز", "جماعة أورير", "الأسر المرتبطة بالشبكة", "نسبة التغطية",
                  "ربطت الجماعة الأسر بالشبكة في دوار تمراغت", "الملخص المالي إلى اليوم"):  # fmt: skip
        assert words in text, words
    assert "1.234,50" in text  # the approved value as Arabic pages write it (Western digits)
    assert (
        "Couverture en hausse" in text and "بالفرنسية" in text
    )  # no Arabic narrative: the French one, marked
    assert "9876" not in text.replace(",", "").replace(".", "")


def test_the_arabic_docx_runs_right_to_left(client, world, reported):
    client.force_login(world.personas.president)
    response = _get(client, world, language="ar", format="docx")
    assert response.status_code == 200 and response["Content-Type"] == narrative.DOCX_TYPE
    doc = Document(io.BytesIO(response.content))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    assert paragraphs and all(
        p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in paragraphs
    )
    assert doc.sections[0]._sectPr.find(qn("w:bidi")) is not None
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "التقرير السردي لتقدم الإنجاز" in text and "الأسر المرتبطة بالشبكة" in text
    assert "ربطت الجماعة الأسر بالشبكة في دوار تمراغت" in text
    assert "(بالفرنسية)" in text or "(in French)" in text  # the French narrative, marked
    assert "1,234.5" in cells or "1.234,5" in cells
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in doc.tables)
    assert "9,876" not in cells and "Brouillon secret" not in text
    # Dates stay left to right inside Arabic lines: their own run, not marked RTL, held by LRE...PDF
    # (inside an RTL run Word and LibreOffice write 2026-06-30 as 30-06-2026).
    runs = [r for p in doc.paragraphs for r in p.runs if "2026-06-30" in r.text]
    assert runs and all(r.text.startswith("\u202a") and r.font.rtl is None for r in runs)


def test_the_english_docx_is_left_to_right(client, world, reported):
    client.force_login(world.personas.officer)
    doc = Document(io.BytesIO(_get(client, world, language="en", format="docx").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Narrative progress report" in text and "Households connected" in text
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in doc.paragraphs)


def test_the_form_opens_on_the_last_full_quarter_in_the_readers_language(client, world, reported):
    client.force_login(world.personas.manager)
    response = client.get(reverse("results_report", kwargs={"pk": world.project.pk}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["language"] == "ar" and form["format"].value() == "pdf"
    start, end = narrative.last_full_quarter(datetime.date(2026, 12, 5))
    assert (start, end) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert narrative.last_full_quarter(datetime.date(2026, 2, 1)) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 12, 31),
    )
    response = _get(client, world, start="2026-06-30", end="2026-01-01", language="fr", format="pdf")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["end"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer", 200),
        ("finance", 200),
        ("council", 200),
        ("auditor", 200),
        ("partner_viewer", 200),
        ("outsider_partner_viewer", 404),
        ("prefecture", 404),
    ],  # fmt: skip
)
def test_who_may_download(client, world, reported, persona, status):
    client.force_login(getattr(world.personas, persona))
    assert _get(client, world, language="en", format="docx").status_code == status


def test_the_report_reads_in_a_bounded_number_of_queries(
    client, world, reported, django_assert_max_num_queries
):
    client.force_login(world.personas.officer)
    with django_assert_max_num_queries(30):
        assert _get(client, world, language="fr", format="docx").status_code == 200
