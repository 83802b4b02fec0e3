"""The demo's catalogue: the real instruments of the context's §4, loaded once for this module
(inside a transaction rolled back)."""

import io

import pytest
from django.core.management import call_command

from sharaka.core.testing import demo_loaded
from sharaka.funding.models import Call
from sharaka.projects.models import Project

REFERENCES = {
    "FR-MA-2027",
    "NAKOPA-2027",
    "SKEW-SMALL",
    "KUSANONE",
    "GEF-SGP-MA",
    "NEXT-MED-1",
    "INTERREG-MAC",
    "EU-LA-CITIES",
    "GCF-ADA",
    "AF-LLA",
    "FDF-MED",
    "PRIM",
    "WBI-2023",
    "JICA-GTC",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory) as loaded:
        yield loaded.media


@pytest.fixture
def loaded(demo, db):
    return demo


def _calls():
    return {
        c.reference: c
        for c in Call.objects.select_related("funder").prefetch_related("stages", "themes", "sectors")
    }


def test_the_catalogue_holds_the_real_instruments_each_with_its_date_and_source(loaded):
    calls = _calls()
    assert set(calls) == REFERENCES
    assert all(c.as_of and c.source and not c.is_fictional for c in calls.values())
    assert "2025 cycle" in calls["FR-MA-2027"].source


def test_the_calls_closed_to_morocco_and_out_of_direct_reach_are_marked(loaded):
    calls = _calls()
    for reference in ("NEXT-MED-1", "INTERREG-MAC"):
        assert calls[reference].commune_role == "no" and "MA" in calls[reference].excluded
    for reference in ("GCF-ADA", "AF-LLA"):
        assert calls[reference].commune_role == "no" and "ADA" in calls[reference].eligibility_note
    assert calls["KUSANONE"].commune_role == "lead"
    assert calls["FR-MA-2027"].lead_country == "FR" and calls["NAKOPA-2027"].lead_country == "DE"


def test_the_desalination_project_fits_four_calls_open_or_upcoming_at_the_demo_s_today(loaded):
    calls = _calls()
    desalination = Project.objects.get(code="AOU-2026-001")
    areas = set(desalination.themes.filter(kind="area").values_list("code", flat=True))
    sectors = set(desalination.sectors.values_list("code", flat=True))
    for reference in ("KUSANONE", "GEF-SGP-MA", "FR-MA-2027", "NAKOPA-2027"):
        call = calls[reference]
        assert call.status() in ("open", "upcoming"), reference
        assert {t.code for t in call.themes.all()} & areas or {s.code for s in call.sectors.all()} & sectors
    assert calls["NEXT-MED-1"].status() == "closed"


def test_loading_again_adds_no_call_and_no_funder(loaded):
    before = (Call.objects.count(), Call.objects.values("funder").distinct().count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Call.objects.count(), Call.objects.values("funder").distinct().count()) == before
