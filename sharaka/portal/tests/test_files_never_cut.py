"""The public files (open data CSV, JSON, XLSX; IATI activity and organisation files) either arrive
whole, with their length, or fail with an error status: never a 200 that stops in the middle. And
amounts stay numbers: a correction's negative amount is not turned into text."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from sharaka.core import streaming
from sharaka.portal import opendata
from sharaka.portal.iati import elements
from sharaka.portal.tests.helpers import publishable_project, transaction

pytestmark = pytest.mark.django_db

FILES = [
    ("portal:open_data_transactions", ["csv"]),
    ("portal:open_data_transactions", ["json"]),
    ("portal:open_data_transactions", ["xlsx"]),
    ("portal:open_data_projects", ["csv"]),
    ("portal:iati_activities", []),
    ("portal:iati_organisation", []),
]


@pytest.fixture
def public_money(personas):
    project = publishable_project()
    original = transaction(
        project,
        personas.finance,
        type="4",
        amount="10.00",
        currency="MAD",
        rate=Decimal(1),
        amount_mad=Decimal(10),
    )
    transaction(
        project,
        personas.finance,
        type="4",
        amount="-10.00",
        currency="MAD",
        rate=Decimal(1),
        amount_mad=Decimal("-10.00"),
        reverses=original,
        reason="Doublon",
        rate_source="-MAD",  # a text that looks like a formula
    )
    return project


def _broken(monkeypatch, *, after_rows=0):
    """Make every public file meet an error on its data, after `after_rows` good rows."""
    seen = {"n": 0}

    def boom(*args):
        seen["n"] += 1
        if seen["n"] > after_rows:
            raise RuntimeError("a row that cannot be written")
        return "ok"

    monkeypatch.setattr(opendata, "rows", _raising_rows(opendata.rows, boom))
    monkeypatch.setattr(elements, "ACTIVITY", [*elements.ACTIVITY, lambda p, ctx: [boom()] and []])
    monkeypatch.setattr(elements, "ORGANISATION", [*elements.ORGANISATION, lambda ctx: [boom()] and []])


def _raising_rows(real, boom):
    def rows(queryset, columns):
        for row in real(queryset, columns):
            boom()
            yield row

    return rows


@pytest.mark.parametrize(("name", "args"), FILES)
def test_a_file_that_meets_an_error_answers_an_error_status_not_a_cut_200(
    public_money, monkeypatch, name, args
):
    _broken(monkeypatch)
    response = Client(raise_request_exception=False).get(reverse(name, args=args))
    assert response.status_code == 500


@pytest.mark.parametrize(("name", "args"), FILES)
def test_a_whole_file_is_sent_with_its_length(client, public_money, name, args):
    response = client.get(reverse(name, args=args))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and int(response.headers["Content-Length"]) == len(body)


def test_past_the_first_part_an_error_cuts_the_transfer_instead_of_ending_the_file(
    client, public_money, monkeypatch
):
    monkeypatch.setattr(streaming, "HEAD_BYTES", 10)
    _broken(monkeypatch, after_rows=1)
    response = client.get(reverse("portal:open_data_transactions", args=["json"]))
    assert response.status_code == 200 and "Content-Length" not in response.headers
    with pytest.raises(RuntimeError):
        b"".join(response.streaming_content)


def test_negative_amounts_stay_numbers_and_only_text_is_neutralised(client, public_money):
    text = b"".join(client.get(reverse("portal:open_data_transactions", args=["csv"])).streaming_content)
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert sorted(r["amount"] for r in rows) == ["-10.00", "10.00"]
    assert sorted(r["amount_mad"] for r in rows) == ["-10.00", "10.00"]
    assert "'-MAD" in [r["rate_source"] for r in rows]

    data = json.loads(
        b"".join(client.get(reverse("portal:open_data_transactions", args=["json"])).streaming_content)
    )
    assert sorted(r["amount"] for r in data["rows"]) == ["-10.00", "10.00"]

    response = client.get(reverse("portal:open_data_transactions", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[1]]
    amounts = sorted(row[header.index("amount")] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert amounts == [-10, 10]  # numeric cells, not "'-10.00"
    sources = [row[header.index("rate_source")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'-MAD" in sources

    xml = b"".join(client.get(reverse("portal:iati_activities")).streaming_content)
    values = etree.fromstring(xml).xpath("//transaction/value/text()")
    assert values and all(Decimal(v) in (Decimal(10), Decimal(-10)) for v in values)
