"""Results in the IATI activity file (approved values only, schema order, valid against the schema,
codelists and rulesets, constant queries per chunk), the pre-publication checks for results in
plain, translated words, and the results open data."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sharaka.portal import checks, opendata
from sharaka.portal.iati import writer
from sharaka.portal.tests import iati_check
from sharaka.portal.tests.helpers import publishable_project, results_chain
from sharaka.results import services
from sharaka.results.models import Result

pytestmark = pytest.mark.django_db


def _activities() -> bytes:
    return b"".join(writer.activity_chunks())


def test_it_writes_results_that_pass_schema_codelists_and_rulesets(personas):
    project = publishable_project()
    results_chain(project, personas.officer, approved="95", submitted="777")
    data = _activities()
    assert iati_check.problems(data) == []
    tree = iati_check.parse(data)
    results = tree.xpath("//iati-activity/result")
    assert [r.get("type") for r in results] == ["2", "1"]  # the outcome, then the output
    assert [r.get("aggregation-status") for r in results] == ["1", "1"]
    served = tree.xpath("//result[@type='2']/indicator")[0]
    assert (served.get("measure"), served.get("ascending")) == ("1", "1")
    assert served.xpath("title/narrative[@xml:lang='fr']/text()") == ["Ménages desservis"]
    assert served.xpath("title/narrative[@xml:lang='ar']/text()") == ["الأسر المستفيدة"]
    assert (served.xpath("baseline/@year"), served.xpath("baseline/@value")) == (["2025"], ["0"])
    assert served.xpath("period/period-start/@iso-date") == ["2026-01-01", "2026-07-01"]
    assert served.xpath("period/target/@value") == ["100", "200"]
    # Approved only: the first half's 95; the second half's 777 waits for approval, so no <actual>.
    assert served.xpath("period/actual/@value") == ["95"]
    assert not served.xpath("period[2]/actual")
    assert b"777" not in data
    losses = tree.xpath("//result[@type='1']/indicator")[0]
    assert (losses.get("measure"), losses.get("ascending")) == ("2", "0")


def test_it_writes_result_elements_in_schema_order(personas):
    results_chain(publishable_project(), personas.officer)
    tree = iati_check.parse(_activities())
    activity = tree.xpath("//iati-activity")[0]
    tags = [child.tag for child in activity]
    assert tags.count("result") == 2
    assert tags[tags.index("result") :] == ["result", "result"]  # the last of the activity's elements
    indicator = tree.xpath("//indicator")[0]
    assert [child.tag for child in indicator] == ["title", "baseline", "period", "period"]
    assert [child.tag for child in indicator.xpath("period")[0]] == [
        "period-start",
        "period-end",
        "target",
        "actual",
    ]


def test_it_leaves_out_what_is_not_known_and_stays_valid(personas):
    """A result without indicator, an indicator without baseline or target, a qualitative indicator:
    written as far as they are valid (the checks name them before publishing)."""
    officer = personas.officer
    project = publishable_project()
    services.result_save(
        actor=officer, project=project, result=None, data={"type": "3", "title_fr": "Sans indicateur"}
    )
    result = services.result_save(
        actor=officer, project=project, result=None, data={"type": "1", "title_fr": "R"}
    )
    bare = services.indicator_save(
        actor=officer, result=result, indicator=None, data={"title_fr": "Sans base", "measure": "1"}
    )
    services.period_save(
        actor=officer,
        indicator=bare,
        period=None,
        data={"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 6, 30)},
    )
    quality = services.indicator_save(
        actor=officer,
        result=result,
        indicator=None,
        data={"title_fr": "Satisfaction des usagers", "measure": "5", "baseline_year": 2025},
    )
    services.period_save(
        actor=officer,
        indicator=quality,
        period=None,
        data={"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 6, 30)},
    )
    data = _activities()
    assert iati_check.problems(data) == []
    tree = iati_check.parse(data)
    assert tree.xpath("//result/title/narrative/text()") == ["R"]  # the result without indicator is left out
    assert tree.xpath("//result/@aggregation-status") == ["0"]  # a qualitative indicator in it
    assert not tree.xpath("//indicator[@measure='1']/baseline") and not tree.xpath("//target")
    assert tree.xpath("//indicator[@measure='5']/baseline/@year") == ["2025"]
    assert not tree.xpath("//indicator[@measure='5']/baseline/@value")


def test_it_reads_results_in_queries_per_chunk_not_per_project(personas, django_assert_num_queries):
    for _ in range(2):
        results_chain(publishable_project(), personas.officer)
    with django_assert_num_queries(12):  # the ids, then one chunk: projects, 8 prefetches, 3 for results
        first = _activities()
    for _ in range(4):
        results_chain(publishable_project(), personas.officer)
    with django_assert_num_queries(12):
        data = _activities()
    assert len(iati_check.parse(first).xpath("//indicator")) == 4
    assert len(iati_check.parse(data).xpath("//indicator")) == 12


# --- the checks --------------------------------------------------------------------------------------


def test_the_checks_name_each_gap_in_the_results_chain_in_plain_translated_words(personas):
    officer = personas.officer
    project = publishable_project(published=False)
    assert checks.problems(project) == []
    empty = services.result_save(
        actor=officer, project=project, result=None, data={"type": "3", "title_fr": "Eau pour tous"}
    )
    bare = services.indicator_save(
        actor=officer, result=empty, indicator=None, data={"title_fr": "Bornes", "measure": "1"}
    )
    services.result_save(actor=officer, project=project, result=None, data={"type": "1", "title_fr": "Vide"})
    project = type(project).objects.get(pk=project.pk)  # the chain is read once per project object
    with translation.override("fr"):
        found = checks.problems(project)
    assert found == [
        "Le résultat « Vide » n'a aucun indicateur : il ne peut pas être publié sans.",
        "L'indicateur « Bornes » n'a pas de situation de départ (valeur et année) : on ne peut pas mesurer son avancement.",
        "L'indicateur « Bornes » compte quelque chose sans dire quoi (son unité, par exemple des ménages).",
        "L'indicateur « Bornes » n'a aucune période : donnez-en au moins une, avec ses dates et sa cible.",
    ]
    services.period_save(
        actor=officer,
        indicator=bare,
        period=None,
        data={"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 6, 30)},
    )
    project = type(project).objects.get(pk=project.pk)
    with translation.override("ar"):
        found = checks.problems(project)
    assert len(found) == 4 and all("Bornes" in m or "Vide" in m for m in found)
    assert any("هدف" in m for m in found)  # the period without a target, in Arabic
    with translation.override("zgh"):  # the portal's catalogue speaks Tamazight too
        assert all("ⴰⵎⴰⵜⴰⵔ" in m or "ⵜⴰⵢⴰⴼⵓⵜ" in m for m in checks.problems(project))


def test_a_complete_chain_passes_the_checks_and_can_be_published(personas):
    from sharaka.portal import services as portal_services

    project = publishable_project(published=False)
    results_chain(project, personas.officer)
    assert checks.problems(type(project).objects.get(pk=project.pk)) == []
    assert portal_services.project_publish(actor=personas.officer, project=project).published_at


def test_the_publishing_page_reads_the_chains_in_constant_queries(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.officer)
    results_chain(publishable_project(published=False), personas.officer)
    with django_assert_max_num_queries(25):
        client.get(reverse("portal:publishing"))
    for _ in range(3):
        results_chain(publishable_project(published=False), personas.officer)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("portal:publishing"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Prêt" in html or "Ready" in html or "جاهز" in html


# --- open data ---------------------------------------------------------------------------------------


def _download(client, fmt):
    response = client.get(reverse("portal:open_data_results", args=[fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_results_open_data_has_one_row_per_period_with_approved_values_only(client, personas):
    project = publishable_project()
    results_chain(project, personas.officer, approved="95", submitted="777")
    hidden = publishable_project(published=False)
    results_chain(hidden, personas.officer)
    names = [c.name for c in opendata.RESULT_COLUMNS]
    rows = list(csv.reader(io.StringIO(_download(client, "csv").decode("utf-8-sig"))))
    assert rows[0] == names
    assert len(rows) == 1 + 4  # two indicators of two periods, the unpublished project left out
    first = dict(zip(names, rows[1], strict=True))
    assert first["project_code"] == project.code
    assert (first["result_level"], first["result_iati_type"]) == ("outcome", "2")
    assert (first["indicator_title_fr"], first["measure"], first["unit_fr"]) == (
        "Ménages desservis",
        "unit",
        "ménages",
    )
    assert (first["ascending"], first["baseline_value"], first["baseline_year"]) == ("1", "0.00", "2025")
    assert (first["period_start"], first["period_end"], first["target"], first["actual"]) == (
        "2026-01-01",
        "2026-06-30",
        "100.00",
        "95.00",
    )
    second = dict(zip(names, rows[2], strict=True))
    assert second["actual"] == ""  # 777 is submitted, not approved
    assert "777" not in "".join(",".join(r) for r in rows)
    data = json.loads(_download(client, "json"))
    assert data["columns"] == names and data["rows"][0]["actual"] == "95.00"
    assert data["rows"][3]["ascending"] == 0 and data["rows"][3]["measure"] == "percentage"
    sheet = load_workbook(io.BytesIO(_download(client, "xlsx"))).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == names and len(values) == 5
    assert values[1][names.index("actual")] == 95  # a number, not text


def test_the_results_open_data_neutralises_formulas(client, personas):
    project = publishable_project()
    results_chain(project, personas.officer)
    result = Result.objects.filter(project=project).first()
    services.result_save(
        actor=personas.officer,
        project=project,
        result=result,
        data={"type": result.type, "title_fr": '=HYPERLINK("http://x")'},
    )
    rows = list(csv.reader(io.StringIO(_download(client, "csv").decode("utf-8-sig"))))
    names = rows[0]
    assert rows[1][names.index("result_title_fr")] == '\'=HYPERLINK("http://x")'


def test_the_results_open_data_streams_in_constant_queries(client, personas, django_assert_max_num_queries):
    results_chain(publishable_project(), personas.officer)
    with django_assert_max_num_queries(3):
        _download(client, "csv")
    for _ in range(3):
        results_chain(publishable_project(), personas.officer)
    with django_assert_max_num_queries(3):
        _download(client, "csv")


def test_the_open_data_page_documents_every_results_column(client):
    html = client.get(reverse("portal:open_data")).content.decode().replace("<wbr>", "")  # break hints
    for column in opendata.RESULT_COLUMNS:
        assert f">{column.name}<" in html
    assert reverse("portal:open_data_results", args=["xlsx"]) in html
