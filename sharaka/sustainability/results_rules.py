"""The results app's two early-warning rules, registered by apps.py when results is installed.

The results app computes them (`results/warning_rules.py`: one definition of "overdue" and of "off
track", bounded queries, frozen-clock tests there); this module words them and says where to fix
them. Results never imports sustainability.

- `reports_overdue`: a funded project owes reports past their due date (one warning per project);
- `indicators_off_track`: a funded project has indicators more than the results app's tolerance
  below their line from baseline to target (one warning per project).
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy, ngettext

from sharaka.results import warning_rules
from sharaka.sustainability.warnings import Rule, _day, register


def _url(name: str, project_id: int) -> str:
    """The results page `name` of the project once it exists, else the project's page."""
    try:
        return reverse(name, kwargs={"pk": project_id})
    except NoReverseMatch:
        return reverse("project_detail", kwargs={"pk": project_id})


def _items(found):
    for item in found:
        yield item["project_id"], f"project:{item['project_id']}", item["details"]


def _reports_message(d: dict) -> str:
    return ngettext(
        "%(count)s report of this project is overdue; the oldest was due on %(due)s.",
        "%(count)s reports of this project are overdue; the oldest was due on %(due)s.",
        d["count"],
    ) % {"count": d["count"], "due": _day(d["oldest_due"])}


def _indicators_message(d: dict) -> str:
    # Each title isolated (FSI … PDI): an Arabic title in a French message keeps its place and its full stop.
    titles = [f"\u2068{i['title']}\u2069" for i in d["indicators"]]
    return ngettext(
        "%(count)s indicator is off track: %(titles)s.",
        "%(count)s indicators are off track: %(titles)s.",
        len(titles),
    ) % {"count": len(titles), "titles": " · ".join(titles)}


register(
    Rule(
        code=warning_rules.OVERDUE_REPORTS,
        title=gettext_lazy("Reports overdue"),
        find=lambda today: _items(warning_rules.overdue_reports(today)),
        message=_reports_message,
        fix=lambda w: _url("schedule_project", w.project_id),
    )
)
register(
    Rule(
        code=warning_rules.OFF_TRACK_INDICATORS,
        title=gettext_lazy("Indicators off track"),
        find=lambda today: _items(warning_rules.off_track_indicators(today)),
        message=_indicators_message,
        fix=lambda w: _url("results_project", w.project_id),
    )
)
