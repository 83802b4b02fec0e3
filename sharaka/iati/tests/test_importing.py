"""Importing other publishers' activity files: what lands, what a re-import changes, what is refused,
and that a file lands whole or not at all."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import translation

from sharaka.core.models import AuditEntry, SearchEntry
from sharaka.core.search import matching_ids
from sharaka.core.testing import make_organisation
from sharaka.finance.models import ExchangeRate
from sharaka.iati import importing
from sharaka.iati.models import Flow, ForeignActivity, ImportRun, Publisher
from sharaka.iati.tests.samples import ACTIVITY_201, ACTIVITY_UNDP
from sharaka.iati.tests.samples import activity_file as _file
from sharaka.partners.models import Organisation

pytestmark = pytest.mark.django_db


def _rate(currency, day, rate):
    ExchangeRate.objects.create(
        currency=currency, date=datetime.date.fromisoformat(day), rate=Decimal(rate), source="BAM"
    )


def _import(data: bytes, actor=None, name="afd.xml") -> ImportRun:
    run = ImportRun.objects.create(source=ImportRun.Source.UPLOAD, name=name, size=len(data))
    return importing.import_file(run, io.BytesIO(data), actor=actor)


def test_an_activity_lands_with_its_languages_sectors_places_and_money_in_dirhams(personas):
    _rate("EUR", "2024-03-01", "10.8500")
    run = _import(_file(ACTIVITY_201), personas.officer)

    assert run.status == ImportRun.Status.DONE and run.iati_version == "2.01"
    activity = ForeignActivity.objects.get()
    assert activity.identifier == "FR-6-AFD-CMA1234"
    assert activity.titles["ar"] == "الماء الصالح للشرب في سوس ماسة"
    assert activity.in_morocco and activity.in_souss_massa
    assert (activity.actual_start, activity.start_year) == (datetime.date(2024, 4, 15), 2024)
    # The percentage that is not one ("thirty") is reported; that sector takes what the other leaves.
    assert list(activity.sectors.order_by("code").values_list("code", "percentage")) == [
        ("14020", Decimal("70.00")),
        ("14030", Decimal("30.00")),
    ]
    # Worth its commitment: 1,500,000 EUR at the rate of 2024-03-01 (nine days before).
    assert (activity.value_basis, activity.value_currency, activity.value) == (
        "commitments",
        "EUR",
        Decimal("1500000.00"),
    )
    assert activity.value_mad == Decimal("16275000.00")
    commitment = activity.flows.get(kind=Flow.Kind.TRANSACTION, type="2")
    assert (commitment.rate, commitment.rate_date) == (Decimal("10.85"), datetime.date(2024, 3, 1))
    # The budget of 2024-01-01 has no rate within 31 days; the USD disbursement plan has none at all.
    assert run.counts["missing_rates"] == {"EUR": 1, "USD": 1}
    codes = {p["code"] for p in run.problems}
    assert {"bad-percentage", "bad-date", "bad-amount"} <= codes
    assert AuditEntry.objects.filter(action="iati.import", object_id=str(run.pk)).exists()


def test_a_funder_that_is_no_partner_becomes_a_prospect_and_a_known_one_is_linked(personas):
    undp = make_organisation(acronym="PNUD-T", iati_identifier="XM-DAC-41114-T")
    data = _file(ACTIVITY_UNDP.replace('ref="XM-DAC-41114"', 'ref="XM-DAC-41114-T"'))
    partners = Organisation.objects.count()
    run = _import(data, personas.officer)

    assert Publisher.objects.get(ref="XM-DAC-41114-T").partner == undp
    assert Organisation.objects.count() == partners + 1
    eu = Publisher.objects.get(ref="XI-IATI-EC_INTPA").partner
    assert eu.stage == Organisation.Stage.PROSPECT
    assert (eu.model, eu.legal_type, eu.country) == ("eu", "intergovernmental", "")
    assert eu.name_en == "European Commission"
    assert AuditEntry.objects.filter(action="organisation.create", object_id=str(eu.pk)).exists()
    assert run.counts["prospects_created"] == 1 and run.counts["organisations_linked"] == 1
    # The implementer without identifier is kept with its name, not made a partner.
    activity = ForeignActivity.objects.get()
    assert [(p.role, p.name) for p in activity.participants.order_by("id")][-1] == (
        "4",
        "Association Tafilalet",
    )
    # Two sectors without percentages share the activity evenly.
    assert sorted(activity.sectors.values_list("code", "percentage")) == [
        ("31220", Decimal("50.00")),
        ("41010", Decimal("50.00")),
    ]
    # Commitments in two currencies: no single currency, and no dirham value without USD rates.
    assert (activity.value_currency, activity.value, activity.value_mad) == ("", None, None)


def test_a_partner_with_the_same_name_but_no_identifier_is_only_proposed(personas):
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
    partners = Organisation.objects.count()
    _import(_file(ACTIVITY_201), personas.officer)

    publisher = Publisher.objects.get(ref="FR-6")
    assert publisher.partner is None and publisher.proposed_partner == afd
    afd.refresh_from_db()
    assert afd.iati_identifier == ""  # nothing merged until the unit confirms
    assert Organisation.objects.count() == partners


def test_reimporting_the_same_file_changes_nothing(personas):
    data = _file(ACTIVITY_201 + ACTIVITY_UNDP)
    _import(data, personas.officer)
    rows = (ForeignActivity.objects.count(), Flow.objects.count(), Organisation.objects.count())
    ledger = AuditEntry.objects.count()

    again = _import(data, personas.officer)

    assert again.counts["unchanged"] == 2 and again.counts.get("created", 0) == 0
    assert (ForeignActivity.objects.count(), Flow.objects.count(), Organisation.objects.count()) == rows
    assert AuditEntry.objects.count() == ledger + 1  # only the import itself


def test_a_newer_version_replaces_the_activity_and_the_change_is_in_the_ledger(personas):
    _import(_file(ACTIVITY_201), personas.officer)
    newer = ACTIVITY_201.replace("2025-11-02T10:00:00Z", "2026-01-15T08:00:00Z").replace(
        "Eau potable dans le Souss-Massa", "Eau potable et assainissement dans le Souss-Massa"
    )
    run = _import(_file(newer), personas.officer)

    assert run.counts["updated"] == 1
    activity = ForeignActivity.objects.get()
    assert activity.titles["fr"] == "Eau potable et assainissement dans le Souss-Massa"
    assert activity.flows.count() == 3  # replaced, not added to (the "1 000,00" disbursement is unreadable)
    entry = AuditEntry.objects.get(action="iati.activity.update")
    assert entry.before["last_updated"] == "2025-11-02T10:00:00Z"
    assert entry.after["last_updated"] == "2026-01-15T08:00:00Z"

    older = _import(_file(ACTIVITY_201), personas.officer)
    assert older.counts["older"] == 1
    assert ForeignActivity.objects.get().last_updated == "2026-01-15T08:00:00Z"


def test_a_failure_half_way_leaves_nothing_behind(personas):
    many = "".join(ACTIVITY_201.replace("CMA1234", f"CMA{n}") for n in range(importing.CHUNK + 10))
    real_index = importing._Context._index
    calls = []

    def fail_on_second_chunk(self, pairs, **kwargs):
        calls.append(len(pairs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_index(self, pairs, **kwargs)

    partners = Organisation.objects.count()
    with mock.patch.object(importing._Context, "_index", fail_on_second_chunk):
        run = _import(_file(many), personas.officer)

    assert run.status == ImportRun.Status.FAILED and run.refusal == "error"
    assert calls == [importing.CHUNK, 10]
    assert not ForeignActivity.objects.exists() and not Publisher.objects.exists()
    assert Organisation.objects.count() == partners  # the AFD prospect went with the rest
    assert AuditEntry.objects.filter(action="iati.import.failed").count() == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (_file(ACTIVITY_201, version="1.05"), "version-1"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><iati-activities version="2.03"/>',
            "doctype",
        ),
        (b"<iati-activities version='2.03'><iati-activity>", "malformed"),
        (b"<catalogue version='2.03'/>", "not-activities"),
    ],
)
def test_a_refused_file_keeps_its_reason_and_writes_nothing(personas, data, code):
    run = _import(data, personas.officer)

    assert (run.status, run.refusal) == (ImportRun.Status.REFUSED, code)
    assert not ForeignActivity.objects.exists()
    assert AuditEntry.objects.filter(action="iati.import.refused").count() == 1


def test_hostile_amounts_and_dates_are_left_out_and_reported(personas):
    hostile = ACTIVITY_201.replace(">1500000<", ">9999999999999999.99<", 1).replace(
        "2024-04-15", "9999-04-15"
    )
    run = _import(_file(hostile), personas.officer)

    assert run.status == ImportRun.Status.DONE
    codes = {p["code"] for p in run.problems}
    assert {"amount-out-of-bounds", "date-out-of-bounds"} <= codes
    activity = ForeignActivity.objects.get()
    assert activity.actual_start is None
    assert activity.flows.filter(kind=Flow.Kind.BUDGET).count() == 0


def test_duplicates_and_activities_without_reporting_org_are_skipped_with_their_reason(personas):
    no_reporter = ACTIVITY_UNDP.replace("MAR-00123", "MAR-9").split("<reporting-org")[0] + (
        "<title><narrative>x</narrative></title></iati-activity>"
    )
    run = _import(_file(ACTIVITY_201 + ACTIVITY_201 + no_reporter), personas.officer)

    assert run.counts["created"] == 1 and run.counts["skipped"] == 2
    assert {p["code"] for p in run.problems} >= {"duplicate-identifier", "no-reporting-org"}


def test_search_finds_an_imported_activity_in_arabic_without_its_hamza(personas):
    _import(_file(ACTIVITY_UNDP), personas.officer)
    activity = ForeignActivity.objects.get()

    assert list(matching_ids("iati_activity", "الواحات")) == [{"object_id": activity.pk}]
    assert SearchEntry.objects.filter(kind="iati_activity").count() == 1


def test_an_activity_that_breaks_the_schema_is_read_and_the_break_reported(personas):
    from sharaka.demo.parts.iati import demo_file  # a file that follows the 2.03 schema

    data = demo_file(2026)
    clean = _import(data, personas.officer)
    assert clean.counts["created"] == 42 and "schema" not in clean.counts["problems"]

    broken = data.replace(b"<activity-status", b"<bogus-element/><activity-status", 1)
    first = broken.split(b"<iati-identifier>")[1].split(b"<")[0].decode()
    ForeignActivity.objects.filter(identifier=first).delete()
    run = _import(broken, personas.officer)

    assert run.status == ImportRun.Status.DONE and run.counts["created"] == 1
    (schema,) = [p for p in run.problems if p["code"] == "schema"]
    assert schema["activity"] == first
    assert "bogus-element" in schema["params"]["detail"]


def test_the_demo_organisation_file_follows_the_schema_and_shows_budgets_per_recipient(personas):
    from sharaka.demo.parts.iati import demo_organisation_file
    from sharaka.iati import intelligence

    run = _import(demo_organisation_file(2026), personas.officer, name="demo-org.xml")

    assert run.status == ImportRun.Status.DONE and run.problems_total == 0, run.problems
    eu = Publisher.objects.get(ref="XI-IATI-EC_INTPA")
    recipients = intelligence.profile([eu]).recipients
    assert [(r.budget.kind, r.budget.target) for r in recipients] == [
        ("region", "189"),
        ("country", "MA"),
        ("org", "XM-DAC-41114"),
    ]
    assert recipients[2].link == Publisher.objects.get(ref="XM-DAC-41114").pk
    assert {r.budget.start.year for r in recipients} == {2027}  # the latest period given


def test_an_organisation_file_gives_the_donors_budgets_for_morocco_and_a_reimport_changes_nothing(personas):
    from sharaka.iati import intelligence
    from sharaka.iati.models import PublishedBudget
    from sharaka.iati.tests.samples import ORGANISATION_FILE

    _rate("EUR", "2026-01-01", "10.80")
    run = _import(ORGANISATION_FILE, personas.officer, name="afd-org.xml")

    assert run.status == ImportRun.Status.DONE and run.counts["organisations_updated"] == 1
    afd = Publisher.objects.get(ref="FR-6")
    assert afd.names["ar"] == "الوكالة الفرنسية للتنمية" and afd.partner.stage == "prospect"
    assert PublishedBudget.objects.filter(publisher=afd).count() == 7
    profile = intelligence.profile([afd])
    spent_2025, period = profile.published
    assert spent_2025["spent"].value == Decimal("11000000000.00") and "total" not in spent_2025
    assert period["total"].value == Decimal("12000000000.00")
    assert (period["morocco"].value, period["morocco"].value_mad) == (
        Decimal("750000000.00"),
        Decimal("8100000000.00"),
    )
    # Per recipient: the latest period of each kind, the largest first; the commune is recognised.
    with translation.override("ar"):
        shown = [(r.budget.kind, r.budget.target, r.label, r.budget.value) for r in profile.recipients]
    assert shown == [
        ("region", "189", "شمال الصحراء، إقليمي", Decimal("100000000.00")),
        ("country", "MA", "المغرب", Decimal("750000000.00")),
        ("country", "TN", "تونس", Decimal("300000000.00")),
        ("org", "MA-COA-AOURIR", "MA-COA-AOURIR", Decimal("2500000.00")),
    ]
    assert [r.is_commune for r in profile.recipients] == [False, False, False, True]
    assert AuditEntry.objects.filter(action="iati.organisation.update", object_id=str(afd.pk)).exists()

    again = _import(ORGANISATION_FILE, personas.officer, name="afd-org.xml")
    assert again.counts["organisations_unchanged"] == 1
    assert PublishedBudget.objects.filter(publisher=afd).count() == 7


def test_our_own_export_imports_back_as_another_publishers_activity(personas):
    from sharaka.portal.iati import writer
    from sharaka.portal.tests.helpers import publishable_project, transaction

    undp = make_organisation(acronym="UNDP-RT", iati_identifier="XM-DAC-41114-RT")
    project = publishable_project(
        funder=undp, title_fr="Eau potable à Tamraght", title_ar="الماء الصالح للشرب بتمراغت"
    )
    transaction(project, personas.officer, amount="50000.00", currency="EUR")
    data = b"".join(writer.activity_chunks())

    run = _import(data, personas.officer, name="aourir.xml")

    assert run.status == ImportRun.Status.DONE and run.counts["created"] == 1
    assert "schema" not in run.counts["problems"]  # what we publish follows the schema
    activity = ForeignActivity.objects.get()
    assert activity.identifier.endswith(project.code)
    assert activity.titles["ar"] == "الماء الصالح للشرب بتمراغت"
    assert activity.reporting_org.ref == "MA-COA-AOURIR"
    assert activity.flows.get().value == Decimal("50000.00")


def test_a_large_file_is_imported_in_bounded_memory(personas, tmp_path):
    from sharaka.demo.parts.iati import demo_file
    from sharaka.iati.tests.test_reading import _rss_mb

    template = demo_file(2026)
    head, rest = template.split(b"<iati-activity ", 1)
    body = b"<iati-activity " + rest.rsplit(b"</iati-activities>", 1)[0]
    path = tmp_path / "large.xml"
    with open(path, "wb") as out:
        out.write(head)
        for n in range(60):  # 42 activities each: 2,520 activities, about 6 MB
            out.write(body.replace(b"-DEMO-", f"-DEMO{n}-".encode()))
        out.write(b"</iati-activities>")
    run = ImportRun.objects.create(source="command", name="large.xml", size=path.stat().st_size)
    before = _rss_mb()
    importing.import_file(run, str(path), actor=personas.officer)

    assert run.status == ImportRun.Status.DONE and run.counts["created"] == 2520
    assert _rss_mb() - before < 40


def test_the_plain_insert_converts_each_value_as_the_orm_would():
    """importing._insert skips the ORM's steps: each converter gives what get_db_prep_save gives."""
    from django.db import connection, models

    from sharaka.core.money import ScaledIntegerField
    from sharaka.iati.models import ActivitySector, Participant, PublishedBudget

    samples = {
        ScaledIntegerField: Decimal("1234567.891"),
        models.JSONField: {"ar": "تحلية المياه", "fr": "Dessalement"},
        models.DateTimeField: datetime.datetime(2026, 3, 1, 10, 30, tzinfo=datetime.UTC),
        models.DateField: datetime.date(2026, 3, 1),
        models.BooleanField: True,
        models.CharField: "FR-6",
        models.ForeignKey: 7,
        models.IntegerField: 2026,
    }
    checked = set()
    for model in (ForeignActivity, Flow, PublishedBudget, Participant, ActivitySector):
        for field in model._meta.concrete_fields:
            kind = next((k for k in samples if isinstance(field, k)), None)
            if kind is None or field.primary_key:
                continue
            convert = importing._converter(field)
            value = samples[kind]
            mine, orm = (convert(value) if convert else value), field.get_db_prep_save(value, connection)
            if hasattr(orm, "obj"):  # psycopg's Jsonb wrapper (PostgreSQL) has no equality of its own
                mine, orm = (type(mine), mine.obj), (type(orm), orm.obj)
            assert mine == orm, field
            checked.add(kind)
    assert checked == set(samples)
