"""The IATI pages as the unit uses them: a file uploaded and its report read in Arabic, a match
decided, a donor's profile and the donors of an area, at a cost that does not grow with the files."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.core.testing import make_organisation
from sharaka.finance.models import ExchangeRate
from sharaka.iati import importing, intelligence
from sharaka.iati.models import ForeignActivity, ImportRun, Publisher
from sharaka.iati.tests.samples import ACTIVITY_201, ACTIVITY_UNDP, activity_file

pytestmark = pytest.mark.django_db


def _import(data: bytes, actor=None) -> ImportRun:
    run = ImportRun.objects.create(source=ImportRun.Source.COMMAND, name="t.xml", size=len(data))
    return importing.import_file(run, io.BytesIO(data), actor=actor)


def _undp_activities(n: int, start: int = 0) -> str:
    return "".join(
        ACTIVITY_UNDP.replace("MAR-00123", f"MAR-{start + i}").replace("2023-01-10", f"{2015 + i % 10}-01-10")
        for i in range(n)
    )


def test_an_uploaded_file_is_imported_and_its_report_reads_in_arabic(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.officer)
    upload = SimpleUploadedFile("afd.xml", activity_file(ACTIVITY_201), content_type="application/xml")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("iati_imports"), {"file": upload})

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("iati_import", args=[run.pk])
    assert run.status == ImportRun.Status.DONE and run.requested_by == personas.officer
    assert ForeignActivity.objects.filter(identifier="FR-6-AFD-CMA1234").exists()
    assert AuditEntry.objects.filter(action="iati.import.request", object_id=str(run.pk)).exists()

    page = client.get(reverse("iati_import", args=[run.pk])).content.decode()  # Arabic by default
    assert "أنشطة مقروءة" in page  # "Activities read"
    assert "<bdi>thirty</bdi>" in page  # the unreadable percentage, isolated inside the Arabic sentence


def test_a_file_that_is_not_xml_is_refused_on_the_same_page(client, personas):
    client.force_login(personas.officer)
    upload = SimpleUploadedFile("afd.xml", b"%PDF-1.4 not xml", content_type="application/xml")
    response = client.post(reverse("iati_imports"), {"file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportRun.objects.exists()


def test_a_version_1_file_gets_a_report_naming_its_version(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.officer)
    upload = SimpleUploadedFile("old.xml", activity_file(ACTIVITY_201, version="1.05"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("iati_imports"), {"file": upload})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REFUSED
    page = client.get(reverse("iati_import", args=[run.pk])).content.decode()
    assert "هذا الملف من إصدار IATI <bdi>1.05</bdi>" in page
    personas.officer.language = "fr"
    personas.officer.save(update_fields=["language"])
    page = client.get(reverse("iati_import", args=[run.pk])).content.decode()
    assert "Ce fichier est en version IATI <bdi>1.05</bdi>" in page


def test_confirming_a_match_gives_the_partner_its_identifier_and_a_stale_page_changes_nothing(
    client, personas
):
    afd = make_organisation(
        acronym="AFD",
        name_fr="Agence française de développement",
        name_en="",
        name_ar="",
        iati_identifier="",
        model="bilateral_agency",
        legal_type="foreign_public_agency",
        country="FR",
    )
    _import(activity_file(ACTIVITY_201), personas.officer)
    publisher = Publisher.objects.get(ref="FR-6")
    client.force_login(personas.officer)

    stale = client.post(
        reverse("iati_match_confirm", args=[publisher.pk]), {"version": publisher.version + 1}
    )
    assert stale.status_code == 302
    publisher.refresh_from_db()
    assert publisher.partner is None

    client.post(reverse("iati_match_confirm", args=[publisher.pk]), {"version": publisher.version})
    publisher.refresh_from_db()
    afd.refresh_from_db()
    assert publisher.partner == afd and publisher.proposed_partner is None
    assert afd.iati_identifier == "FR-6"
    assert AuditEntry.objects.filter(action="iati.match.confirm").count() == 1
    # The partner's page now shows its activities from the file, and links to its profile.
    page = client.get(reverse("partner_detail", args=[afd.pk])).content.decode()
    assert reverse("iati_donor", args=[publisher.pk]) in page


def test_a_donor_profile_shows_what_it_funds_in_morocco_with_whom(personas):
    ExchangeRate.objects.create(
        currency="USD", date=datetime.date(2023, 1, 2), rate=Decimal("10.2"), source="BAM"
    )
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2024, 1, 20), rate=Decimal("10.9"), source="BAM"
    )
    _import(activity_file(ACTIVITY_UNDP + ACTIVITY_201), personas.officer)
    undp = Publisher.objects.get(ref="XM-DAC-41114")

    profile = intelligence.profile([undp])

    assert (profile.activities, profile.in_morocco, profile.in_souss_massa) == (1, 1, 0)
    # 400,000 USD at 10.2 plus 100,000 EUR at 10.9 = 5,170,000 MAD, all in Morocco.
    assert profile.total_mad == profile.morocco_mad == Decimal("5170000.00")
    assert [(row.code, row.amount) for row in profile.sectors_morocco] == [
        ("312", Decimal("2585000.00")),
        ("410", Decimal("2585000.00")),
    ]
    assert [row.label for row in profile.co_funders] == ["European Commission"]
    assert [row.label for row in profile.implementers] == ["Association Tafilalet"]
    (year_2023, year_2024) = profile.by_year
    assert year_2023 == (2023, [("USD", Decimal("400000.00"), Decimal("0.00"))], Decimal("4080000.00"))
    assert year_2024[0] == 2024 and year_2024[2] == Decimal("1090000.00")
    # The area "environment" (DAC 410, 312...) lists UNDP with the same share.
    (row,) = intelligence.area_donors(set(intelligence.AREA_SECTORS["environment"]))
    assert (row.link, row.amount, row.count) == (undp.pk, Decimal("5170000.00"), 1)


def test_the_donor_page_costs_the_same_queries_with_5_or_60_activities(client, personas):
    _import(activity_file(_undp_activities(5)), personas.officer)
    undp = Publisher.objects.get(ref="XM-DAC-41114")
    client.force_login(personas.officer)
    url = reverse("iati_donor", args=[undp.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _import(activity_file(_undp_activities(55, start=100)), personas.officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.context["profile"].activities == 60
    assert len(few) == len(many)


def test_the_home_page_lists_donors_and_costs_the_same_queries_with_more(client, personas):
    _import(activity_file(_undp_activities(3)), personas.officer)
    client.force_login(personas.president)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("iati_home"))
    _import(activity_file(ACTIVITY_201 + _undp_activities(30, start=50)), personas.officer)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("iati_home")).content.decode()

    assert len(few) == len(many)
    assert "XM-DAC-41114" in page and "FR-6" in page


def test_the_funding_matcher_counts_what_a_funder_funds_in_morocco_in_the_projects_area(personas):
    from django.utils import translation

    from sharaka.core.models import Theme
    from sharaka.funding import matching

    undp = make_organisation(acronym="PNUD-M", iati_identifier="XM-DAC-41114-M")
    data = activity_file(_undp_activities(3).replace('ref="XM-DAC-41114"', 'ref="XM-DAC-41114-M"'))
    _import(data, personas.officer)  # sectors 31220 and 41010: environment
    environment = Theme.objects.get(kind="area", code="environment")
    water = Theme.objects.get(kind="area", code="water_energy")

    record = matching.records([undp.pk])[undp.pk]
    assert record.iati_by_area == {environment.pk: 3}
    score, facts, explain = matching.part_record(record, None, {environment.pk})
    assert facts[0]["iati"] == 3 and score == pytest.approx(matching.RECORD_POINTS["iati"])
    with translation.override("en"):
        assert "IATI files show 3 activities it funds in Morocco in the same area" in str(explain(*facts))
    assert matching.part_record(record, None, {water.pk})[0] == 0


def test_the_funding_matcher_counts_what_a_funder_funds_in_another_publishers_file(personas):
    """The EU publishes nothing here, but UNDP's file names it as a funder (role 1) of its oases
    activities: the EU's record counts them, and UNDP's counts them too."""
    from sharaka.core.models import Theme
    from sharaka.funding import matching

    eu = make_organisation(acronym="UE-M", iati_identifier="XI-IATI-EC_INTPA")
    _import(activity_file(_undp_activities(4)), personas.officer)
    environment = Theme.objects.get(kind="area", code="environment")
    undp = Publisher.objects.get(ref="XM-DAC-41114").partner  # linked by its identifier

    records = matching.records([eu.pk, undp.pk])

    assert records[eu.pk].iati_by_area == {environment.pk: 4}
    assert records[undp.pk].iati_by_area == {environment.pk: 4}
    # An implementer (role 4) is not a funder: naming it does not count.
    implementer = make_organisation(acronym="TAF-M", iati_identifier="MA-ASSO-TAF")
    data = _undp_activities(2, start=50).replace(
        '<participating-org role="4" type="24">', '<participating-org ref="MA-ASSO-TAF" role="4" type="24">'
    )
    _import(activity_file(data), personas.officer)
    assert matching.records([implementer.pk])[implementer.pk].iati_by_area == {}


def test_the_donor_page_shows_its_budgets_per_recipient_in_arabic(client, personas):
    from sharaka.iati.tests.samples import ORGANISATION_FILE

    run = _import(ORGANISATION_FILE, personas.officer)
    assert run.status == ImportRun.Status.DONE and "schema" not in run.counts["problems"]
    afd = Publisher.objects.get(ref="FR-6")
    client.force_login(personas.officer)

    page = client.get(reverse("iati_donor", args=[afd.pk]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert "ميزانياته حسب الجهة المستفيدة" in page
    assert "<bdi>شمال الصحراء، إقليمي</bdi>" in page and '<bdi dir="ltr">189</bdi>' in page
    assert "<strong>الجماعة</strong>" in page  # its budget for the commune itself (MA-COA-AOURIR)
    assert "<strong><bdi>المغرب</bdi></strong>" in page
    assert "المصروف" in page  # the 2025 expenditure, beside the budgets
