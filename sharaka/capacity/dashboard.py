"""The capacity dashboard's numbers: the unit's aggregates, read by `capacity.view`.

- **People trained per skill and year**: distinct people who came (in full or in part) to a held
  training addressing the skill, by the year the training started.
- **Gaps closing or not**: for each skill, the open gaps (below what the position needs, or not
  assessed) among the people in post, as they stood at the end of each year (today for the current
  year), and whether the number fell since the year before.
- **Spending on training by funder per year**: the cost in dirhams (`Training.cost_mad`, converted at
  the rate of its date when recorded) of the trainings held, by the year they started; no funder means
  the commune's own budget.
- **Upcoming trainings**: planned, starting today or later.

Small numbers: a gap count is about assessments, which are personal. A skill's gap counts are shown
only when at least MIN_PEOPLE people in post need the skill; below that they read "fewer than 3
people" (one person's assessment could be read from the count, or from its change over a year).
Counts of people trained and money are not assessment data (the unit sees who attended a training).

Every function runs a fixed number of queries, whatever the number of people or trainings.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from sharaka.capacity.gaps import TRAINED, levels_at, requirements
from sharaka.capacity.models import Assessment, Participation, Skill, StaffProfile, Training
from sharaka.capacity.plan import MIN_PEOPLE
from sharaka.partners.models import Organisation

YEARS = 5  # the dashboard looks this many years back, the current one included


def years_shown(today: datetime.date) -> list[int]:
    """The years with something to show, at most YEARS, ending with the current year: two queries."""
    starts = [
        Training.objects.filter(status=Training.Status.HELD)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first(),
        Assessment.objects.order_by("assessed_on").values_list("assessed_on", flat=True).first(),
    ]
    first = min([d.year for d in starts if d is not None], default=today.year)
    return list(range(max(first, today.year - YEARS + 1), today.year + 1))


@dataclass
class TrainedRow:
    skill: Skill
    counts: list[tuple[int, int]]  # (year, people) per year shown
    total: int  # distinct people over those years


def trained_per_skill(skills, years: list[int]) -> list[TrainedRow]:
    """Distinct people trained per skill and year: one query."""
    people = defaultdict(set)
    rows = (
        Participation.objects.filter(
            attendance__in=TRAINED,
            training__status=Training.Status.HELD,
            training__starts_on__year__gte=years[0],
            training__starts_on__year__lte=years[-1],
            training__skills__isnull=False,
        )
        .values_list("training__skills", "training__starts_on", "profile_id")
        .distinct()
    )
    for skill_id, starts_on, profile_id in rows:
        people[(skill_id, starts_on.year)].add(profile_id)
    result = []
    for skill in skills:
        counts = [(year, len(people[(skill.pk, year)])) for year in years]
        total = len(set().union(*(people[(skill.pk, year)] for year in years)))
        result.append(TrainedRow(skill, counts, total))
    return result


@dataclass
class GapCell:
    year: int
    below: int
    not_assessed: int
    previous: int | None  # open gaps the year before, None for the first year shown

    @property
    def open(self) -> int:
        return self.below + self.not_assessed

    @property
    def trend(self) -> str:
        """ "fell", "rose", "same", or "" for the first year."""
        if self.previous is None:
            return ""
        if self.open < self.previous:
            return "fell"
        if self.open > self.previous:
            return "rose"
        return "same"


@dataclass
class GapRow:
    skill: Skill
    people: int  # people in post whose position needs the skill
    cells: list[GapCell] = field(default_factory=list)  # empty when hidden

    @property
    def hidden(self) -> bool:
        return 0 < self.people < MIN_PEOPLE


def gaps_per_year(skills, years: list[int], today: datetime.date) -> list[GapRow]:
    """Open gaps per skill at the end of each year (today for the current year): three queries."""
    profiles = list(StaffProfile.objects.filter(is_active=True).values_list("pk", "position_id"))
    needs = requirements({position_id for _, position_id in profiles})
    ends = {year: min(datetime.date(year, 12, 31), today) for year in years}
    at = levels_at([pk for pk, _ in profiles], ends.values())
    result = []
    for skill in skills:
        concerned = [
            (pk, needs[(position_id, skill.pk)])
            for pk, position_id in profiles
            if needs.get((position_id, skill.pk))
        ]
        row = GapRow(skill, len(concerned))
        if row.hidden or not concerned:
            result.append(row)
            continue
        previous = None
        for year in years:
            levels = at[ends[year]]
            below = not_assessed = 0
            for pk, required in concerned:
                current = levels.get((pk, skill.pk))
                if current is None:
                    not_assessed += 1
                elif current.level < required:
                    below += 1
            cell = GapCell(year, below, not_assessed, previous)
            row.cells.append(cell)
            previous = cell.open
        result.append(row)
    return result


@dataclass
class Spending:
    year: int
    funder: Organisation | None  # None: the commune's own budget
    total: Decimal


def spending(years: list[int]) -> list[Spending]:
    """Cost in MAD of the trainings held, per year and funder: two queries."""
    rows = list(
        Training.objects.filter(
            status=Training.Status.HELD,
            starts_on__year__gte=years[0],
            starts_on__year__lte=years[-1],
        )
        .annotate(year=ExtractYear("starts_on"))
        .values("year", "funder_id")
        .annotate(total=Sum("cost_mad"))
        .order_by("year", "funder_id")
    )
    funders = Organisation.objects.in_bulk({row["funder_id"] for row in rows if row["funder_id"]})
    result = [
        Spending(row["year"], funders.get(row["funder_id"]), row["total"] or Decimal("0")) for row in rows
    ]
    # Within a year: the largest first, the commune's own budget among them.
    return sorted(result, key=lambda s: (-s.year, -s.total, str(s.funder or "")))


def upcoming(today: datetime.date, limit: int = 8) -> list[Training]:
    """Planned trainings starting today or later: two queries."""
    return list(
        Training.objects.filter(status=Training.Status.PLANNED, starts_on__gte=today)
        .select_related("provider")
        .prefetch_related("skills")
        .order_by("starts_on", "id")[:limit]
    )


def summary(today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    years = years_shown(today)
    skills = list(Skill.objects.filter(is_active=True))
    money = spending(years)
    by_year = defaultdict(list)
    for entry in money:
        by_year[entry.year].append(entry)
    top = max((entry.total for entry in money), default=Decimal("0"))
    trained = trained_per_skill(skills, years)
    return {
        "today": today,
        "years": years,
        "trained": trained,
        "trained_any": any(row.total for row in trained),
        "gaps": gaps_per_year(skills, years, today),
        "spending": sorted(by_year.items(), reverse=True),
        "spending_top": top,
        "upcoming": upcoming(today),
        "min_people": MIN_PEOPLE,
    }
