"""A training plan proposed from the gaps: who needs what first.

Each item is one skill and one gap size (the people that many levels below what their position needs
in that skill): one training could take them together. Items are ranked

1. by the gap, larger first (two levels below comes before one level below);
2. then by how many people share it (a training for five before a training for one);
3. then by the skill's weight for the positions concerned (the highest level they require);
4. then by the skills' own order.

People whose position requires a skill nobody has assessed are not ranked with the gaps (their gap is
not known): they are listed apart, per skill, as "assess first".

For each item the plan lists the planned trainings already addressing the skill (status planned,
starting after today) and how many people are registered on each.

Who sees what (personal data, `capacity/access.py`):

- names: only of the people `access.assessed_profiles(reader)` returns (the administrator all; a
  manager their direct reports and themselves; a person themselves);
- counts: a reader with `capacity.view` (the unit) sees the plan of the whole unit as counts. An item
  about a skill that fewer than MIN_PEOPLE people need is left out for them (one person's assessment
  could be read from it), unless the reader may see every person in it; the page says how many were
  left out and why. A reader without `capacity.view` sees only the people they may read.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from sharaka.capacity import access
from sharaka.capacity.gaps import current_levels, gap, requirements
from sharaka.capacity.models import Participation, Skill, StaffProfile, Training
from sharaka.core.roles import can

# Below this many people needing a skill, counts about it are shown only to those who may read each
# person's assessment (the same rule as the dashboard, capacity/dashboard.py).
MIN_PEOPLE = 3


@dataclass(frozen=True)
class Need:
    """One person's gap in one skill."""

    profile: StaffProfile
    skill: Skill
    required: int
    current: int | None

    @property
    def gap(self) -> int | None:
        return gap(self.required, self.current)


@dataclass
class Item:
    skill: Skill
    gap: int | None  # None: "assess first"
    count: int = 0  # people concerned (the whole unit for a reader with capacity.view)
    weight: int = 0  # the highest level required among them
    named: list[Need] = field(default_factory=list)  # those the reader may see
    positions: Counter = field(default_factory=Counter)
    trainings: list[Training] = field(default_factory=list)
    registered: set[int] = field(default_factory=set)  # profile ids registered on one of them
    rank: int = 0

    @property
    def hidden(self) -> int:
        """People counted but not named for this reader."""
        return self.count - len(self.named)


@dataclass
class Plan:
    items: list[Item]  # ranked
    assess_first: list[Item]
    left_out: int  # items not shown: a skill fewer than MIN_PEOPLE people need
    whole_unit: bool  # counts are over the whole unit
    today: datetime.date


def rank_key(item: Item):
    return (-item.gap, -item.count, -item.weight, item.skill.order, item.skill.code)


def propose(user, *, today: datetime.date | None = None) -> Plan:
    """The plan `user` may read. A fixed number of queries (eight), whatever the number of people."""
    today = today or timezone.localdate()
    whole_unit = can(user, "capacity.view")
    visible = set(access.assessed_profiles(user).filter(is_active=True).values_list("pk", flat=True))
    people = StaffProfile.objects.filter(is_active=True).select_related("position")
    if not whole_unit or access.is_administrator(user):
        people = people.filter(pk__in=visible)
    people = list(people.order_by("full_name", "id"))
    skills = list(Skill.objects.filter(is_active=True))
    needs = requirements({p.position_id for p in people})
    levels = current_levels([p.pk for p in people])

    population = Counter()  # people who need each skill (level 1 or more)
    items: dict[tuple[int, int | None], Item] = {}
    for profile in people:
        for skill in skills:
            required = needs.get((profile.position_id, skill.pk))
            if not required:
                continue
            population[skill.pk] += 1
            current = levels.get((profile.pk, skill.pk))
            need = Need(profile, skill, required, current.level if current else None)
            if need.gap is not None and need.gap <= 0:
                continue
            item = items.setdefault((skill.pk, need.gap), Item(skill, need.gap))
            item.count += 1
            item.weight = max(item.weight, required)
            item.positions[profile.position] += 1
            if profile.pk in visible:
                item.named.append(need)

    shown, left_out = [], 0
    for item in items.values():
        if population[item.skill.pk] < MIN_PEOPLE and item.hidden:
            left_out += 1
        else:
            shown.append(item)

    _attach_trainings(shown, today, visible)
    ranked = sorted((i for i in shown if i.gap is not None), key=rank_key)
    for number, item in enumerate(ranked, start=1):
        item.rank = number
    assess_first = sorted(
        (i for i in shown if i.gap is None), key=lambda i: (-i.count, -i.weight, i.skill.order)
    )
    return Plan(ranked, assess_first, left_out, whole_unit and not access.is_administrator(user), today)


def _attach_trainings(items: list[Item], today: datetime.date, visible: set[int]) -> None:
    """The planned trainings after today on each item's skill, with their registered count, and who
    of the named people is registered on one: three queries."""
    skill_ids = {item.skill.pk for item in items}
    if not skill_ids:
        return
    planned = list(
        Training.objects.filter(status=Training.Status.PLANNED, starts_on__gt=today, skills__in=skill_ids)
        .distinct()
        .annotate(registered=Count("participations", distinct=True))
        .prefetch_related("skills")
        .order_by("starts_on", "id")
    )
    by_skill = defaultdict(list)
    for training in planned:
        for skill in training.skills.all():
            by_skill[skill.pk].append(training)
    on_training = defaultdict(set)  # skill id -> profile ids registered on a planned training of it
    if visible and planned:
        rows = Participation.objects.filter(
            training__in=[t.pk for t in planned], profile_id__in=visible
        ).values_list("training_id", "profile_id")
        skills_of = {t.pk: [s.pk for s in t.skills.all()] for t in planned}
        for training_id, profile_id in rows:
            for skill_id in skills_of[training_id]:
                on_training[skill_id].add(profile_id)
    for item in items:
        item.trainings = by_skill.get(item.skill.pk, [])
        item.registered = on_training.get(item.skill.pk, set())
