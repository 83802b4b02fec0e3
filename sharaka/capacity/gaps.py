"""Where each person stands against what their position needs: the one rule for a person's current
level in a skill, the gap it leaves, and the gap matrix (people × skills) a reader may see.

**Current level** (the one rule; every page and the dashboard read it here): the score of the latest
manager's assessment that holds the skill; when no manager's assessment holds it, the latest
self-assessment's; otherwise none ("not assessed"). "Latest" is by assessment date, then by the order
in which assessments were recorded (a later record on the same day wins).

**Gap** = the level the person's position requires − the current level. Positive: that many levels
below; zero or less: the need is met. When the position requires the skill but nobody assessed it, the
gap is None and the page says "not assessed", itself a gap to plan for. When the position does not
require the skill, there is no gap to speak of.

Personal data: the matrix's rows are the profiles `capacity.access.assessed_profiles(user)` returns,
nobody else's. The unit's aggregates (`capacity/dashboard.py`) count gaps without naming anyone.

Each function here runs a fixed number of queries, whatever the number of people.
"""

import datetime
from dataclasses import dataclass, field

from sharaka.capacity import access
from sharaka.capacity.models import (
    Assessment,
    AssessmentScore,
    Participation,
    Requirement,
    Skill,
    StaffProfile,
    Training,
)

# A participation counts as "trained" when the person came, in full or in part, to a training held.
TRAINED = (Participation.Attendance.ATTENDED, Participation.Attendance.PARTLY)


@dataclass(frozen=True)
class Current:
    """A person's current level in a skill, and the assessment it comes from."""

    level: int
    kind: str  # Assessment.Kind
    assessed_on: datetime.date


def _score_rows(profile_ids, *, until: datetime.date | None = None):
    """Every score of these people (up to `until`, included), oldest first: one query."""
    scores = AssessmentScore.objects.filter(assessment__profile_id__in=profile_ids)
    if until is not None:
        scores = scores.filter(assessment__assessed_on__lte=until)
    return list(
        scores.order_by("assessment__assessed_on", "assessment_id").values_list(
            "assessment__profile_id",
            "skill_id",
            "assessment__kind",
            "assessment__assessed_on",
            "level",
        )
    )


def pick(rows, *, until: datetime.date | None = None) -> dict[tuple[int, int], Current]:
    """The rule, applied to score rows (profile id, skill id, kind, date, level) sorted oldest first:
    the latest manager's score, else the latest self-assessment's."""
    manager: dict[tuple[int, int], Current] = {}
    own: dict[tuple[int, int], Current] = {}
    for profile_id, skill_id, kind, assessed_on, level in rows:
        if until is not None and assessed_on > until:
            break
        target = manager if kind == Assessment.Kind.MANAGER else own
        target[(profile_id, skill_id)] = Current(level, kind, assessed_on)  # later rows overwrite
    return {**own, **manager}


def current_levels(profile_ids, *, on: datetime.date | None = None) -> dict[tuple[int, int], Current]:
    """{(profile id, skill id): Current} for these profiles (ids or a queryset of ids), as things
    stand today or, with `on`, as they stood at the end of that day. One query."""
    return pick(_score_rows(profile_ids, until=on))


def levels_at(profile_ids, dates) -> dict[datetime.date, dict[tuple[int, int], Current]]:
    """current_levels as they stood at the end of each of `dates` (e.g. each 31 December): one query
    for all of them, for "are the gaps closing?"."""
    dates = sorted(dates)
    if not dates:
        return {}
    rows = _score_rows(profile_ids, until=dates[-1])
    return {day: pick(rows, until=day) for day in dates}


def gap(required: int | None, current: Current | int | None) -> int | None:
    """Levels missing: required − current; None when the skill is required but not assessed (or not
    required at all)."""
    if required is None or current is None:
        return None
    level = current.level if isinstance(current, Current) else current
    return required - level


def requirements(position_ids) -> dict[tuple[int, int], int]:
    """{(position id, skill id): level needed}: one query."""
    return {
        (position_id, skill_id): level
        for position_id, skill_id, level in Requirement.objects.filter(
            position_id__in=position_ids
        ).values_list("position_id", "skill_id", "level")
    }


def trained_skills(profile_ids) -> set[tuple[int, int]]:
    """{(profile id, skill id)} for each person who came to a held training on that skill: one query."""
    return set(
        Participation.objects.filter(
            profile_id__in=profile_ids,
            attendance__in=TRAINED,
            training__status=Training.Status.HELD,
        )
        .filter(training__skills__isnull=False)
        .values_list("profile_id", "training__skills")
        .distinct()
    )


@dataclass(frozen=True)
class Cell:
    skill: Skill
    required: int | None
    current: Current | None
    trained: bool

    @property
    def gap(self) -> int | None:
        return gap(self.required, self.current)

    @property
    def state(self) -> str:
        """One word for the cell, the same as its colour: "below", "met", "not_assessed" or
        "not_required"."""
        if self.required is None:
            return "not_required"
        if self.current is None:
            return "not_assessed"
        return "below" if self.gap > 0 else "met"

    @property
    def is_open(self) -> bool:
        """A gap to plan for: below what the position needs, or not assessed."""
        return self.state in ("below", "not_assessed")


@dataclass
class Row:
    profile: StaffProfile
    cells: list[Cell] = field(default_factory=list)

    @property
    def open_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_open]


@dataclass
class Matrix:
    skills: list[Skill]
    rows: list[Row]


def build(profiles, skills) -> list[Row]:
    """The rows for these profiles (with their position loaded) and skills, in four queries at most."""
    profiles = list(profiles)
    ids = [profile.pk for profile in profiles]
    if not ids:
        return []
    needs = requirements({profile.position_id for profile in profiles})
    levels = current_levels(ids)
    trained = trained_skills(ids)
    return [
        Row(
            profile,
            [
                Cell(
                    skill,
                    needs.get((profile.position_id, skill.pk)),
                    levels.get((profile.pk, skill.pk)),
                    (profile.pk, skill.pk) in trained,
                )
                for skill in skills
            ],
        )
        for profile in profiles
    ]


def visible_profiles(user):
    """The active profiles whose gaps `user` may read (access.assessed_profiles), with positions."""
    return (
        access.assessed_profiles(user)
        .filter(is_active=True)
        .select_related("position")
        .order_by("full_name", "id")
    )


def matrix(user) -> Matrix:
    """The gap matrix `user` may read: rows are the active profiles of access.assessed_profiles(user),
    columns the skills in use. Five queries, whatever the number of people."""
    skills = list(Skill.objects.filter(is_active=True))
    return Matrix(skills, build(visible_profiles(user), skills))
