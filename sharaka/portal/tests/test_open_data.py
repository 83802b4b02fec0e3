import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sharaka.portal import opendata
from sharaka.portal.tests.helpers import publishable_project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_it_neutralises_cells_a_spreadsheet_would_run(value):
    assert opendata.neutralise(value) == "'" + value


def test_it_leaves_ordinary_values_alone():
    assert opendata.neutralise("Eau potable") == "Eau potable"
    assert opendata.neutralise(-5) == -5


def _download(client, fmt):
    response = client.get(reverse("portal:open_data_projects", args=[fmt]))
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content)


def test_it_gives_the_same_columns_in_csv_json_and_xlsx(client):
    publishable_project(title_fr="=cmd|' /C calc'!A0")
    names = [c.name for c in opendata.PROJECT_COLUMNS]
    rows = list(csv.reader(io.StringIO(_download(client, "csv").decode("utf-8-sig"))))
    assert rows[0] == names
    assert rows[1][names.index("title_fr")] == "'=cmd|' /C calc'!A0"
    data = json.loads(_download(client, "json"))
    assert data["columns"] == names and data["rows"][0]["title_fr"] == "=cmd|' /C calc'!A0"
    sheet = load_workbook(io.BytesIO(_download(client, "xlsx"))).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == names
    assert values[1][names.index("title_fr")] == "'=cmd|' /C calc'!A0"
    assert sorted(values[1][names.index("dac_sectors")].split("; ")) == ["14020:40", "14030:60"]


def test_it_documents_every_column(client):
    html = client.get(reverse("portal:open_data")).content.decode().replace("<wbr>", "")  # break hints
    for column in opendata.PROJECT_COLUMNS:
        assert f">{column.name}<" in html


def test_it_reads_the_open_data_in_constant_queries(client, django_assert_max_num_queries):
    publishable_project()
    with django_assert_max_num_queries(8):
        _download(client, "csv")
    for _ in range(5):
        publishable_project()
    with django_assert_max_num_queries(8):
        _download(client, "csv")


def test_it_refuses_an_unknown_format(client):
    assert client.get("/portal/open-data/projects.exe").status_code == 404
