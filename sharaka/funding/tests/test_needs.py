"""The commune's needs: which projects are needs, their funding gap (Decimal, from the budget and the
co-financing plan), their grouping, what covers them (a call, a partner), and a query count that
does not grow with the number of projects."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import Theme
from sharaka.core.testing import make_project
from sharaka.finance.models import BudgetLine, Funder
from sharaka.funding import needs
from sharaka.funding.models import Call, CallSector, CallStage
from sharaka.projects.models import ProjectPartner, ProjectSector

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)
DAY = datetime.timedelta(days=1)


def theme(kind, code):
    return Theme.objects.get(kind=kind, code=code)


def project(code, status="idea", *, areas=(), objectives=(), sectors=(), pac="PAC 1.1", priority=2):
    p = make_project(
        code=code, status=status, pac_reference=pac, priority=priority, title_fr=f"Projet {code}"
    )
    p.themes.add(*[theme("area", a) for a in areas], *[theme("objective", o) for o in objectives])
    for code_ in sectors:
        ProjectSector.objects.create(project=p, code=code_, percentage=100 // len(sectors))
    return p


def plan(p, *, budget=(), funders=()):
    """`funders`: (kind, cash_mad, in_kind_mad, organisation); `budget`: amounts charged to the first."""
    rows = []
    for kind, cash, in_kind, organisation in funders:
        rows.append(
            Funder.objects.create(
                project=p,
                kind=kind,
                organisation=organisation,
                name="" if organisation else "Commune",
                cash=Decimal(cash),
                in_kind=Decimal(in_kind),
                cash_mad=Decimal(cash),
                in_kind_mad=Decimal(in_kind),
            )
        )
    for n, amount in enumerate(budget):
        category = ["works", "equipment", "services", "training"][n]
        BudgetLine.objects.create(project=p, category=category, funder=rows[0], amount_mad=Decimal(amount))


def open_call(funder, reference, *, areas=(), sectors=(), **fields):
    call = Call.objects.create(funder=funder, reference=reference, title_fr=reference, **fields)
    call.themes.add(*[theme("area", a) for a in areas])
    for code in sectors:
        CallSector.objects.create(call=call, code=code)
    CallStage.objects.create(call=call, kind="full_proposal", deadline=TODAY + 30 * DAY)
    return call


def by_code(found):
    return {n.project.code: n for n in found}


def test_needs_are_early_projects_and_funded_ones_with_a_gap(personas):
    project("P-IDEA")
    project("P-CN", "concept_note")
    project("P-SUB", "proposal_submitted")  # in the funder's hands: not a need
    gap = project("P-GAP", "in_implementation")
    plan(
        gap,
        funders=[("commune", "100000.10", "50000.05", None)],
        budget=["200000.20", "33333.33"],
    )
    full = project("P-FULL", "approved")
    plan(full, funders=[("commune", "100000.00", "0", None)], budget=["100000.00"])
    found = by_code(needs.commune_needs(TODAY))
    assert set(found) == {"P-IDEA", "P-CN", "P-GAP"}
    need = found["P-GAP"]
    assert need.cost == Decimal("233333.53")
    assert need.planned == Decimal("150000.15")
    assert need.gap == Decimal("83333.38")
    assert found["P-IDEA"].gap == Decimal("0.00") and not found["P-IDEA"].has_budget


def test_a_plan_above_the_budget_is_no_negative_gap(personas):
    over = project("P-OVER", "idea")
    plan(over, funders=[("commune", "500", "0", None)], budget=["100"])
    assert by_code(needs.commune_needs(TODAY))["P-OVER"].gap == Decimal("0.00")


def test_a_need_is_covered_by_an_eligible_call_sharing_an_area_or_a_sector(personas, world):
    org = world.organisation
    by_area = open_call(org, "C-AREA", areas=["water_energy"])
    by_sector = open_call(org, "C-SECTOR", sectors=["14020"], commune_role="co")
    open_call(org, "C-NO", areas=["water_energy"], commune_role="no")
    open_call(org, "C-MA", areas=["water_energy"], commune_role="co", excluded_countries="MA,DZ")
    closed = open_call(org, "C-CLOSED", areas=["water_energy"])
    closed.stages.update(deadline=TODAY - DAY)
    upcoming = open_call(org, "C-SOON", areas=["social"], opens_on=TODAY + 10 * DAY)
    archived = open_call(org, "C-ARCH", areas=["water_energy"])
    Call.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    project("P-WATER", areas=["water_energy"], sectors=["14020"])
    project("P-SOCIAL", areas=["social"])
    project("P-CULTURE", areas=["culture"], sectors=["16061"])
    found = by_code(needs.commune_needs(TODAY))
    assert [c.reference for c in found["P-WATER"].calls] == [by_area.reference, by_sector.reference]
    assert [c.reference for c in found["P-SOCIAL"].calls] == [upcoming.reference]
    assert found["P-CULTURE"].calls == [] and not found["P-CULTURE"].covered


def test_a_need_is_covered_by_a_partner_that_funds_it(personas, world):
    funded = project("P-FUNDED", areas=["culture"])
    ProjectPartner.objects.create(project=funded, organisation=world.organisation, role="1")
    implemented = project("P-IMPL", areas=["culture"])
    ProjectPartner.objects.create(project=implemented, organisation=world.organisation, role="4")
    planned = project("P-PLAN", "approved", areas=["culture"])
    plan(
        planned,
        funders=[("commune", "1000", "0", None), ("partner", "500", "0", world.other_organisation)],
        budget=["5000"],
    )
    found = by_code(needs.commune_needs(TODAY))
    assert found["P-FUNDED"].partners == ["UNDP"]
    assert found["P-IMPL"].partners == [] and not found["P-IMPL"].covered  # implementing is not funding
    assert found["P-PLAN"].partners == ["OTH"]


def test_uncovered_needs_come_first_then_by_priority(personas, world):
    open_call(world.organisation, "C-WATER", areas=["water_energy"])
    project("P-1", areas=["water_energy"], priority=1)
    project("P-2", areas=["culture"], priority=3)
    project("P-3", areas=["culture"], priority=1)
    codes = [n.project.code for n in needs.commune_needs(TODAY) if n.project.code.startswith("P-")]
    assert codes == ["P-3", "P-2", "P-1"]


def test_needs_are_grouped_by_area_objective_and_priority(personas):
    project("P-A", areas=["water_energy", "environment"], objectives=["infrastructure"], priority=1)
    project("P-B", areas=["water_energy"], priority=3, pac="")
    project("P-C", priority=2)
    found = needs.commune_needs(TODAY)
    areas = {g.key: [n.project.code for n in g.needs] for g in needs.group(found, "area")}
    assert areas == {"water_energy": ["P-A", "P-B"], "environment": ["P-A"], "": ["P-C"]}
    objectives = {g.key: [n.project.code for n in g.needs] for g in needs.group(found, "objective")}
    assert objectives == {"infrastructure": ["P-A"], "": ["P-C", "P-B"]}
    priorities = [(g.key, [n.project.code for n in g.needs]) for g in needs.group(found, "priority")]
    assert priorities == [("1", ["P-A"]), ("2", ["P-C"]), ("3", ["P-B"])]
    assert [n.outside_pac for n in found if n.project.code == "P-B"] == [True]


def test_a_group_adds_up_the_gaps_of_its_needs(personas):
    for code, amount in (("P-X", "1000.10"), ("P-Y", "2000.25")):
        p = project(code, areas=["urban"])
        plan(p, funders=[("commune", "0.05", "0", None)], budget=[amount])
    (urban,) = needs.group(needs.commune_needs(TODAY), "area")
    assert urban.gap == Decimal("3000.25")
    assert urban.uncovered == 2


def _add_projects(start, end, world):
    for i in range(start, end):
        p = project(f"P-{i:03}", "idea" if i % 3 else "approved", areas=["water_energy"], sectors=["14020"])
        plan(p, funders=[("partner", "100", "50", world.organisation)], budget=["1000", "200"])
        ProjectPartner.objects.create(project=p, organisation=world.other_organisation, role="1")


def _queries(client, n) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("funding_needs"), {"by": "priority"})
    assert response.status_code == 200
    assert len(response.context["needs"]) == n + 2  # the world's own two projects are ideas
    return len(captured)


def test_the_needs_page_costs_the_same_queries_for_3_or_30_projects(
    client, world, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    client.force_login(world.personas.officer)
    open_call(world.organisation, "C-W", areas=["water_energy"], sectors=["14020"])
    _add_projects(0, 3, world)
    few = _queries(client, 3)
    _add_projects(3, 30, world)
    assert _queries(client, 30) == few
    with django_assert_max_num_queries(14):
        client.get(reverse("funding_needs"))


def test_the_needs_page_lists_the_uncovered_first_and_flags_outside_the_pac(client, world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    world.personas.officer.language = "en"
    world.personas.officer.save()
    project("P-ALONE", areas=["culture"], pac="")
    client.force_login(world.personas.officer)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(reverse("funding_needs")).content.decode()))
    uncovered = page.split("All the needs")[0]
    assert "P-ALONE" in uncovered and "Outside the PAC" in uncovered
    assert "Nothing yet: no call and no partner" in uncovered
