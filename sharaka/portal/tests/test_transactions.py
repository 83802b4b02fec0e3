"""The money of public projects: in the IATI file, the open data and the home figures; nothing
private from the finance app (references, reasons, documents, suppliers) comes out."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sharaka.portal import opendata
from sharaka.portal.iati import writer
from sharaka.portal.tests import iati_check
from sharaka.portal.tests.helpers import publishable_project, transaction

pytestmark = pytest.mark.django_db


def test_it_writes_transactions_that_pass_schema_codelists_and_rulesets(personas):
    project = publishable_project()
    transaction(project, personas.finance, type="11", amount="100000.00")
    transaction(project, personas.finance, type="1", amount="50000.00")
    transaction(
        project,
        personas.finance,
        type="4",
        amount="12000.00",
        currency="MAD",
        provider="Commune",
        receiver="Entreprise X",
    )
    transaction(project, personas.finance, value_date=timezone.localdate() + datetime.timedelta(days=30))
    data = b"".join(writer.activity_chunks())
    assert iati_check.problems(data) == []
    tree = iati_check.parse(data)
    assert tree.xpath("//transaction/transaction-type/@code") == [
        "11",
        "1",
        "4",
    ]  # the future one is left out
    assert "Entreprise X" not in data.decode()


def _csv(client, fmt="csv"):
    response = client.get(reverse("portal:open_data_transactions", args=[fmt]))
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_it_gives_transactions_as_open_data_without_private_fields(client, personas):
    project = publishable_project()
    transaction(
        project,
        personas.finance,
        reference="MARK-REF",
        reason="MARK-REASON",
        procurement_reference="MARK-PROC",
    )
    transaction(publishable_project(published=False), personas.finance, amount="777.00")
    rows = list(csv.DictReader(io.StringIO(_csv(client))))
    assert [r["amount"] for r in rows] == ["50000.00"]
    assert list(rows[0]) == [c.name for c in opendata.TRANSACTION_COLUMNS]
    text = _csv(client) + _csv(client, "json")
    assert "MARK-" not in text and "777.00" not in text


def test_it_shows_received_and_spent_on_the_home_page(client, personas):
    project = publishable_project()
    transaction(project, personas.finance, type="1", amount="1000.00")
    transaction(project, personas.finance, type="4", amount="500.00", currency="MAD")
    html = client.get(reverse("portal:home"), {"lang": "en"}).content.decode()
    assert "10,800.00" in html and "5,400.00" in html


def test_the_home_figures_leave_out_money_dated_after_today_this_year_and_later(personas):
    from sharaka.portal.queries import money_road

    today = timezone.localdate()
    project = publishable_project()
    transaction(project, personas.finance, type="1", amount="1000.00", value_date=today)
    transaction(
        project, personas.finance, type="1", amount="7.00", value_date=today + datetime.timedelta(days=1)
    )
    transaction(
        project, personas.finance, type="1", amount="9.00", value_date=today.replace(year=today.year + 1)
    )
    assert money_road()["received"] == Decimal("10800.00")  # 1,000 EUR at 10.8, nothing dated later


def test_a_public_project_page_leaves_out_its_money_dated_after_today_and_counts_no_other_project(personas):
    from sharaka.portal.queries import project_money

    today = timezone.localdate()
    project, other = publishable_project(), publishable_project()
    transaction(project, personas.finance, type="1", amount="1000.00", value_date=today)
    later = today + datetime.timedelta(days=1)
    transaction(project, personas.finance, type="1", amount="7.00", value_date=later)
    transaction(other, personas.finance, type="1", amount="9.00", value_date=today)
    transaction(other, personas.finance, type="1", amount="5.00", value_date=later)
    assert project_money(project)["received"] == Decimal("10800.00")  # 1,000 EUR at 10.8
    assert project_money(other)["received"] == Decimal("97.20")  # 9 EUR at 10.8
