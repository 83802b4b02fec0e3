"""A project's results chain read for a page, in a fixed number of queries, and its progress.

`load_chain(project, user)` gives the results (impact first, then outcomes, then outputs), each with
its indicators, each with its periods (oldest first), its progress (`progress.indicator_progress`)
and its chart (`chart.geometry`). Each period carries the status of its latest update this user may
see (`latest_status`): a partner sees approved updates only, so never learns a draft exists.
`project_share(project)` is the project's share of indicators on track, for the project's page.
"""

from django.db.models import OuterRef, Prefetch, Subquery

from sharaka.results import access, chart, progress
from sharaka.results.models import Indicator, Period, Result, Update


def _periods(user):
    latest = access.visible_updates(user, Update.objects.filter(period=OuterRef("pk"))).order_by(
        "-created_at", "-id"
    )
    return Period.objects.order_by("start", "end", "id").annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_update_id=Subquery(latest.values("pk")[:1]),
    )


def load_chain(project, user) -> list[Result]:
    """Results → indicators → periods in four queries, whatever their number."""
    results = list(
        Result.objects.filter(project=project).prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("position", "id").prefetch_related(
                    Prefetch("periods", queryset=_periods(user))
                ),
            )
        )
    )
    for result in results:
        for indicator in result.indicators.all():
            periods = list(indicator.periods.all())
            indicator.progress = progress.indicator_progress(indicator, periods)
            indicator.chart = chart.geometry(indicator, periods)
    return results


def share_of(results) -> tuple[int, int]:
    return progress.share_on_track(
        indicator.progress for result in results for indicator in result.indicators.all()
    )


def project_share(project) -> tuple[int, int, int]:
    """(on track, measured, all indicators) for the project, in two queries. Actuals come from approved
    updates only, so this is the same for every reader."""
    indicators = list(
        Indicator.objects.filter(result__project=project).prefetch_related(
            Prefetch("periods", queryset=Period.objects.order_by("start", "end", "id"))
        )
    )
    on_track, measured = progress.share_on_track(
        progress.indicator_progress(indicator, list(indicator.periods.all())) for indicator in indicators
    )
    return on_track, measured, len(indicators)
