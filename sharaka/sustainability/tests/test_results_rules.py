"""The results app's two rules as early warnings (sustainability/results_rules.py): stored, worded
in the reader's language, resolved once fixed; with a frozen clock. The rules' own definitions are
tested in results/tests/test_warning_rules.py."""

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


def _running(code="AOU-R-1"):
    return make_project(code=code, status="in_implementation", planned_end=datetime.date(2028, 12, 31))


def test_indicators_below_their_line_are_warned_until_they_catch_up():
    project = _running()
    indicator = _indicator(project, actual=Decimal(50))  # half-way to where the line says: 100

    warnings.refresh(today=TODAY)

    warning = EarlyWarning.objects.get(rule="indicators_off_track", resolved_at__isnull=True)
    assert (warning.project, warning.key) == (project, f"project:{project.pk}")
    with translation.override("en"):
        assert warning.message == "1 indicator is off track: \u2068Foyers raccordés\u2069."
    assert warning.fix_url.startswith("/")

    period = indicator.periods.get(start=datetime.date(2025, 1, 1))
    period.actual = Decimal(95)  # within the tolerance of the line
    period.save()
    assert warnings.refresh(today=TODAY)["resolved"] == 1
    assert warnings.refresh(today=TODAY) == {"opened": 0, "updated": 0, "resolved": 0}


def test_an_indicator_on_track_or_unmeasured_is_not_warned():
    _indicator(_running(), actual=Decimal(100))
    _indicator(_running("AOU-R-2"), actual=None)
    warnings.refresh(today=TODAY)
    assert not EarlyWarning.objects.filter(rule="indicators_off_track").exists()


def test_reports_past_due_are_warned_until_made(personas):
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
    warning = EarlyWarning.objects.get(rule="reports_overdue", resolved_at__isnull=True)
    with translation.override("fr"):
        assert (
            warning.message == "1 rapport de ce projet est en retard ; le plus ancien était dû le 15/10/2026."
        )
    assert warning.fix_url == f"/results/schedules/projects/{project.pk}/"

    report.done_at, report.done_by = timezone.now(), personas.manager
    report.save()
    assert warnings.refresh(today=TODAY)["resolved"] == 1
