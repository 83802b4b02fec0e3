"""The two rules read from the results app (sustainability/results_rules.py), with a frozen clock."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from sharaka.core.testing import make_project
from sharaka.sustainability import warnings
from sharaka.sustainability.models import EarlyWarning

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def _indicator(project, *, actual):
    from sharaka.results.models import Indicator, Period, Result

    result = Result.objects.create(project=project, type="2", title_fr="Accès à l'eau")
    indicator = Indicator.objects.create(
        result=result, title_fr="Foyers raccordés", baseline_value=Decimal(0), baseline_year=2025
    )
    Period.objects.create(
        indicator=indicator,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        target=Decimal(100),
        actual=actual,
    )
    Period.objects.create(
        indicator=indicator,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        target=Decimal(200),
    )
    return indicator


def _running():
    return make_project(code="AOU-R-1", status="in_implementation", planned_end=datetime.date(2028, 12, 31))


def test_an_indicator_below_its_line_is_warned_until_it_catches_up():
    project = _running()
    indicator = _indicator(project, actual=Decimal(50))  # half-way to where the line says: 100

    warnings.refresh(today=TODAY)

    warning = EarlyWarning.objects.get(rule="indicator_off_track", resolved_at__isnull=True)
    assert warning.project == project
    assert warning.details["share"] == "50"
    with translation.override("en"):
        assert "Foyers raccordés" in warning.message and "at 50%" in warning.message

    period = indicator.periods.get(start=datetime.date(2025, 1, 1))
    period.actual = Decimal(95)  # within the tolerance of the line
    period.save()
    assert warnings.refresh(today=TODAY)["resolved"] == 1
    assert warnings.refresh(today=TODAY) == {"opened": 0, "updated": 0, "resolved": 0}


def test_an_indicator_on_track_or_unmeasured_is_not_warned():
    _indicator(_running(), actual=Decimal(100))
    _indicator(make_project(code="AOU-R-2", status="in_implementation"), actual=None)
    warnings.refresh(today=TODAY)
    assert not EarlyWarning.objects.filter(rule="indicator_off_track").exists()


def test_a_report_past_due_is_warned_until_made(personas):
    from django.utils import timezone

    from sharaka.results.models import DueReport, ReportingSchedule

    project = _running()
    schedule = ReportingSchedule.objects.create(
        project=project,
        frequency="quarterly",
        starts_on=datetime.date(2026, 7, 1),
        responsible=personas.manager,
    )
    report = DueReport.objects.create(
        schedule=schedule,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        due_on=datetime.date(2026, 10, 15),
    )
    DueReport.objects.create(
        schedule=schedule,
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 12, 31),
        due_on=datetime.date(2027, 1, 15),
    )

    warnings.refresh(today=TODAY)
    warning = EarlyWarning.objects.get(rule="report_overdue", resolved_at__isnull=True)
    assert warning.key == f"report:{report.pk}"
    with translation.override("fr"):
        assert (
            warning.message
            == "Le rapport du 01/07/2026 au 30/09/2026 était dû le 15/10/2026 et n'est pas fait."
        )

    report.done_at, report.done_by = timezone.now(), personas.manager
    report.save()
    assert warnings.refresh(today=TODAY)["resolved"] == 1
