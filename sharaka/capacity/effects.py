"""A training's effect in later assessments.

For each skill the training addressed and each participant who came (attended, in full or in part):

- the level **before**: the person's level in the skill as it stood on the training's first day, by
  the one rule of the app (the latest manager's assessment dated before `starts_on` holding the skill,
  else the latest self-assessment's);
- the level **after**: the same rule over the assessments dated after `ends_on` (the latest, so the
  effect reads as it stands today, not only the first impression).

The unit reads the aggregate per skill: "3 of 4 participants assessed since rose in proposal writing;
average +1.0" (only people with a level before and after are compared). One person's levels are
personal data: the rows per person are given only for those `access.may_read_assessments` lets the
reader see. Three queries, whatever the number of participants and skills.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from sharaka.capacity import access, gaps
from sharaka.capacity.models import AssessmentScore, Skill, Training
from sharaka.capacity.trainings import CAME

# Which assessment speaks for a level: the manager's before the person's own (the app's one rule).


@dataclass
class SkillEffect:
    skill: Skill
    came: int = 0  # participants who came
    compared: int = 0  # of whom assessed before and since
    rose: int = 0
    same: int = 0
    fell: int = 0
    total_change: int = 0

    @property
    def not_assessed(self) -> int:
        return self.came - self.compared

    @property
    def average(self) -> Decimal | None:
        if not self.compared:
            return None
        return (Decimal(self.total_change) / self.compared).quantize(Decimal("0.1"))


@dataclass
class PersonEffect:
    profile: object
    skill: Skill
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class Effect:
    skills: list[SkillEffect] = field(default_factory=list)
    people: list[PersonEffect] = field(default_factory=list)  # only those the reader may see
    hidden: int = 0  # participants whose levels the reader may not see


def _level(current) -> int | None:
    return current.level if current is not None else None


def training_effect(training: Training, user) -> Effect:
    participations = list(
        training.participations.filter(attendance__in=CAME).select_related("profile__manager")
    )
    skills = list(training.skills.order_by("order", "code"))
    profiles = [p.profile for p in participations]
    befores, afters = {}, {}
    if profiles and skills:
        rows = (
            AssessmentScore.objects.filter(
                Q(assessment__assessed_on__lt=training.starts_on)
                | Q(assessment__assessed_on__gt=training.ends_on),
                assessment__profile_id__in=[p.pk for p in profiles],
                skill_id__in=[s.pk for s in skills],
            )
            .order_by("assessment__assessed_on", "assessment_id")
            .values_list(
                "assessment__profile_id", "skill_id", "assessment__kind", "assessment__assessed_on", "level"
            )
        )
        rows = list(rows)
        # The app's one rule (capacity/gaps.py), over what was assessed before, then after, the training.
        befores = gaps.pick([row for row in rows if row[3] < training.starts_on])
        afters = gaps.pick([row for row in rows if row[3] > training.ends_on])
    effect = Effect()
    readable = {p.pk for p in profiles if access.may_read_assessments(user, p)}
    effect.hidden = len(profiles) - len(readable)
    for skill in skills:
        summary = SkillEffect(skill=skill, came=len(profiles))
        for profile in profiles:
            before = _level(befores.get((profile.pk, skill.pk)))
            after = _level(afters.get((profile.pk, skill.pk)))
            if before is not None and after is not None:
                summary.compared += 1
                summary.total_change += after - before
                if after > before:
                    summary.rose += 1
                elif after < before:
                    summary.fell += 1
                else:
                    summary.same += 1
            if profile.pk in readable:
                effect.people.append(PersonEffect(profile, skill, before, after))
        effect.skills.append(summary)
    return effect
