"""What the public side reads of a project's results: the chain, its periods' targets and actuals.

Approved values only, by construction: a period's `actual` is fed by approved updates alone
(`results.services.recompute_actual`), and nothing here reads an update. The portal's project page,
the IATI file, the pre-publication checks and the open data all read the chain through `attach`,
three queries for any number of projects (results, indicators, periods), never one per project.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from sharaka.core.multilingual import CONTENT_LANGUAGES
from sharaka.results.models import Indicator, Period, Result
from sharaka.results.progress import NOT_MEASURED, OFF_TRACK, ON_TRACK, indicator_progress, share_on_track

# The portal's own words for the levels and states (translated in the portal's catalogue, zgh too).
LEVELS = {
    Result.Type.IMPACT: _("Impact"),
    Result.Type.OUTCOME: _("Outcome"),
    Result.Type.OUTPUT: _("Output"),
}
STATES = {
    ON_TRACK: _("On track"),
    OFF_TRACK: _("Off track"),
    NOT_MEASURED: _("Not measured yet"),
}
MEASURES = {
    Indicator.Measure.UNIT: _("Number"),
    Indicator.Measure.PERCENTAGE: _("Percentage"),
    Indicator.Measure.QUALITATIVE: _("Qualitative"),
}

_TEXT = [f"{base}_{code}" for base in ("title", "description") for code in CONTENT_LANGUAGES]
RESULT_FIELDS = ("id", "project_id", "type", "position", *_TEXT)
INDICATOR_FIELDS = (
    "id",
    "result_id",
    "measure",
    "ascending",
    "baseline_value",
    "baseline_year",
    "position",
    *_TEXT,
    *(f"unit_{code}" for code in CONTENT_LANGUAGES),
)
PERIOD_FIELDS = ("id", "indicator_id", "start", "end", "target", "actual")
# The chain read from the top (impact, outcome, output), as `Result.Meta.ordering` without its
# "project" (which would join and sort the projects): each row goes to its parent's list, so only
# the order within a parent matters, at every level.
RESULT_ORDER = ("-type", "position", "id")


def attach(projects) -> None:
    """Give each project `public_results` (its results in chain order), each result
    `public_indicators`, each indicator `public_periods` and `progress`: three queries in all
    (fewer when there is nothing to read at the next level), by the ids read at the level above."""
    by_project = {project.pk: project for project in projects}
    for project in by_project.values():
        project.public_results = []
    if not by_project:
        return
    results = {}
    for result in (
        Result.objects.filter(project_id__in=by_project).only(*RESULT_FIELDS).order_by(*RESULT_ORDER)
    ):
        result.public_indicators = []
        results[result.pk] = result
        by_project[result.project_id].public_results.append(result)
    if not results:
        return
    indicators = {}
    for indicator in (
        Indicator.objects.filter(result_id__in=results).only(*INDICATOR_FIELDS).order_by("position", "id")
    ):
        indicator.public_periods = []
        indicators[indicator.pk] = indicator
        results[indicator.result_id].public_indicators.append(indicator)
    if not indicators:
        return
    periods = (
        Period.objects.filter(indicator_id__in=indicators).only(*PERIOD_FIELDS).order_by("start", "end", "id")
    )
    for period in periods:
        indicators[period.indicator_id].public_periods.append(period)
    for indicator in indicators.values():
        indicator.progress = indicator_progress(indicator, indicator.public_periods)


def chain(project) -> list:
    """The project's results, attached if they are not yet (one project: three queries)."""
    if not hasattr(project, "public_results"):
        attach([project])
    return project.public_results


def indicators(project):
    for result in chain(project):
        yield from result.public_indicators


def on_track(project) -> tuple[int, int]:
    """(on track, measured) over the project's indicators."""
    return share_on_track(indicator.progress for indicator in indicators(project))


def plain(value: Decimal | None) -> str:
    """A value as its shortest exact decimal text: 120, 12.5, -3.25 ("" for none)."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def road_share(indicator) -> int:
    """How far along the road from baseline to final target the latest actual is, 0 to 100, for the
    bar (either direction: a descending indicator moves down towards its target)."""
    progress = indicator.progress
    if progress.target is None or progress.actual is None or progress.baseline is None:
        return 0
    road = progress.target - progress.baseline
    if road == 0:
        return 100
    return max(0, min(100, round(100 * (progress.actual - progress.baseline) / road)))
