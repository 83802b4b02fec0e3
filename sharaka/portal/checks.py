"""Pre-publication checks: what would make a project's IATI activity invalid or misleading, in plain
words for the unit. One function per check; `problems(project)` runs them all.

They mirror the IATI rulesets the tests run on the written file (dates in order, sector percentages
adding up to 100, a start date, a sector, codes from the codelists), so a project that passes here
writes a valid activity.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sharaka.core import codelists
from sharaka.core.multilingual import CONTENT_LANGUAGES, best
from sharaka.portal import chains
from sharaka.portal.iati import elements
from sharaka.projects.pipeline import FUNDED


def not_funded(project, today):
    if project.status not in FUNDED:
        return _("Only approved, ongoing, completed or closed projects are published.")
    return None


def archived(project, today):
    return _("The project is archived.") if project.archived_at else None


def no_summary(project, today):
    if not any(getattr(project, f"summary_{code}") for code in CONTENT_LANGUAGES):
        return _("No summary: citizens and partners would not know what the project does.")
    return None


def no_start_date(project, today):
    if not (project.planned_start or (project.actual_start and project.actual_start <= today)):
        return _("No start date (planned or actual).")
    return None


def dates_in_wrong_order(project, today):
    if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
        return _("Dates in the wrong order: the planned end is before the planned start.")
    if project.actual_start and project.actual_end and project.actual_end < project.actual_start:
        return _("Dates in the wrong order: the actual end is before the actual start.")
    return None


def actual_date_in_future(project, today):
    if (project.actual_start and project.actual_start > today) or (
        project.actual_end and project.actual_end > today
    ):
        return _("An actual date is in the future: use the planned dates for what has not happened yet.")
    return None


def no_sector(project, today):
    return None if project.sectors.all() else _("No sector: give at least one DAC sector.")


def sector_percentages(project, today):
    sectors = list(project.sectors.all())
    if sectors and sum(s.percentage for s in sectors) != 100:
        return _("The sector percentages add up to %(total)s %%, not 100 %%.") % {
            "total": sum(s.percentage for s in sectors)
        }
    return None


def unknown_sector(project, today):
    unknown = [s.code for s in project.sectors.all() if not codelists.is_code("Sector", s.code)]
    if unknown:
        return _("Unknown or withdrawn DAC sector code: %(codes)s.") % {"codes": ", ".join(unknown)}
    return None


def no_partner(project, today):
    return None if project.participations.all() else _("No partner organisation is named.")


def partner_without_name(project, today):
    for participation in project.participations.all():
        organisation = participation.organisation
        if not (
            organisation.iati_identifier
            or organisation.name_ar
            or organisation.name_fr
            or organisation.name_en
        ):
            return _("A partner has neither a name nor an IATI identifier.")
    return None


def no_locality(project, today):
    return None if project.localities.all() else _("No locality: the project would not appear on the map.")


def budget_without_end(project, today):
    start, end = elements.budget_dates(project)
    if elements.budget_total(project) and not (start and end):
        return _(
            "The project has a budget but no start or end date: its budget cannot be divided into years."
        )
    return None


def _year_later(start):
    try:
        return start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def budget_periods(project, today):
    """The budget as the IATI file gives it: each period in order and at most twelve months long."""
    for start, end, _amount in elements.budget_periods(project):
        dates = {"start": date_format(start), "end": date_format(end)}
        if end < start:
            return _("A budget period ends before it starts (%(start)s – %(end)s).") % dates
        if end >= _year_later(start):
            return (
                _(
                    "A budget period is longer than a year (%(start)s – %(end)s): IATI allows twelve months at most."
                )
                % dates
            )
    return None


# --- results: what the IATI file would leave out, or a reader could not make sense of ------------------


def _first(items, message):
    """The first offender named in the message (the unit fixes them one page at a time)."""
    for item in items:
        return message % {"title": best(item, "title")}
    return None


def _quantitative(project):
    return [i for i in chains.indicators(project) if i.measure != elements.QUALITATIVE]


def result_without_indicator(project, today):
    return _first(
        (r for r in chains.chain(project) if not r.public_indicators),
        _("The result “%(title)s” has no indicator: it cannot be published without one."),
    )


def indicator_without_baseline(project, today):
    return _first(
        (i for i in _quantitative(project) if i.baseline_value is None or not i.baseline_year),
        _("The indicator “%(title)s” has no baseline (value and year): progress cannot be measured."),
    )


def indicator_without_unit(project, today):
    return _first(
        (
            i
            for i in _quantitative(project)
            if i.measure == "1" and not any(getattr(i, f"unit_{c}") for c in CONTENT_LANGUAGES)
        ),
        _("The indicator “%(title)s” counts something but does not say what (its unit, such as households)."),
    )


def indicator_without_period(project, today):
    return _first(
        (i for i in chains.indicators(project) if not i.public_periods),
        _("The indicator “%(title)s” has no period: give at least one, with its dates and target."),
    )


def period_without_target(project, today):
    return _first(
        (i for i in _quantitative(project) if any(p.target is None for p in i.public_periods)),
        _("The indicator “%(title)s” has a period without a target."),
    )


CHECKS = [
    not_funded,
    archived,
    no_summary,
    no_start_date,
    dates_in_wrong_order,
    actual_date_in_future,
    no_sector,
    sector_percentages,
    unknown_sector,
    no_partner,
    partner_without_name,
    no_locality,
    budget_without_end,
    budget_periods,
    result_without_indicator,
    indicator_without_baseline,
    indicator_without_unit,
    indicator_without_period,
    period_without_target,
]


def problems(project, today=None) -> list[str]:
    today = today or timezone.localdate()
    return [message for check in CHECKS if (message := check(project, today))]
