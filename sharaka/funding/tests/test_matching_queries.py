"""Rankings read in bulk: the same number of queries for 3 or 30 calls, 3 or 30 projects."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sharaka.agreements.models import Agreement, AgreementParty
from sharaka.core.testing import share_project
from sharaka.finance.models import Funder
from sharaka.funding import matching
from sharaka.funding.models import Application, Call
from sharaka.funding.tests.matching_world import budget, call, freeze, org, plan_row, project, rate, theme
from sharaka.partners.models import Organisation
from sharaka.projects.models import ProjectSector

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    freeze(monkeypatch)


def rich_project(i, funder=None):
    p = project(title_fr=f"Pompage solaire {i}", summary_fr="Eau potable pour les douars")
    p.themes.add(theme("area", "water_energy"), theme("objective", "infrastructure"))
    ProjectSector.objects.create(project=p, code="14020")
    budget(p, "500000", plan_row(p, Funder.Kind.COMMUNE, cash="100000", in_kind="20000"))
    if funder is not None:
        share_project(p, funder)
    return p


def rich_call(i, funder):
    local = Organisation.Model.FOREIGN_LOCAL_GOVERNMENT
    c = call(
        funder,
        title_fr=f"Appel eau potable {i}",
        currency="EUR",
        min_grant=Decimal("10000"),
        max_grant=Decimal("90000"),
        cofinancing_rate=Decimal("20"),
        themes=[theme("area", "water_energy")],
        sectors=["14020", "14030"],
        commune_role=Call.CommuneRole.CO_APPLICANT if i % 2 else Call.CommuneRole.LEAD,
        lead_model=local if i % 2 else "",
        lead_country="FR" if i % 2 else "",
    )
    AgreementParty.objects.create(
        agreement=Agreement.objects.create(kind="mou", title_fr=f"L{i}"), organisation=funder
    )
    return c


def count(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_ranking_calls_for_a_project_reads_as_many_queries_for_30_calls_as_for_3(personas):
    rate("EUR", "10.800000")
    org("TW", model=Organisation.Model.FOREIGN_LOCAL_GOVERNMENT, country="FR")
    p = rich_project(0)
    for i in range(3):
        rich_call(i, org(f"F{i}"))
    few = count(lambda: matching.calls_for_project(p))
    for i in range(3, 30):
        c = rich_call(i, org(f"F{i}"))
        Application.objects.create(
            project=rich_project(i, c.funder), call=c, status="awarded", created_by=personas.officer
        )

    ranking = matching.calls_for_project(p)
    assert len(ranking.matches) == 30
    assert count(lambda: matching.calls_for_project(p)) == few


def test_ranking_projects_for_a_call_reads_as_many_queries_for_30_projects_as_for_3():
    rate("EUR", "10.800000")
    funder = org("F1")
    c = rich_call(1, funder)
    for i in range(3):
        rich_project(i, funder)
    few = count(lambda: matching.projects_for_call(Call.objects.get(pk=c.pk)))
    for i in range(3, 30):
        rich_project(i, funder if i % 3 else None)

    assert len(matching.projects_for_call(c).matches) == 30
    assert count(lambda: matching.projects_for_call(Call.objects.get(pk=c.pk))) == few


def test_the_ranking_pages_keep_their_queries_and_show_every_reason(client, personas):
    rate("EUR", "10.800000")
    p = rich_project(0)
    funder = org("F1")
    c = rich_call(0, funder)
    rich_call(1, org("G1"))  # a co-applicant call: its lead's candidates are read once
    client.force_login(personas.officer)

    def pages():
        assert client.get(reverse("funding_project_calls", args=[p.pk])).status_code == 200
        assert client.get(reverse("funding_call_projects", args=[c.pk])).status_code == 200

    few = count(pages)
    for i in range(2, 30):
        rich_call(i, org(f"G{i}"))
        rich_project(i, funder)

    assert count(pages) == few
    page = client.get(reverse("funding_project_calls", args=[p.pk])).content.decode()
    assert page.count('<details class="parts">') == 10  # a page of 10 matches, each with its reasons


def test_the_project_page_funding_section_keeps_its_queries(client, personas):
    p = rich_project(0)
    client.force_login(personas.officer)
    url = reverse("project_detail", args=[p.pk])
    rich_call(0, org("F0"))
    rich_call(1, org("F1"))  # a co-applicant call: its lead's candidates are read once
    few = count(lambda: client.get(url))
    for i in range(2, 30):
        rich_call(i, org(f"F{i}"))

    assert count(lambda: client.get(url)) == few
