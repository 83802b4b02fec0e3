"""The chart's geometry: time along the reading direction, higher values higher, nothing to draw without numbers."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace as NS

from django.utils import translation

from sharaka.results.chart import geometry


def _indicator(baseline=D("0"), measure="1"):
    return NS(baseline_value=baseline, is_qualitative=measure == "5")


def _period(start, end, target=None, actual=None):
    return NS(start=datetime.date(*start), end=datetime.date(*end), target=target, actual=actual)


PERIODS = [
    _period((2026, 1, 1), (2026, 6, 30), target=D("50"), actual=D("40")),
    _period((2026, 7, 1), (2026, 12, 31), target=D("100"), actual=D("90")),
]


def test_time_runs_left_to_right_in_french_and_right_to_left_in_arabic():
    with translation.override("fr"):
        ltr = geometry(_indicator(), PERIODS)
    with translation.override("ar"):
        rtl = geometry(_indicator(), PERIODS)
    assert ltr["actuals"][0].x < ltr["actuals"][1].x
    assert rtl["actuals"][0].x > rtl["actuals"][1].x
    assert ltr["axis_x"] < ltr["end_x"] and rtl["axis_x"] > rtl["end_x"]
    # The same heights either way; a higher value is drawn higher (a smaller y).
    assert [p.y for p in ltr["actuals"]] == [p.y for p in rtl["actuals"]]
    assert ltr["actuals"][1].y < ltr["actuals"][0].y


def test_the_road_runs_from_the_baseline_to_the_final_target():
    with translation.override("fr"):
        chart = geometry(_indicator(baseline=D("10")), PERIODS)
    x1, y1, x2, y2 = chart["road"]
    assert x1 < x2 and y2 < y1
    assert chart["actual_path"].count(",") == 3  # the baseline and two actuals
    assert [label for _y, label in chart["ticks"]] == ["0", "10", "100"]


def test_nothing_is_drawn_for_a_qualitative_indicator_or_without_numbers():
    assert geometry(_indicator(measure="5"), PERIODS) is None
    assert geometry(_indicator(), []) is None
    assert geometry(_indicator(baseline=None), [_period((2026, 1, 1), (2026, 6, 30))]) is None


def test_a_flat_indicator_and_a_single_day_do_not_divide_by_zero():
    chart = geometry(_indicator(), [_period((2026, 1, 1), (2026, 1, 1), target=D("0"), actual=D("0"))])
    assert chart is not None and chart["targets"]
