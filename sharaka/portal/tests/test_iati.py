"""The IATI files: valid against the 2.03 schema, the codelists and the rulesets; streamed; one
function per element; a broken project is caught before publishing and by the file checks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import etree

from sharaka.core.testing import make_organisation
from sharaka.portal import checks
from sharaka.portal.iati import elements, writer
from sharaka.portal.tests import iati_check
from sharaka.portal.tests.helpers import document, publishable_project
from sharaka.projects.models import ProjectSector

pytestmark = pytest.mark.django_db


def _activities() -> bytes:
    return b"".join(writer.activity_chunks())


def test_it_writes_an_activity_file_that_passes_schema_codelists_and_rulesets(personas):
    undp = make_organisation(acronym="UNDP2", iati_identifier="XM-DAC-41114")
    project = publishable_project(funder=undp)
    document(project, personas.officer)
    document(project, personas.officer, visibility="private", title="Secret")
    publishable_project(title_ar="", title_en="")
    data = _activities()
    assert iati_check.problems(data) == []
    tree = iati_check.parse(data)
    assert len(tree.xpath("//iati-activity")) == 2
    assert tree.xpath("//document-link/title/narrative/text()") == ["Rapport d'avancement"]


def test_it_writes_an_organisation_file_that_passes_schema_codelists_and_rulesets():
    data = b"".join(writer.organisation_chunks())
    assert iati_check.problems(data) == []
    assert iati_check.parse(data).xpath("//organisation-identifier/text()") == ["MA-COA-AOURIR"]


def test_it_catches_a_deliberately_broken_project(personas):
    project = publishable_project(
        actual_start=datetime.date(2026, 5, 1), actual_end=datetime.date(2026, 3, 1)
    )
    ProjectSector.objects.filter(project=project, code="14020").update(percentage=30)
    with translation.override("en"):
        found = checks.problems(project)
    assert "Dates in the wrong order: the actual end is before the actual start." in found
    assert "The sector percentages add up to 90 %, not 100 %." in found
    problems = iati_check.problems(_activities())  # written anyway, as if someone bypassed the checks
    assert any(p.startswith("error 11.1.3") for p in problems), problems
    assert any(p.startswith("error 2.1.2") for p in problems), problems


def test_it_catches_a_wrong_code_and_version():
    data = _activities().replace(b'version="2.03"', b'version="2.01"')
    assert any("version" in p for p in iati_check.problems(data))
    project = publishable_project()
    ProjectSector.objects.filter(project=project, code="14020").update(code="99999")
    assert any("codelist Sector" in p for p in iati_check.problems(_activities()))


def test_it_writes_elements_in_schema_order_with_every_language_filled():
    project = publishable_project(title_ar="عنوان", title_fr="Titre", title_en="Title")
    tree = iati_check.parse(_activities())
    activity = tree.xpath("//iati-activity")[0]
    tags = [child.tag for child in activity]
    assert tags[:4] == ["iati-identifier", "reporting-org", "title", "description"]
    assert activity.xpath("title/narrative/@xml:lang") == ["ar", "fr", "en"]
    assert activity.findtext("iati-identifier") == f"MA-COA-AOURIR-{project.code}"
    assert activity.xpath("recipient-country/@code") == ["MA"]
    assert activity.xpath("location/point/pos/text()") == ["30.513000 -9.680000"]
    assert activity.xpath("tag[@vocabulary='2']/@code") == ["6"]
    assert sorted(activity.xpath("sector/@percentage")) == ["40", "60"]


def test_it_maps_the_pipeline_to_activity_status():
    assert [
        elements.ACTIVITY_STATUS[s] for s in ("approved", "in_implementation", "completed", "closed")
    ] == [
        "1",
        "2",
        "3",
        "4",
    ]


def test_it_leaves_out_actual_dates_in_the_future():
    project = publishable_project()
    ctx = elements.Context.from_settings(today=datetime.date(2026, 1, 15))
    types = [e.get("type") for e in elements.activity_dates(project, ctx)]
    assert types == ["1", "3"]  # the actual start (1 February) has not happened on 15 January


def test_it_leaves_out_unpublished_projects():
    publishable_project(published=False)
    publishable_project(status="approved")
    tree = iati_check.parse(_activities())
    assert len(tree.xpath("//iati-activity")) == 1


def test_it_streams_one_chunk_per_activity_in_constant_queries(django_assert_max_num_queries):
    for _ in range(3):
        publishable_project()
    with django_assert_max_num_queries(12):  # the ids, then one chunk: projects, 7 prefetches, 3 for results
        chunks = list(writer.activity_chunks())
    assert len(chunks) >= 4
    for _ in range(5):
        publishable_project()
    with django_assert_max_num_queries(12):  # the ids, then one chunk: projects, 7 prefetches, 3 for results
        list(writer.activity_chunks())


def test_it_serves_the_files_at_stable_urls(client):
    publishable_project()
    response = client.get(reverse("portal:iati_activities"))
    assert response.status_code == 200 and response.streaming
    assert iati_check.problems(b"".join(response.streaming_content)) == []
    response = client.get("/portal/iati/organisation.xml")
    assert response.status_code == 200


def test_it_writes_the_files_with_the_management_command(tmp_path):
    from django.core.management import call_command

    publishable_project()
    call_command("export_iati", out=str(tmp_path))
    for name in ("activities.xml", "organisation.xml"):
        assert iati_check.problems((tmp_path / name).read_bytes()) == [], name


def test_it_parses_hostile_xml_without_resolving_entities():
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><iati-activities>&e;</iati-activities>'
    with pytest.raises(AssertionError):
        iati_check.parse(hostile)
    tree = etree.fromstring(hostile, iati_check.PARSER)
    assert "root:" not in etree.tostring(tree).decode()
