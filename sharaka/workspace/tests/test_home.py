import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sharaka.core.models import Theme
from sharaka.core.testing import make_project, share_project
from sharaka.partners.models import FollowUp


def _projects(n, organisation):
    area = Theme.objects.get(kind="area", code="water_energy")
    objective = Theme.objects.get(kind="objective", code="infrastructure")
    for i in range(n):
        p = make_project(code=f"AOU-Q-{i:03}")
        p.themes.set([area, objective])
        share_project(p, organisation, amount=Decimal("1000.00"), currency="EUR")


def test_it_shows_the_unit_its_figures_by_status_area_and_objective(client, world):
    client.force_login(world.personas.officer)
    html = client.get("/").content.decode()
    assert "لوحة القيادة" in html or "Dashboard" in html
    # w.project is funded by 100 000 EUR and has no theme; the private one is an idea.
    assert "حسب الحالة" in html or "Projects by status" in html


def test_it_lists_the_follow_ups_due_this_week_with_the_overdue_marked(client, world):
    today = timezone.localdate()
    FollowUp.objects.filter(pk=world.follow_up.pk).update(due_date=today - datetime.timedelta(days=2))
    client.force_login(world.personas.officer)
    response = client.get("/")
    assert world.follow_up.description in response.content.decode()
    assert 'class="overdue"' in response.content.decode()


def test_it_does_not_show_another_persons_follow_ups_to_a_project_manager(client, world):
    client.force_login(world.personas.manager)
    assert world.follow_up.description not in client.get("/").content.decode()


def test_the_dashboard_costs_the_same_queries_for_3_or_30_projects(client, world, django_assert_num_queries):
    client.force_login(world.personas.officer)
    _projects(3, world.organisation)
    client.get("/")  # warm the session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/")
    _projects(27, world.other_organisation) if False else None
    for i in range(27):
        make_project(code=f"AOU-R-{i:03}")
    with django_assert_num_queries(len(small)):
        client.get("/")


def test_committed_amounts_are_summed_per_area_in_their_currency(client, world):
    _projects(3, world.organisation)
    client.force_login(world.personas.officer)
    client.cookies["django_language"] = "fr"
    world.personas.officer.language = "fr"
    world.personas.officer.save()
    html = client.get("/").content.decode()
    assert "3\u202f000,00\u00a0EUR" in html


def test_a_partner_viewer_lands_on_the_projects_shared_with_them(client, world):
    client.force_login(world.personas.partner_viewer)
    html = client.get("/").content.decode()
    assert world.project.code in html
    assert world.private_project.code not in html
    assert "لوحة القيادة" not in html.split("<main", 1)[1]


def test_prefecture_staff_land_on_their_own_page_without_internal_figures(client, world):
    client.force_login(world.personas.prefecture)
    html = client.get("/").content.decode()
    assert world.project.code not in html
    assert world.follow_up.description not in html


@pytest.mark.parametrize(
    "role", ["admin", "officer", "finance", "manager", "president", "council", "auditor"]
)
def test_every_internal_role_sees_the_dashboard(client, world, role):
    client.force_login(getattr(world.personas, role))
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "workspace/home.html"


def test_the_unit_sees_overdue_agreement_obligations_and_late_tranches_on_its_dashboard(client, world):
    from sharaka.demo.loader import DemoLoader

    DemoLoader().load()
    client.force_login(world.personas.officer)
    response = client.get("/")
    assert response.context["obligations_count"] > 0
    assert response.context["late_tranches_count"] > 0
    html = response.content.decode()
    assert "AOU-2025-003" in html  # the demo's late tranche


def test_prefecture_staff_see_no_tranches_on_their_page(client, world):
    client.force_login(world.personas.prefecture)
    assert "late_tranches" not in client.get("/").context


def test_committed_amounts_of_several_currencies_are_also_totalled_in_dirhams(client, world):
    from sharaka.finance.models import ExchangeRate

    _projects(3, world.organisation)  # EUR 1,000 each, committed on 2026-01-15
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 1, 15), rate=Decimal("11"), source="BAM"
    )
    usd = make_project(code="AOU-Q-USD")
    usd.themes.set(Theme.objects.filter(code="water_energy"))
    share_project(usd, world.organisation, amount=Decimal("500.00"), currency="USD")  # no USD rate
    client.force_login(world.personas.officer)

    html = client.get("/").content.decode()

    assert '≈ <bdi class="money">33.000,00\u00a0درهم</bdi>' in html
    assert "لم يُحتسب التزام واحد ليس له سعر صرف في تاريخه" in html
