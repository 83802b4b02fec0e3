"""Every staff list exports what it shows, with its filters, as CSV and XLSX (core/exports.py)."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sharaka.core.testing import make_organisation, make_project, share_project
from sharaka.partners.models import Organisation
from sharaka.portal import services as portal_services


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\xef\xbb\xbf")  # a BOM: Excel opens the Arabic as Arabic
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def page_codes(html: str) -> list[str]:
    return re.findall(r'class="code">([^<]+)</a>', html)


def test_the_projects_export_holds_the_rows_of_the_filtered_page(client, world):
    client.force_login(world.personas.officer)
    query = {"partner": world.organisation.pk}
    shown = page_codes(client.get("/projects/", query).content.decode())
    assert shown == ["AOU-T-001"]
    exported = csv_rows(client.get("/projects/", {**query, "export": "csv"}))
    assert [row[0] for row in exported[1:]] == shown
    sheet = xlsx_sheet(client.get("/projects/", {**query, "export": "xlsx"}))
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == shown
    # Without the filter, both projects, in the page's order.
    everything = page_codes(client.get("/projects/").content.decode())
    assert sorted(everything) == ["AOU-T-001", "AOU-T-002"]
    assert [row[0] for row in csv_rows(client.get("/projects/", {"export": "csv"}))[1:]] == everything


def test_the_export_headings_are_the_page_columns_in_the_readers_language(client, world):
    officer = world.personas.officer
    officer.language = "fr"
    officer.save()
    client.force_login(officer)
    headings = csv_rows(client.get("/projects/", {"export": "csv"}))[0]
    assert headings[:3] == ["Code", "Titre", "Étape"]
    assert not xlsx_sheet(client.get("/projects/", {"export": "xlsx"})).sheet_view.rightToLeft


def test_an_arabic_export_is_a_right_to_left_sheet(client, world):
    client.force_login(world.personas.officer)  # Arabic by default
    sheet = xlsx_sheet(client.get("/partners/", {"export": "xlsx"}))
    assert sheet.sheet_view.rightToLeft
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "برنامج الأمم المتحدة الإنمائي" in names


def test_text_that_would_compute_is_kept_as_text(client, world):
    from sharaka.partners.services import index_organisation

    index_organisation(
        make_organisation(
            name_ar="", name_fr='=HYPERLINK("http://evil.example","x")', acronym="EVIL", iati_identifier=""
        )
    )
    client.force_login(world.personas.officer)
    rows = csv_rows(client.get("/partners/", {"q": "EVIL", "export": "csv"}))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","x")'
    sheet = xlsx_sheet(client.get("/partners/", {"q": "EVIL", "export": "xlsx"}))
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")
    assert cell.quotePrefix


def test_the_partners_export_follows_the_stage_filter(client, world):
    Organisation.objects.filter(acronym="OTH").update(stage=Organisation.Stage.DORMANT)
    client.force_login(world.personas.officer)
    rows = csv_rows(client.get("/partners/", {"stage": "dormant", "export": "csv"}))
    assert [row[1] for row in rows[1:]] == ["OTH"]


def test_the_inquiries_export_follows_the_open_only_switch(client, world):
    from sharaka.portal.models import Inquiry

    first = portal_services.inquiry_submit(message="سؤال أول عن المشروع والطريق", language="ar")
    second = portal_services.inquiry_submit(message="Deuxième question sur le projet", language="fr")
    Inquiry.objects.filter(pk=second.pk).update(status=Inquiry.Status.ANSWERED)
    client.force_login(world.personas.officer)
    open_only = csv_rows(client.get("/portal/inquiries/", {"export": "csv"}))
    assert [row[0] for row in open_only[1:]] == [first.reference]
    everything = csv_rows(client.get("/portal/inquiries/", {"status": "all", "export": "csv"}))
    assert sorted(row[0] for row in everything[1:]) == sorted([first.reference, second.reference])


# Who may export each list: exactly who may open it (role -> status of the export), written out.
AGREEMENTS_EXPORT = {
    "administrator": 200,
    "cooperation_officer": 200,
    "finance_officer": 200,
    "project_manager": 200,
    "president": 200,
    "council_member": 200,
    "auditor": 200,
    "prefecture": 200,  # its own inbox view of transmitted agreements
    "partner_viewer": 404,
}
INQUIRIES_EXPORT = {
    "administrator": 200,
    "cooperation_officer": 200,
    "finance_officer": 403,
    "project_manager": 403,
    "president": 403,
    "council_member": 403,
    "auditor": 403,
    "prefecture": 403,
    "partner_viewer": 403,
}


@pytest.mark.parametrize("role", sorted(AGREEMENTS_EXPORT))
def test_the_agreements_export_is_for_whoever_sees_the_list(client, world, role):
    client.force_login(world.personas.by_role()[role])
    page = client.get("/agreements/")
    export = client.get("/agreements/", {"export": "xlsx"})
    assert export.status_code == page.status_code == AGREEMENTS_EXPORT[role]


@pytest.mark.parametrize("role", sorted(INQUIRIES_EXPORT))
def test_the_inquiries_export_is_for_those_who_answer_them(client, world, role):
    portal_services.inquiry_submit(message="سؤال عن المشروع والطريق", language="ar")
    client.force_login(world.personas.by_role()[role])
    response = client.get("/portal/inquiries/", {"export": "csv"})
    assert response.status_code == INQUIRIES_EXPORT[role]
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith('attachment; filename="inquiries-')


def _queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_makes_as_many_queries_for_many_rows_as_for_one(client, world, kind):
    client.force_login(world.personas.officer)
    few = _queries(client, "/projects/", {"export": kind})
    for number in range(3, 9):
        project = make_project(code=f"AOU-T-{number:03d}", planned_start=datetime.date(2026, 2, 1))
        share_project(project, world.other_organisation)
    assert _queries(client, "/projects/", {"export": kind}) == few


def test_the_lists_offer_the_export_with_their_filters(client, world):
    client.force_login(world.personas.officer)
    html = client.get("/projects/", {"partner": world.organisation.pk, "page": "1"}).content.decode()
    assert f"?partner={world.organisation.pk}&amp;export=csv" in html
    assert f"?partner={world.organisation.pk}&amp;export=xlsx" in html


@pytest.mark.parametrize(
    ("url", "first_heading"),
    [
        ("/projects/", "Code"),
        ("/partners/", "Nom"),
        ("/agreements/", "Convention"),
        ("/finance/transactions/", "Date de valeur"),
        ("/funding/calls/", "Appel"),
        ("/funding/applications/", "Projet"),
        ("/portal/inquiries/", "Référence"),
    ],
)
def test_every_staff_list_exports_both_formats(client, world, url, first_heading):
    officer = world.personas.officer
    officer.language = "fr"
    officer.save()
    client.force_login(officer)
    response = client.get(url, {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response)[0][0] == first_heading
    response = client.get(url, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx_sheet(response).cell(row=1, column=1).value == first_heading


def test_an_unknown_format_shows_the_page(client, world):
    client.force_login(world.personas.officer)
    response = client.get("/projects/", {"export": "exe"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
