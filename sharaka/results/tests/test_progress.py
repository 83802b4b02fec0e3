"""On track means: the actual is at least 90 % of the way the straight line from baseline to target says."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace as NS

from sharaka.results.progress import NOT_MEASURED, OFF_TRACK, ON_TRACK, indicator_progress, share_on_track


def _indicator(baseline=D("0"), ascending=True, measure="1"):
    return NS(baseline_value=baseline, ascending=ascending, measure=measure)


def _period(start, end, target=None, actual=None):
    return NS(start=datetime.date(*start), end=datetime.date(*end), target=target, actual=actual)


YEAR = [
    _period((2026, 1, 1), (2026, 6, 30), target=D("50")),
    _period((2026, 7, 1), (2026, 12, 31), target=D("100")),
]


def test_halfway_through_the_road_half_the_target_is_on_track():
    periods = [_period((2026, 1, 1), (2026, 6, 30), target=D("50"), actual=D("50")), YEAR[1]]
    progress = indicator_progress(_indicator(), periods)
    assert progress.state == ON_TRACK
    # 180 of 364 days: expected 49.45...; 50 is slightly ahead.
    assert progress.expected.quantize(D("0.01")) == D("49.45")


def test_a_third_of_the_way_at_half_time_is_off_track():
    periods = [_period((2026, 1, 1), (2026, 6, 30), target=D("50"), actual=D("30")), YEAR[1]]
    progress = indicator_progress(_indicator(), periods)
    assert progress.state == OFF_TRACK
    assert progress.gap.quantize(D("0.01")) == D("0.39")


def test_ninety_percent_of_the_line_is_still_on_track_eighty_nine_is_not():
    periods = [_period((2026, 1, 1), (2026, 12, 31), target=D("100"), actual=D("90"))]
    assert indicator_progress(_indicator(), periods).state == ON_TRACK
    periods = [_period((2026, 1, 1), (2026, 12, 31), target=D("100"), actual=D("89.99"))]
    assert indicator_progress(_indicator(), periods).state == OFF_TRACK


def test_a_descending_indicator_is_on_track_when_it_goes_down_fast_enough():
    # Water losses from 40 % to 20 %: at the end of the road 22 % is 90 % of the way.
    falling = _indicator(baseline=D("40"), ascending=False, measure="2")
    assert (
        indicator_progress(falling, [_period((2026, 1, 1), (2026, 12, 31), D("20"), D("22"))]).state
        == ON_TRACK
    )
    assert (
        indicator_progress(falling, [_period((2026, 1, 1), (2026, 12, 31), D("20"), D("30"))]).state
        == OFF_TRACK
    )


def test_without_baseline_target_or_actual_nothing_is_measured():
    assert indicator_progress(_indicator(baseline=None), YEAR).state == NOT_MEASURED
    assert indicator_progress(_indicator(), YEAR).state == NOT_MEASURED
    assert indicator_progress(_indicator(measure="5"), YEAR).state == NOT_MEASURED


def test_the_project_share_counts_only_measured_indicators():
    on = indicator_progress(_indicator(), [_period((2026, 1, 1), (2026, 12, 31), D("10"), D("10"))])
    off = indicator_progress(_indicator(), [_period((2026, 1, 1), (2026, 12, 31), D("10"), D("1"))])
    none = indicator_progress(_indicator(baseline=None), YEAR)
    assert share_on_track([on, off, none]) == (1, 2)
