"""Two rules for the daily early-warnings engine (sustainability app): pure reads, one item per project.

Both look only at funded projects that are not archived (`projects.pipeline.FUNDED`), read with a
bounded number of queries whatever the number of projects (aggregated in the database, or iterated in
chunks with their periods prefetched), and take `today` so that tests freeze the clock.

- `overdue_reports`: a project whose due reports are past their due date and not marked made
  (`schedules.overdue`: active schedules only).
- `off_track_indicators`: a project with indicators whose progress (`progress.indicator_progress`,
  over approved actuals, periods started by `today`) is more than `threshold` below the line. An
  indicator that went backwards from its baseline while the line had not moved yet is off track with
  `ratio` None.
"""

import datetime
import itertools
from decimal import Decimal

from django.db.models import Count, Min

from sharaka.core.multilingual import best
from sharaka.projects.pipeline import FUNDED
from sharaka.results import progress, schedules
from sharaka.results.models import Indicator, Period

OVERDUE_REPORTS = "reports_overdue"
OFF_TRACK_INDICATORS = "indicators_off_track"


def overdue_reports(today: datetime.date) -> list[dict]:
    rows = (
        schedules.overdue(today)
        .filter(
            schedule__project__isnull=False,
            schedule__project__status__in=FUNDED,
            schedule__project__archived_at__isnull=True,
        )
        .values("schedule__project_id")
        .annotate(count=Count("id"), oldest=Min("due_on"))
        .order_by("schedule__project_id")
    )
    return [
        {
            "project_id": row["schedule__project_id"],
            "key": OVERDUE_REPORTS,
            "details": {
                "count": row["count"],
                "oldest_due": row["oldest"].isoformat(),
                "days_late": (today - row["oldest"]).days,
            },
        }
        for row in rows
    ]


def off_track_indicators(today: datetime.date, threshold: Decimal = progress.TOLERANCE) -> list[dict]:
    floor = 1 - Decimal(threshold)
    # Rows as named tuples, not model instances: the rule reads every period of every funded project
    # (2.2 million at national scale), and building a model object per row was most of its time.
    indicators = (
        Indicator.objects.filter(
            result__project__status__in=FUNDED,
            result__project__archived_at__isnull=True,
            baseline_value__isnull=False,
        )
        .exclude(measure=Indicator.Measure.QUALITATIVE)
        .order_by("result__project_id", "id")
        .values_list(
            "id",
            "measure",
            "baseline_value",
            "ascending",
            "title_ar",
            "title_fr",
            "title_en",
            "result__project_id",
            named=True,
        )
    )
    found: dict[int, list[dict]] = {}
    for chunk in itertools.batched(indicators.iterator(chunk_size=CHUNK), CHUNK):
        periods: dict[int, list] = {}
        for period in Period.objects.filter(
            indicator_id__in=[i.id for i in chunk], start__lte=today
        ).values_list("indicator_id", "start", "end", "target", "actual", named=True):
            periods.setdefault(period.indicator_id, []).append(period)
        for indicator in chunk:
            measured = progress.indicator_progress(indicator, periods.get(indicator.id, []))
            if measured.state == progress.NOT_MEASURED:
                continue
            if measured.ratio is None and measured.state == progress.OFF_TRACK:
                ratio = None
            elif measured.ratio is not None and measured.ratio < floor:
                ratio = str(measured.ratio.quantize(Decimal("0.01")))
            else:
                continue
            found.setdefault(indicator.result__project_id, []).append(
                {"id": indicator.id, "title": best(indicator, "title"), "ratio": ratio}
            )
    return [
        {"project_id": project_id, "key": OFF_TRACK_INDICATORS, "details": {"indicators": items}}
        for project_id, items in found.items()
    ]


CHUNK = 1000
