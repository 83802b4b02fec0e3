"""The sustainability pages: what each reader sees, bounded queries whatever the number of projects,
and the weight of the pages."""

import datetime
from decimal import Decimal

import pytest

from sharaka.core.testing import make_project, share_project
from sharaka.sustainability import services, warnings
from sharaka.sustainability.models import Check, Plan, Risk
from sharaka.sustainability.testing import make_plan
from sharaka.sustainability.url_expectations import png_upload

pytestmark = pytest.mark.django_db


def _many(personas, n):
    """n funded projects, each with a plan of three costs, a risk, checks and a warning."""
    from sharaka.partners.models import Organisation

    undp = Organisation.objects.get(acronym="UNDP")
    projects = []
    for i in range(n):
        project = make_project(
            code=f"AOU-P-{i:03}",
            manager=personas.manager,
            status="completed",
            planned_start=datetime.date(2025, 1, 1),
            planned_end=datetime.date(2025, 12, 31),
            actual_end=datetime.date(2026, 1, 31),
        )
        share_project(project, undp)
        make_plan(
            project,
            costs=[
                ("Électricité", "6000", "commune_budget", True),
                ("Entretien", "3000", "user_fees", True),
                ("Gardien", "1000", "nobody", False),
            ],
        )
        Risk.objects.create(
            project=project,
            description=f"Risque {i}",
            category="financial",
            likelihood=1 + i % 5,
            impact=3,
            score=(1 + i % 5) * 3,
            owner=personas.manager,
            review_on=datetime.date(2026, 6, 1),
        )
        services.checks_schedule(project=project)
        projects.append(project)
    warnings.refresh(today=datetime.date(2026, 12, 1))
    return projects


@pytest.mark.parametrize("n", [3, 30])
def test_the_dashboard_takes_the_same_queries_for_3_or_30_projects(
    client, personas, n, django_assert_num_queries
):
    _many(personas, n)
    client.force_login(personas.officer)

    # session, user; warnings, plans, checks: a page and a capped count each; a page of funded
    # projects without a plan; coverage, payer mix, settings, risks
    with django_assert_num_queries(13):
        response = client.get("/sustainability/")

    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 150_000
    assert "AOU-P-001" in html
    assert html.count("<tr>") == 1 + min(n, 20) + 1 + min(n, 10)  # a page of coverage rows, the top risks
    counted = html.split('id="d-plans"')[1].split('<p class="meta">')[1].split("</p>")[0]
    assert str(n) in counted  # how many plans in all, whatever the page
    assert ('rel="next"' in html) is (n > 20)


def test_every_plan_is_reachable_by_paging_with_or_without_htmx(client, personas):
    projects = _many(personas, 25)
    client.force_login(personas.officer)

    first = client.get("/sustainability/").content.decode()
    assert "?plans_page=2" in first
    assert "AOU-P-024" not in first.split('id="d-plans"')[1].split('id="d-without"')[0]

    second = client.get("/sustainability/?plans_page=2").content.decode()
    plans = second.split('id="d-plans"')[1].split('id="d-without"')[0]
    assert {p.code for p in projects[20:]} <= {c for c in (p.code for p in projects) if c in plans}
    assert 'rel="prev"' in plans
    assert "?plans_page=1" in plans and 'rel="next"' not in plans

    swap = client.get("/sustainability/?plans_page=2", headers={"HX-Request": "true", "HX-Target": "d-plans"})
    part = swap.content.decode()
    assert swap.status_code == 200
    assert part.startswith('<div id="d-plans">')
    assert "<html" not in part
    assert "AOU-P-024" in part
    assert "AOU-P-000" not in part


def test_a_page_past_the_end_or_not_a_number_shows_the_first(client, personas):
    _many(personas, 3)
    client.force_login(personas.officer)
    html = client.get("/sustainability/?checks_page=abc&plans_page=9").content.decode()
    plans = html.split('id="d-plans"')[1].split('id="d-without"')[0]
    assert "AOU-P-000" in html  # the checks are on their first page: "abc" is not a number
    assert "AOU-P-000" in plans and 'rel="prev"' not in plans  # page 9 of 1: the first


@pytest.mark.parametrize("n", [1, 6])
def test_the_plan_page_takes_a_fixed_number_of_queries(client, personas, n, django_assert_max_num_queries):
    project = _many(personas, 1)[0]
    plan = Plan.objects.get(project=project)
    for i in range(n):
        services.cost_save(
            actor=personas.officer,
            plan=plan,
            data={"what": f"Coût {i}", "amount_per_year": Decimal("100"), "payer_kind": "nobody"},
        )
    client.force_login(personas.manager)

    # session, user, project, plan, coverage, costs, evidence, settings, risks, checks, photos, warnings
    with django_assert_max_num_queries(12):
        response = client.get(f"/sustainability/projects/{project.pk}/")

    assert response.status_code == 200
    assert len(response.content) < 150_000


def test_the_plan_page_shows_coverage_costs_risks_and_checks_to_the_staff(client, personas, ended):
    make_plan(
        ended,
        costs=[
            ("Électricité de la pompe", "6000", "commune_budget", True),
            ("Gardien", "2000", "nobody", False),
        ],
    )
    Risk.objects.create(
        project=ended,
        description="Sécheresse prolongée",
        category="environmental",
        likelihood=4,
        impact=5,
        score=20,
        review_on=datetime.date(2027, 1, 1),
    )
    services.checks_schedule(project=ended)
    client.force_login(personas.auditor)

    html = client.get(f"/sustainability/projects/{ended.pk}/").content.decode()

    assert "Électricité de la pompe" in html and 'value="75.00"' in html
    assert "Sécheresse prolongée" in html
    assert html.count(f"sustainability/projects/{ended.pk}/checks/") == 0  # the auditor may not record
    assert "decision.pdf" not in html  # the evidence is linked by its title
    assert "Décision du conseil" in html


def test_a_partner_viewer_reads_the_plan_summary_not_the_internal_side(client, personas, ended):
    make_plan(ended, costs=[("Électricité", "6000", "commune_budget", True)])
    Risk.objects.create(
        project=ended,
        description="Conflit au sein de l'association",
        category="institutional",
        likelihood=2,
        impact=3,
        score=6,
        review_on=datetime.date(2027, 1, 1),
    )
    client.force_login(personas.partner_viewer)

    html = client.get(f"/sustainability/projects/{ended.pk}/").content.decode()
    detail = client.get(f"/projects/{ended.pk}/").content.decode()

    assert "Électricité" in html
    assert "Conflit au sein de l'association" not in html and "Conflit au sein" not in detail
    assert "Décision du conseil" not in html  # evidence is internal
    assert client.get(f"/sustainability/projects/{ended.pk}/risks/new/").status_code == 404
    client.force_login(personas.outsider_partner_viewer)
    assert client.get(f"/sustainability/projects/{ended.pk}/").status_code == 404


def test_the_project_page_shows_the_sustainability_section(client, personas, ended):
    make_plan(
        ended, costs=[("Électricité", "1000", "commune_budget", True), ("Gardien", "1000", "nobody", False)]
    )
    Risk.objects.create(
        project=ended,
        description="Panne de la pompe",
        category="technical",
        likelihood=5,
        impact=5,
        score=25,
        review_on=datetime.date(2026, 1, 1),
    )
    warnings.refresh(today=datetime.date(2026, 12, 1))
    client.force_login(personas.manager)

    html = client.get(f"/projects/{ended.pk}/").content.decode()

    assert 'id="sustainability-title"' in html
    assert 'value="50.00"' in html and "Panne de la pompe" in html
    assert f"/sustainability/projects/{ended.pk}/risks/" in html  # the warning links to the risk to review


def test_the_workspace_shows_the_highest_open_risks(client, personas):
    _many(personas, 7)
    client.force_login(personas.president)
    html = client.get("/").content.decode()
    assert 'id="h-risks"' in html
    assert html.count("/risks/") == 5


def test_a_manager_writes_the_plan_and_adds_a_cost_through_the_pages(client, personas, ended):
    client.force_login(personas.manager)

    response = client.post(
        f"/sustainability/projects/{ended.pk}/plan/",
        {
            "exit_strategy": "تتكفل جمعية مستعملي الماء بالصيانة",
            "maintainer_kind": "association",
            "maintainer_name": "جمعية مستعملي الماء",
            "handover_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(project=ended)
    response = client.post(
        f"/sustainability/projects/{ended.pk}/costs/new/",
        {
            "what": "صيانة المضخة",
            "amount_per_year": "12000",
            "payer_kind": "user_fees",
            "payer_detail": "الجمعية",
        },
    )
    assert response.status_code == 302
    assert plan.costs.get().amount_per_year == Decimal("12000.00")
    # Confirming without evidence is refused beside the field, on the same page.
    cost = plan.costs.get()
    response = client.post(
        f"/sustainability/projects/{ended.pk}/costs/{cost.pk}/",
        {
            "what": "صيانة المضخة",
            "amount_per_year": "12000",
            "payer_kind": "user_fees",
            "payer_detail": "الجمعية",
            "confirmed": "on",
        },
    )
    assert response.status_code == 200
    assert "إثبات" in response.content.decode()


def test_a_check_is_recorded_with_a_photo_through_its_page(client, personas, ended):
    services.checks_schedule(project=ended)
    check = Check.objects.get(months=6)
    client.force_login(personas.officer)

    response = client.post(
        f"/sustainability/projects/{ended.pk}/checks/{check.pk}/",
        {
            "checked_on": "2026-08-05",
            "working": "partly",
            "used": "yes",
            "maintained": "no",
            "findings": "Fuite",
            "photo": png_upload(),
        },
    )

    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.working, check.checked_by) == ("partly", personas.officer)
    photo = check.photos.get()
    served = client.get(f"/sustainability/projects/{ended.pk}/checks/{check.pk}/photos/{photo.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_the_unit_sets_the_threshold_on_its_page(client, personas):
    client.force_login(personas.officer)
    response = client.post("/sustainability/settings/", {"coverage_threshold": "90", "version": "1"})
    assert response.status_code == 302
    client.force_login(personas.manager)
    assert client.get("/sustainability/settings/").status_code == 403
