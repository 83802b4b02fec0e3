"""The organisation file written from the budget years kept beside the fragments is, byte for byte,
the file computed project by project (but for its generated datetimes), after every change that moves
its figures, and it reads the same number of queries for 3 projects as for 30."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sharaka.core import kept
from sharaka.portal.iati import fragments, writer
from sharaka.portal.models import ActivityBudgetYear
from sharaka.portal.tests import iati_check
from sharaka.portal.tests.helpers import publishable_project
from sharaka.portal.tests.test_iati_fragments import scene  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

STAMPS = re.compile(rb'(generated|last-updated)-datetime="[^"]*"')


def _without_stamps(data: bytes) -> bytes:
    return STAMPS.sub(rb'\1-datetime=""', data)


def kept_file() -> bytes:
    return _without_stamps(b"".join(fragments.organisation_chunks()))


def from_scratch() -> bytes:
    return _without_stamps(b"".join(writer.organisation_chunks()))


def _budget(s, project, amount):
    """A budget line for `project`, funded by the commune (through the services)."""
    _line(s.personas.finance, project, amount)


def _line(actor, project, amount):
    from sharaka.finance import services
    from sharaka.finance.models import Funder

    funder = Funder.objects.filter(project=project).first() or services.funder_set(
        actor=actor,
        project=project,
        data={"kind": Funder.Kind.COMMUNE, "name": "Commune", "currency": "MAD", "cash": amount},
    )
    services.budget_line_set(actor=actor, project=project, category="works", funder=funder, amount_mad=amount)


def _add_budget_line(s):
    _budget(s, s.project, "250000.00")


def _remove_budget_line(s):
    from sharaka.finance import services
    from sharaka.finance.models import BudgetLine

    services.budget_line_remove(
        actor=s.personas.finance, line=BudgetLine.objects.filter(project=s.project).first()
    )


def _move_dates(s):
    from sharaka.projects import services

    s.other.refresh_from_db()
    services.project_update(
        actor=s.personas.officer,
        project=s.other,
        data={"planned_start": datetime.date(2025, 7, 1), "planned_end": datetime.date(2028, 6, 30)},
        expected_version=s.other.version,
    )


def _unpublish_project(s):
    from sharaka.portal import services

    services.project_unpublish(actor=s.personas.officer, project=s.project, reason="Revue")


def _publish_project(s):
    from sharaka.portal import services

    services.project_publish(actor=s.personas.officer, project=s.hidden)


def _record_disbursement(s):
    s.record(type="3", amount=Decimal("2500.00"), value_date=datetime.date(2026, 4, 2))


CHANGES = {
    "a budget line added": _add_budget_line,
    "a budget line removed": _remove_budget_line,
    "a project's dates moved": _move_dates,
    "a project unpublished": _unpublish_project,
    "a project published": _publish_project,
    "a disbursement recorded": _record_disbursement,
}


@pytest.fixture
def budgets(scene):  # noqa: F811
    """The scene, with a budget for the other public project and for the one not published."""
    _budget(scene, scene.other, "120000.00")
    _budget(scene, scene.hidden, "99999.00")
    assert kept_file() == from_scratch()
    return scene


@pytest.mark.parametrize("change", CHANGES)
def test_the_organisation_file_from_kept_budget_years_is_the_computed_file_after(budgets, change):
    before = kept_file()
    CHANGES[change](budgets)
    after = kept_file()  # no refresh called first: the file refreshes the fragments itself
    assert after != before
    assert after == from_scratch()
    assert iati_check.problems(b"".join(fragments.organisation_chunks())) == []
    assert kept.differences_all() == {}


def test_it_adds_up_the_public_projects_budget_years(budgets):
    # The project: 1,085,320.00 over its planned dates; the other: 120,000.00; the hidden one: none.
    years = dict(fragments.budget_years())
    assert years == dict(writer.budget_years())
    assert sum(years.values()) == Decimal("1205320.00")


def test_budget_years_changed_behind_the_services_back_are_a_difference(budgets):
    row = ActivityBudgetYear.objects.filter(fragment_id=budgets.other.pk).first()
    row.amount_mad += Decimal("1.00")
    row.save()
    assert kept.differences_all() == {
        "IATI activity fragments": [("activity budget years", budgets.other.code)]
    }
    ActivityBudgetYear.objects.filter(fragment_id=budgets.project.pk).delete()
    assert ("activity budget years", budgets.project.code) in kept.differences_all()[
        "IATI activity fragments"
    ]
    fragments.rebuild()
    assert kept.differences_all() == {}


def test_the_portal_serves_the_organisation_file_valid_against_the_schema(client, budgets):
    response = client.get(reverse("portal:iati_organisation"))
    data = b"".join(response.streaming_content)
    assert iati_check.problems(data) == []
    assert b"<total-budget" in data
    assert _without_stamps(data) == from_scratch()


def test_an_empty_organisation_file_is_the_same_too(db):
    assert kept_file() == from_scratch()


@pytest.mark.parametrize("projects", [3, 30])
def test_the_organisation_file_reads_the_same_queries_for_3_and_30_projects(
    personas, projects, django_assert_num_queries
):
    for _ in range(projects):
        _line(personas.finance, publishable_project(), "1000.00")
    fragments.rebuild()
    # The public ids, the ledger's head, the fresh fragments (nothing to rebuild, nothing written),
    # the budget years' sum, and the expenditure's running totals and this year's later transactions.
    with django_assert_num_queries(6):
        data = b"".join(fragments.organisation_chunks())
    assert data.count(b"<total-budget") >= 1
