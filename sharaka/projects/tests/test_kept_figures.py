"""The staff home's figures (projects/figures.py) stay equal to a direct count after every service
that changes what they count: a project created, its themes changed, moved, archived; a funder's
commitment added, changed, removed; an exchange rate entered or corrected."""

import datetime
from decimal import Decimal

import pytest

from sharaka.core.models import Theme
from sharaka.finance import services as finance_services
from sharaka.projects import figures
from sharaka.projects.models import ProjectPartner, StatusFigure, ThemeCommitment, ThemeFigure
from sharaka.projects.services import (
    project_advance,
    project_archive,
    project_create,
    project_partner_add,
    project_partner_commit,
    project_partner_remove,
    project_update,
)

JAN_15 = datetime.date(2026, 1, 15)


@pytest.fixture
def water(db):
    return Theme.objects.get(kind="area", code="water_energy")


@pytest.fixture
def roads(db):
    return Theme.objects.get(kind="objective", code="infrastructure")


def _create(actor, code, themes):
    data = {"code": code, "title_fr": f"Projet {code}", "title_en": f"Project {code}", "title_ar": "مشروع"}
    return project_create(actor=actor, data=data, themes=themes)


def _fund(actor, project, organisation, amount, currency="EUR", on=JAN_15):
    return project_partner_add(
        actor=actor,
        project=project,
        data={
            "organisation": organisation,
            "role": ProjectPartner.Role.FUNDING,
            "committed_amount": Decimal(amount),
            "currency": currency,
            "committed_on": on,
        },
    )


def _commitment(theme, currency):
    return ThemeCommitment.objects.filter(theme=theme, currency=currency).first()


def test_a_project_created_is_counted_in_its_status_and_themes(personas, water, roads):
    _create(personas.officer, "AOU-K-001", [water, roads])
    _create(personas.officer, "AOU-K-002", [water])

    assert figures.differences() == []
    assert StatusFigure.objects.get(status="idea").projects == 2
    assert ThemeFigure.objects.get(theme=water).projects == 2
    assert ThemeFigure.objects.get(theme=roads).projects == 1


def test_changing_a_projects_themes_moves_its_count_and_its_commitments(personas, water, roads):
    project = _create(personas.officer, "AOU-K-001", [water])
    _fund(personas.officer, project, personas_org(), "1000.00", currency="MAD")

    project_update(
        actor=personas.officer, project=project, data={}, expected_version=project.version, themes=[roads]
    )

    assert figures.differences() == []
    assert not ThemeFigure.objects.filter(theme=water).exists()
    assert ThemeFigure.objects.get(theme=roads).projects == 1
    assert _commitment(water, "MAD") is None
    assert _commitment(roads, "MAD").amount_mad == Decimal("1000.00")


def test_a_move_along_the_pipeline_moves_the_count_between_statuses(personas, water):
    project = _create(personas.officer, "AOU-K-001", [water])

    project_advance(actor=personas.officer, project=project, to="concept_note")

    assert figures.differences() == []
    assert not StatusFigure.objects.filter(status="idea").exists()
    assert StatusFigure.objects.get(status="concept_note").projects == 1


def test_an_archived_project_leaves_every_figure(personas, water):
    project = _create(personas.officer, "AOU-K-001", [water])
    _fund(personas.officer, project, personas_org(), "500.00", currency="MAD")

    project_archive(actor=personas.officer, project=project, reason="Doublon")

    assert figures.differences() == []
    assert figures.kept() == {}


def test_a_commitment_without_a_rate_is_counted_apart_until_its_rate_is_entered(personas, water):
    project = _create(personas.officer, "AOU-K-001", [water])
    _fund(personas.officer, project, personas_org(), "1000.00")

    assert figures.differences() == []
    row = _commitment(water, "EUR")
    assert (row.amount, row.amount_mad, row.commitments, row.without_rate) == (Decimal("1000.00"), 0, 1, 1)

    finance_services.rate_set(actor=personas.finance, currency="EUR", date=JAN_15, rate="11", source="BAM")

    assert figures.differences() == []
    row = _commitment(water, "EUR")
    assert (row.amount_mad, row.without_rate) == (Decimal("11000.00"), 0)

    finance_services.rate_set(actor=personas.finance, currency="EUR", date=JAN_15, rate="10.5", source="BAM")

    assert figures.differences() == []
    assert _commitment(water, "EUR").amount_mad == Decimal("10500.00")


def test_a_rate_that_does_not_apply_to_a_commitment_changes_nothing(personas, water):
    project = _create(personas.officer, "AOU-K-001", [water])
    _fund(personas.officer, project, personas_org(), "1000.00")

    # Dated after the value date, and in another currency: neither applies to it.
    finance_services.rate_set(
        actor=personas.finance, currency="EUR", date=datetime.date(2026, 1, 16), rate="11", source="BAM"
    )
    finance_services.rate_set(actor=personas.finance, currency="USD", date=JAN_15, rate="10", source="BAM")

    assert figures.differences() == []
    assert _commitment(water, "EUR").without_rate == 1


def test_a_new_commitment_replaces_the_old_one_in_the_figures(personas, water):
    finance_services.rate_set(actor=personas.finance, currency="EUR", date=JAN_15, rate="11", source="BAM")
    project = _create(personas.officer, "AOU-K-001", [water])
    participation = _fund(personas.officer, project, personas_org(), "1000.00")

    project_partner_commit(
        actor=personas.officer,
        participation=participation,
        amount=Decimal("2000.00"),
        currency="USD",
        committed_on=JAN_15,
    )

    assert figures.differences() == []
    assert _commitment(water, "EUR") is None
    row = _commitment(water, "USD")
    assert (row.amount, row.without_rate) == (Decimal("2000.00"), 1)


def test_a_funder_removed_leaves_the_figures(personas, water):
    project = _create(personas.officer, "AOU-K-001", [water])
    participation = _fund(personas.officer, project, personas_org(), "1000.00", currency="MAD")

    project_partner_remove(actor=personas.officer, participation=participation)

    assert figures.differences() == []
    assert _commitment(water, "MAD") is None


def test_differences_name_a_kept_row_that_disagrees_and_rebuild_repairs_it(personas, water):
    _create(personas.officer, "AOU-K-001", [water])
    ThemeFigure.objects.filter(theme=water).update(projects=5)

    assert figures.differences() == [(("theme", water.pk), (5,), (1,))]

    figures.rebuild()

    assert figures.differences() == []
    assert ThemeFigure.objects.get(theme=water).projects == 1


def personas_org():
    from sharaka.partners.models import Organisation

    return Organisation.objects.get(acronym="UNDP")
