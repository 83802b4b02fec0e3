"""The capacity dashboard's numbers on a concrete scenario, who may open it, and its query count."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sharaka.capacity import dashboard
from sharaka.capacity.models import Participation, Training
from sharaka.capacity.tests.gaps_scenario import D, Scenario, assess, attend, profile, reads_english, training
from sharaka.core.testing import make_organisation

TODAY = D(2026, 12, 5)
PARTLY, ABSENT = Participation.Attendance.PARTLY, Participation.Attendance.ABSENT


@pytest.fixture
def scenario(personas):
    s = Scenario(personas.admin)
    s.undp = make_organisation(acronym="PNUD", name_fr="PNUD", name_en="UNDP", iati_identifier="XM-1")
    by = personas.officer
    t1 = training([s.reporting, s.iati], by=by, starts_on=D(2025, 3, 10), cost_mad="10000", funder=s.undp)
    attend(t1, s.f1)
    attend(t1, s.f2, PARTLY)
    attend(t1, s.f3, ABSENT)
    t2 = training([s.reporting], by=by, starts_on=D(2026, 2, 2), cost_mad="5000")
    attend(t2, s.f1)
    attend(t2, s.c1)
    t3 = training([s.iati], by=by, starts_on=D(2026, 6, 1), cost_mad="2500.50", funder=s.undp)
    attend(t3, s.f1)
    cancelled = training(
        [s.iati], by=by, starts_on=D(2026, 7, 1), cost_mad="9999", status=Training.Status.CANCELLED
    )
    attend(cancelled, s.c2)
    s.coming = training(
        [s.negotiation], by=by, starts_on=D(2027, 1, 20), status=Training.Status.PLANNED, title="Négociation"
    )
    return s


def test_people_trained_per_skill_and_year(scenario):
    s = scenario
    years = dashboard.years_shown(TODAY)
    assert years == [2024, 2025, 2026]  # from the first assessment (June 2024)
    rows = {
        row.skill.code: row for row in dashboard.trained_per_skill([s.reporting, s.iati, s.protocol], years)
    }
    # reporting: F1 and F2 (in part) in 2025; F1 and C1 in 2026: three distinct people in all
    assert rows["donor_financial_reporting"].counts == [(2024, 0), (2025, 2), (2026, 2)]
    assert rows["donor_financial_reporting"].total == 3
    # iati: F1, F2 in 2025; F1 in 2026 (the cancelled training does not count)
    assert rows["iati_publishing"].counts == [(2024, 0), (2025, 2), (2026, 1)]
    assert rows["iati_publishing"].total == 2
    assert rows["protocol_delegations"].total == 0


def test_spending_by_funder_and_year_in_dirhams(scenario):
    spent = [
        (e.year, e.funder.acronym if e.funder else None, e.total)
        for e in dashboard.spending([2024, 2025, 2026])
    ]
    assert spent == [
        (2026, None, Decimal("5000.00")),  # the commune's own budget
        (2026, "PNUD", Decimal("2500.50")),
        (2025, "PNUD", Decimal("10000.00")),
    ]


def test_gaps_closing_per_skill_and_year(scenario):
    s = scenario
    rows = {
        r.skill.code: r
        for r in dashboard.gaps_per_year(
            [s.reporting, s.iati, s.protocol, s.negotiation], [2024, 2025, 2026], TODAY
        )
    }
    reporting = rows["donor_financial_reporting"]
    assert reporting.people == 3
    # F1, F2, F3 below at the end of 2024 and 2025; F2 reached 3 in March 2026
    assert [(c.year, c.below, c.not_assessed, c.trend) for c in reporting.cells] == [
        (2024, 3, 0, ""),
        (2025, 3, 0, "same"),
        (2026, 2, 0, "fell"),
    ]
    negotiation = rows["negotiation"]  # the finance officers' negotiation was never assessed
    assert [(c.below, c.not_assessed) for c in negotiation.cells] == [(1, 3), (1, 3), (1, 3)]
    assert rows["protocol_delegations"].people == 2
    assert rows["protocol_delegations"].hidden and rows["protocol_delegations"].cells == []


def test_before_any_assessment_every_need_is_an_open_gap(personas, scenario):
    s = scenario
    late = profile("Latif", s.finance)
    assess(late, D(2026, 1, 5), {s.reporting: 3}, by=personas.admin)
    row = dashboard.gaps_per_year([s.reporting], [2025, 2026], TODAY)[0]
    assert [(c.below, c.not_assessed, c.trend) for c in row.cells] == [(3, 1, ""), (2, 0, "fell")]


def test_the_dashboard_page_shows_the_numbers_and_the_upcoming_training(client, personas, scenario):
    client.force_login(reads_english(personas.officer))
    response = client.get(reverse("capacity:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The commune&#x27;s own budget" in page or "The commune's own budget" in page
    assert "<bdi>UNDP</bdi>" in page
    assert "Not shown: fewer than 3 people need this skill." in page
    assert "↓ fell" in page
    assert "Négociation" in page
    for name in ("Fatima One", "Farid Two", "Chama One"):  # nobody is named on the unit's page
        assert name not in page


@pytest.mark.parametrize(
    "role, status",
    [
        ("administrator", 200),
        ("cooperation_officer", 200),
        ("president", 200),
        ("auditor", 200),
        ("finance_officer", 403),
        ("project_manager", 403),
        ("council_member", 403),
        ("prefecture", 404),
        ("partner_viewer", 404),
    ],
)
def test_who_opens_the_dashboard(client, personas, role, status):
    client.force_login(personas.by_role()[role])
    assert client.get(reverse("capacity:home")).status_code == status


def test_the_dashboard_costs_the_same_queries_for_10_and_40_people(client, personas, scenario):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    s = scenario
    t = training([s.reporting], by=personas.officer, starts_on=D(2026, 4, 1), cost_mad="100")
    client.force_login(personas.officer)
    counts = []
    for start, count in ((0, 10), (10, 30)):
        for number in range(start, start + count):
            person = profile(f"Extra {number}", s.finance)
            assess(person, D(2025, 1, 1), {s.reporting: 1, s.iati: 2}, by=personas.admin)
            attend(t, person)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("capacity:home")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    assert counts == [14, 14]  # whatever the number of people
