"""How far an indicator is along its road: actual against the straight line from baseline to target.

One definition, used by the project's results page, the portal, the early warnings and the reports:

- An indicator's road runs from its baseline (value; at the start of its first period) to its final
  target (the target of its last period with one; at the end of that period), in a straight line.
- Its latest measure is the actual of its latest period with an actual (approved values only feed
  actuals), read at the end of that period.
- Expected there = baseline + (final target − baseline) × elapsed share of the road.
- Progress = (actual − baseline) / (expected − baseline): 1 means exactly on the line; above is ahead.
  For a descending indicator the same formula holds (both differences are negative).
- On track when progress ≥ 1 − TOLERANCE; off track otherwise; "not measured" without a baseline,
  a final target or an actual (qualitative indicators are never measured this way).

Everything is Decimal; nothing is rounded until it is shown.
"""

import dataclasses
import datetime
from decimal import Decimal

# An indicator whose progress is below 90 % of where the line says it should be is off track.
TOLERANCE = Decimal("0.10")

ON_TRACK = "on_track"
OFF_TRACK = "off_track"
NOT_MEASURED = "not_measured"


@dataclasses.dataclass(frozen=True)
class Progress:
    state: str  # ON_TRACK, OFF_TRACK or NOT_MEASURED
    baseline: Decimal | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    expected: Decimal | None = None
    ratio: Decimal | None = None  # progress along the line (1 = on it)
    measured_on: datetime.date | None = None

    @property
    def gap(self) -> Decimal | None:
        """How far below the line, as a share (0.25 = a quarter short); None when on or above it."""
        if self.ratio is None or self.ratio >= 1:
            return None
        return 1 - self.ratio


def _days(a: datetime.date, b: datetime.date) -> int:
    return (b - a).days


def indicator_progress(indicator, periods) -> Progress:
    """`periods`: the indicator's periods (any order), with `start`, `end`, `target`, `actual`."""
    if indicator.measure == "5" or indicator.baseline_value is None:
        return Progress(NOT_MEASURED)
    periods = sorted(periods, key=lambda p: (p.start, p.end))
    with_target = [p for p in periods if p.target is not None]
    with_actual = [p for p in periods if p.actual is not None]
    if not periods or not with_target or not with_actual:
        return Progress(NOT_MEASURED, baseline=indicator.baseline_value)
    baseline = indicator.baseline_value
    final = with_target[-1]
    latest = with_actual[-1]
    road_start, road_end = periods[0].start, final.end
    total = _days(road_start, road_end)
    elapsed = min(max(_days(road_start, latest.end), 0), total) if total > 0 else total
    share = Decimal(elapsed) / Decimal(total) if total > 0 else Decimal(1)
    expected = baseline + (final.target - baseline) * share
    common = dict(
        baseline=baseline,
        target=final.target,
        actual=latest.actual,
        expected=expected,
        measured_on=latest.end,
    )
    if expected == baseline:
        # At the very start of the road (or a target equal to the baseline): on track unless it went backwards.
        backwards = latest.actual < baseline if indicator.ascending else latest.actual > baseline
        return Progress(
            OFF_TRACK if backwards else ON_TRACK, ratio=None if backwards else Decimal(1), **common
        )
    ratio = (latest.actual - baseline) / (expected - baseline)
    return Progress(ON_TRACK if ratio >= 1 - TOLERANCE else OFF_TRACK, ratio=ratio, **common)


def share_on_track(progresses) -> tuple[int, int]:
    """(on track, measured): the project's share of indicators on track, over those that can be measured."""
    measured = [p for p in progresses if p.state != NOT_MEASURED]
    return sum(1 for p in measured if p.state == ON_TRACK), len(measured)
