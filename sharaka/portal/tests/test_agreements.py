"""The register of signed agreements: on the portal and as open data, from the signature on."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from sharaka.agreements.models import Agreement, AgreementParty
from sharaka.core.testing import make_organisation
from sharaka.portal import opendata

pytestmark = pytest.mark.django_db


def _agreement(status, signed_on=None, **extra):
    agreement = Agreement.objects.create(
        kind="twinning",
        title_fr=f"Jumelage {status}",
        title_ar="اتفاقية توأمة",
        status=status,
        signed_on=signed_on,
        decision_number="12/2026",
        **extra,
    )
    AgreementParty.objects.create(
        agreement=agreement,
        organisation=make_organisation(acronym=f"SA-{status}", iati_identifier=""),
        cash_amount=100000,
        currency="EUR",
    )
    AgreementParty.objects.create(agreement=agreement, organisation=None, cash_amount=50000, currency="MAD")
    return agreement


def test_it_lists_only_signed_agreements(client):
    _agreement("in_force", signed_on=datetime.date(2026, 3, 1))
    _agreement("deliberated")
    _agreement("visa_refused")
    html = client.get(reverse("portal:agreement_list"), {"lang": "fr"}).content.decode()
    assert "Jumelage in_force" in html
    assert "Jumelage deliberated" not in html and "Jumelage visa_refused" not in html


def test_it_gives_the_register_as_open_data(client):
    _agreement("signed", signed_on=datetime.date(2026, 3, 1))
    _agreement("drafted")
    response = client.get(reverse("portal:open_data_agreements", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r["title_fr"] for r in rows] == ["Jumelage signed"]
    assert list(rows[0]) == [c.name for c in opendata.AGREEMENT_COLUMNS]
    assert rows[0]["cash_committed"] == "EUR 100000.00; MAD 50000.00"


def test_it_reads_the_register_in_constant_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _agreement("signed", signed_on=datetime.date(2026, 3, 1))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:agreement_list"))
    for status in ("published", "in_force", "closed"):
        _agreement(status, signed_on=datetime.date(2026, 3, 1))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("portal:agreement_list"))
    assert len(many) == len(few)
