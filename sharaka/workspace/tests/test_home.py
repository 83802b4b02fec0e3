import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sharaka.core.models import Theme
from sharaka.partners.models import FollowUp


def _projects(n, organisation, actor, *, code="AOU-Q", amount="1000.00", currency="EUR", themes=None):
    """Projects made through the services, which keep the home's figures (projects/figures.py)."""
    from sharaka.projects.services import project_create, project_partner_add

    if themes is None:
        themes = [
            Theme.objects.get(kind="area", code="water_energy"),
            Theme.objects.get(kind="objective", code="infrastructure"),
        ]
    for i in range(n):
        p = project_create(
            actor=actor,
            data={"code": f"{code}-{i:03}", "title_fr": "Projet", "title_en": "Project", "title_ar": "مشروع"},
            themes=themes,
        )
        project_partner_add(
            actor=actor,
            project=p,
            data={
                "organisation": organisation,
                "role": "1",
                "committed_amount": Decimal(amount),
                "currency": currency,
                "committed_on": datetime.date(2026, 1, 15),
            },
        )


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
    _projects(3, world.organisation, world.personas.officer)
    client.get("/")  # warm the session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/")
    _projects(27, world.other_organisation, world.personas.officer, code="AOU-R")
    with django_assert_num_queries(len(small)):
        client.get("/")


def test_committed_amounts_are_summed_per_area_in_their_currency(client, world):
    _projects(3, world.organisation, world.personas.officer)
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


def test_prefecture_staff_see_no_tranches_on_their_page(client, world):
    client.force_login(world.personas.prefecture)
    assert "late_tranches" not in client.get("/").context


def test_committed_amounts_of_several_currencies_are_also_totalled_in_dirhams(client, world):
    from sharaka.finance.services import rate_set

    officer = world.personas.officer
    _projects(3, world.organisation, officer)  # EUR 1,000 each, committed on 2026-01-15
    rate_set(
        actor=world.personas.finance, currency="EUR", date=datetime.date(2026, 1, 15), rate="11", source="BAM"
    )
    water = list(Theme.objects.filter(code="water_energy"))
    _projects(
        1, world.organisation, officer, code="AOU-U", amount="500.00", currency="USD", themes=water
    )  # no USD rate
    client.force_login(world.personas.officer)

    html = client.get("/").content.decode()

    assert '≈ <bdi class="money">33.000,00\u00a0درهم</bdi>' in html
    assert "لم يُحتسب التزام واحد ليس له سعر صرف في تاريخه" in html


def test_the_figures_by_status_and_theme_are_those_of_a_direct_count(client, world):
    from django.db.models import Count

    from sharaka.projects import figures
    from sharaka.projects.models import Project
    from sharaka.projects.services import project_advance, project_archive

    figures.rebuild()  # the world's own two projects are written without the services
    officer = world.personas.officer
    _projects(3, world.organisation, officer)
    _projects(2, world.organisation, officer, code="AOU-M", amount="700.00", currency="MAD")
    project_advance(actor=officer, project=Project.objects.get(code="AOU-Q-000"), to="concept_note")
    project_archive(actor=officer, project=Project.objects.get(code="AOU-Q-001"), reason="Doublon")
    client.force_login(officer)

    context = client.get("/").context

    active = Project.objects.filter(archived_at__isnull=True)
    assert context["totals"]["projects"] == active.count() == 6
    by_status = dict(active.values_list("status").annotate(n=Count("id")).order_by())
    assert {code: n for code, _label, n in context["status_rows"] if n} == by_status
    water = next(r for r in context["area_rows"] if r["theme"].code == "water_energy")
    assert water["count"] == 4  # AOU-Q-000, AOU-Q-002, AOU-M-000, AOU-M-001
    assert water["amounts"] == [("EUR", Decimal("2000.00")), ("MAD", Decimal("1400.00"))]
    assert (water["total_mad"], water["without_rate"]) == (Decimal("1400.00"), 2)


@pytest.mark.parametrize(
    ("open_warnings", "shown"), [(3, "(3 early warnings)"), (4, "(more than 3 early warnings)")]
)
def test_the_early_warnings_are_counted_up_to_a_cap(client, world, monkeypatch, open_warnings, shown):
    from sharaka.sustainability import warnings
    from sharaka.sustainability.models import EarlyWarning
    from sharaka.workspace import queries

    monkeypatch.setattr(queries, "WARNINGS_CAP", 3)
    rule = next(iter(warnings.RULES))
    for i in range(open_warnings):
        EarlyWarning.objects.create(
            project=world.project, rule=rule, key=f"k{i}", since=datetime.date(2026, 11, 1)
        )
    client.force_login(world.personas.officer)
    client.cookies["django_language"] = "en"
    world.personas.officer.language = "en"
    world.personas.officer.save()

    assert f"Sustainability dashboard {shown}" in client.get("/").content.decode()
