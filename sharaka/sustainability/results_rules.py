"""Two early-warning rules read from the results app (registered by apps.py when it is installed):

- `indicator_off_track`: an indicator of a funded, active project is off track — below the
  straight line from baseline to target by more than the results app's tolerance
  (`results.progress`, the one definition of "on track");
- `report_overdue`: a report a project owes (results.DueReport of a project's schedule) is past its
  due date and not made.

Results never imports sustainability: this module reads results' models and its progress function.
Each rule runs in two queries whatever the number of projects.
"""

from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.projects.pipeline import FUNDED
from sharaka.sustainability.warnings import Rule, _day, register


def _results_url(project_id: int) -> str:
    """The project's results page once the results app has one, else the project's page."""
    try:
        return reverse("results_project", kwargs={"pk": project_id})
    except NoReverseMatch:
        return reverse("project_detail", kwargs={"pk": project_id})


def _off_track(today):
    from sharaka.results import progress
    from sharaka.results.models import Indicator

    indicators = (
        Indicator.objects.filter(
            result__project__archived_at__isnull=True, result__project__status__in=FUNDED
        )
        .exclude(measure=Indicator.Measure.QUALITATIVE)
        .exclude(baseline_value__isnull=True)
        .select_related("result")
        .prefetch_related("periods")
    )
    for indicator in indicators:
        found = progress.indicator_progress(indicator, list(indicator.periods.all()))
        if found.state != progress.OFF_TRACK:
            continue
        share = Decimal(100) * (found.ratio if found.ratio is not None else Decimal(0))
        yield (
            indicator.result.project_id,
            f"indicator:{indicator.pk}",
            {
                "indicator": indicator.pk,
                "title": str(indicator),
                "share": str(share.quantize(Decimal("1"))),
                "measured": found.measured_on.isoformat(),
            },
        )


register(
    Rule(
        code="indicator_off_track",
        title=gettext_lazy("Indicators off track"),
        find=_off_track,
        message=lambda d: (
            _(
                "The indicator “%(title)s” stood on %(measured)s at %(share)s%% of where its line from "
                "baseline to target says it should be."
            )
            % {"title": d["title"], "measured": _day(d["measured"]), "share": d["share"]}
        ),
        fix=lambda w: _results_url(w.project_id),
    )
)


def _reports_overdue(today):
    from sharaka.results.models import DueReport

    overdue = DueReport.objects.filter(
        done_at__isnull=True,
        due_on__lt=today,
        schedule__active=True,
        schedule__project__isnull=False,
        schedule__project__archived_at__isnull=True,
    ).values_list("pk", "schedule__project_id", "due_on", "period_start", "period_end")
    for pk, project_id, due_on, start, end in overdue:
        yield (
            project_id,
            f"report:{pk}",
            {"report": pk, "due": due_on.isoformat(), "start": start.isoformat(), "end": end.isoformat()},
        )


register(
    Rule(
        code="report_overdue",
        title=gettext_lazy("Reports overdue"),
        find=_reports_overdue,
        message=lambda d: (
            _("The report for %(start)s – %(end)s was due on %(due)s and is not made.")
            % {"start": _day(d["start"]), "end": _day(d["end"]), "due": _day(d["due"])}
        ),
        fix=lambda w: _results_url(w.project_id),
    )
)
