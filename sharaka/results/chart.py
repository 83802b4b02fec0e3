"""An indicator's chart, computed on the server: target against actual over time, drawn as SVG by
`templates/results/_chart.html` (no JavaScript, no library).

Time runs along the reading direction: left to right in French and English, right to left in
Arabic (the earliest period on the right, the value axis on the right too). Three marks:

- the road: the straight line from the baseline (at the start of the first period) to the final
  target (at the end of its period): where progress.py says the indicator should be;
- the targets: a square at the end of each period with a target;
- the actuals: a line from the baseline through the actual of each period that has one (approved
  values only), a dot on each.

The same numbers are in the periods' table under the chart, which is its text alternative.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.utils import translation

from sharaka.results.templatetags.results import format_value

WIDTH, HEIGHT = 360, 170
PAD_AXIS, PAD_END, PAD_TOP, PAD_BOTTOM = 56, 14, 12, 30


@dataclasses.dataclass
class Point:
    x: float
    y: float
    label: str


def _r(number: float) -> float:
    return round(number, 1)


def geometry(indicator, periods) -> dict | None:
    """What the template draws, or None when there is nothing to draw (qualitative, no period, or no
    baseline, target nor actual)."""
    if indicator.is_qualitative or not periods:
        return None
    periods = sorted(periods, key=lambda p: (p.start, p.end))
    baseline = indicator.baseline_value
    values = [
        v for v in [baseline, *(p.target for p in periods), *(p.actual for p in periods)] if v is not None
    ]
    if not values:
        return None
    rtl = translation.get_language_bidi()
    t0, t1 = periods[0].start, max(p.end for p in periods)
    span = max((t1 - t0).days, 1)
    low, high = min([*values, Decimal(0)]), max([*values, Decimal(0)])
    if high == low:
        high = low + 1
    plot_w = WIDTH - PAD_AXIS - PAD_END
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(day: datetime.date) -> float:
        share = (day - t0).days / span
        along = PAD_AXIS + share * plot_w
        return _r(WIDTH - along if rtl else along)

    def y(value: Decimal) -> float:
        return _r(PAD_TOP + float((high - value) / (high - low)) * plot_h)

    # A square centred on the period's end: its corner is 4 units before and above.
    targets = [
        Point(_r(x(p.end) - 4), _r(y(p.target) - 4), format_value(p.target))
        for p in periods
        if p.target is not None
    ]
    actuals = [Point(x(p.end), y(p.actual), format_value(p.actual)) for p in periods if p.actual is not None]
    line = ([Point(x(t0), y(baseline), format_value(baseline))] if baseline is not None else []) + actuals
    with_target = [p for p in periods if p.target is not None]
    road = None
    if baseline is not None and with_target:
        final = with_target[-1]
        road = (x(t0), y(baseline), x(final.end), y(final.target))
    axis_x = _r(WIDTH - PAD_AXIS if rtl else PAD_AXIS)
    label_x = _r(axis_x + 4 if rtl else axis_x - 4)
    ticks = [
        (y(v), format_value(v)) for v in sorted({low, high, *([baseline] if baseline is not None else [])})
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "rtl": rtl,
        "axis_x": axis_x,
        "end_x": _r(PAD_END if rtl else WIDTH - PAD_END),
        "base_y": _r(PAD_TOP + plot_h),
        "top_y": PAD_TOP,
        "label_x": label_x,
        "label_anchor": "start" if rtl else "end",
        "ticks": ticks,
        "zero_y": y(Decimal(0)),
        "time_y": HEIGHT - 10,
        "start": (x(t0), t0.strftime("%Y-%m"), "end" if rtl else "start"),
        "end": (x(t1), t1.strftime("%Y-%m"), "start" if rtl else "end"),
        "road": road,
        "targets": targets,
        "actual_path": " ".join(f"{p.x},{p.y}" for p in line) if len(line) > 1 else "",
        "actuals": actuals,
    }
