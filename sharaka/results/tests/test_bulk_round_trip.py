"""The bulk update's round trip: the template out (Arabic right to left, French, CSV), filled, back in,
previewed, applied: one draft (or submitted) update per filled row, with its value and its parts."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sharaka.core.models import AuditEntry
from sharaka.results import bulk
from sharaka.results.models import Update
from sharaka.results.tests.bulk_chain import make_chain

pytestmark = pytest.mark.django_db


def _download(client, world, fmt):
    response = client.get(reverse(f"results_bulk_template_{fmt}", kwargs={"pk": world.project.pk}))
    assert response.status_code == 200
    return response.content


def _upload(client, world, upload, **extra):
    url = reverse("results_bulk", kwargs={"pk": world.project.pk})
    return client.post(url, {"file": upload, **extra})


def _apply(client, world, token):
    return client.post(reverse("results_bulk_apply", kwargs={"pk": world.project.pk}), {"token": token})


def test_the_arabic_template_runs_right_to_left_with_arabic_headings_and_open_periods_only(client, world):
    chain = make_chain(world)
    client.force_login(world.personas.manager)  # Arabic, the default
    wb = load_workbook(io.BytesIO(_download(client, world, "xlsx")))
    ws = wb.active
    assert ws.sheet_view.rightToLeft is True
    headings = [c.value for c in ws[1]]
    assert headings[:2] == ["رقم الفترة", "المؤشر"]
    assert "السرد (بالعربية)" in headings
    ids = [row[0].value for row in ws.iter_rows(min_row=2)]
    assert set(ids) == {chain["q1"].pk, chain["q2"].pk, chain["pct"].pk, chain["qual"].pk}  # not the locked
    assert chain["foreign"].pk not in ids
    titles = {row[1].value for row in ws.iter_rows(min_row=2)}
    assert "الأسر المرتبطة بالشبكة" in titles
    # The reference columns are locked, the columns to fill are open.
    assert ws.protection.sheet is True
    assert ws.cell(row=2, column=1).protection.locked is True
    assert ws.cell(row=2, column=headings.index("القيمة المحققة") + 1).protection.locked is False


def test_the_template_neutralises_text_that_a_spreadsheet_would_compute(client, world):
    chain = make_chain(world)
    chain["households"].title_ar = '=HYPERLINK("http://evil.example","x")'
    chain["households"].save()
    client.force_login(world.personas.officer)
    ws = load_workbook(io.BytesIO(_download(client, world, "xlsx"))).active
    cells = [row[1] for row in ws.iter_rows(min_row=2) if row[0].value == chain["q1"].pk]
    assert cells[0].data_type == "s" and cells[0].value.startswith("'=")
    text = _download(client, world, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_round_trip_xlsx_fill_upload_preview_apply_drafts_with_parts(client, world):
    chain = make_chain(world)
    client.force_login(world.personas.manager)
    wb = load_workbook(io.BytesIO(_download(client, world, "xlsx")))
    ws = wb.active
    keys = bulk.columns("ar")
    col = {key: keys.index(key) + 1 for key in keys}
    for row in ws.iter_rows(min_row=2):
        pk = row[0].value
        r = row[0].row
        if pk == chain["q1"].pk:
            ws.cell(r, col["value"], 45.5)
            ws.cell(r, col["narrative_ar"], "رُبطت 45 أسرة بالشبكة")
            ws.cell(r, col["women"], 20)
            ws.cell(r, col["men"], 25.5)
            ws.cell(r, col["age_0_14"], 10)
        elif pk == chain["pct"].pk:
            ws.cell(r, col["value"], "62,5")  # typed as text with a decimal comma
        elif pk == chain["qual"].pk:
            ws.cell(r, col["narrative_ar"], "الخدمة منتظمة")
    out = io.BytesIO()
    wb.save(out)
    before = AuditEntry.objects.count()
    response = _upload(client, world, SimpleUploadedFile("filled.xlsx", out.getvalue()))
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.ok, outcome.errors
    assert len(outcome.to_write) == 3 and sum(r.empty for r in outcome.rows) == 1  # q2 left empty
    assert "مسودة" in response.content.decode()  # "a new draft update"
    assert Update.objects.count() == 0 and AuditEntry.objects.count() == before  # a preview writes nothing

    response = _apply(client, world, response.context["token"])
    assert response.status_code == 302
    updates = {u.period_id: u for u in Update.objects.prefetch_related("disaggregations")}
    assert set(updates) == {chain["q1"].pk, chain["pct"].pk, chain["qual"].pk}
    assert {u.status for u in updates.values()} == {"draft"}
    q1 = updates[chain["q1"].pk]
    assert q1.value == Decimal("45.50") and q1.narrative_ar == "رُبطت 45 أسرة بالشبكة"
    assert q1.created_by == world.personas.manager
    parts = {(d.dimension, d.category): d.value for d in q1.disaggregations.all()}
    assert parts == {
        ("sex", "female"): Decimal("20.00"),
        ("sex", "male"): Decimal("25.50"),
        ("age", "0-14"): Decimal("10.00"),
    }
    assert updates[chain["pct"].pk].value == Decimal("62.50")
    assert updates[chain["qual"].pk].value is None
    assert AuditEntry.objects.filter(action="update.create").count() == 3
    summary = AuditEntry.objects.get(action="update.bulk_apply")
    assert summary.after["updates"] == 3 and summary.after["file"] == "filled.xlsx"
    # The token was used once: applying it again writes nothing more.
    assert _apply(client, world, response.wsgi_request.POST["token"]).status_code == 302
    assert Update.objects.count() == 3


def test_round_trip_csv_in_french_submitted_for_approval(client, world):
    chain = make_chain(world)
    user = world.personas.officer
    user.language = "fr"
    user.save()
    client.force_login(user)
    content = _download(client, world, "csv")  # in the officer's language: French
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:2] == ["N° de période", "Indicateur"]
    assert lines[0].split(",")[8] == "Récit (français)"
    filled = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if int(cells[0]) == chain["q2"].pk:
            cells[7] = "150"  # value
            cells[8] = "Deuxième tranche de raccordements"
        filled.append(",".join(cells))
    upload = SimpleUploadedFile("rempli.csv", ("\ufeff" + "\n".join(filled)).encode())
    response = _upload(client, world, upload, submit="on")
    outcome = response.context["outcome"]
    assert outcome.ok, outcome.errors
    assert _apply(client, world, response.context["token"]).status_code == 302
    update = Update.objects.get()
    assert update.period_id == chain["q2"].pk and update.status == "submitted"
    assert update.value == Decimal("150.00")
    assert update.narrative_fr == "Deuxième tranche de raccordements" and not update.narrative_ar
    assert AuditEntry.objects.filter(action="update.submit").count() == 1


def test_the_page_and_the_templates_read_in_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    make_chain(world)
    client.force_login(world.personas.manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("results_bulk", kwargs={"pk": world.project.pk})).status_code == 200
    for fmt in ("xlsx", "csv"):
        with django_assert_max_num_queries(10):
            _download(client, world, fmt)
