"""The business actions of the staff part of capacity building: staff profiles and their languages,
assessments (self and manager), and the catalogue (what a level of a skill means, what a position
needs). One function per action: it checks who acts, validates, writes in one transaction and
records one ledger entry.

Assessments are personal data (`capacity/access.py`), and the ledger is read by the auditor and its
actions and object types by anyone on the portal (`portal.queries.ledger_rows`): the ledger entry of
an assessment names the profile, the kind, the date and how many skills were scored, never a level,
a comment or the note.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.capacity import access
from sharaka.capacity.models import (
    Assessment,
    AssessmentScore,
    LanguageSkill,
    Level,
    Position,
    Requirement,
    Skill,
    SkillLevel,
    StaffProfile,
)
from sharaka.core import audit
from sharaka.core.roles import can
from sharaka.core.services import check_version

PROFILE_FIELDS = ["full_name", "position", "service", "manager", "email", "is_active", "user"]
# No assessment dates before this: the unit's records start long after, and an older date is a slip.
EARLIEST_ASSESSMENT = datetime.date(2000, 1, 1)


def refuse_unless_manage(actor) -> None:
    """For the services (services.py, trainings.py): PermissionDenied unless `capacity.manage`; the pages
    use access.require_manage, which also hides them (404) from outsiders."""
    if not can(actor, "capacity.manage"):
        raise PermissionDenied


def _check_manager(profile: StaffProfile) -> None:
    """A manager is another profile, and the chain of managers never loops back to the person."""
    seen = {profile.pk} if profile.pk else set()
    manager = profile.manager
    while manager is not None:
        if manager.pk in seen:
            raise ValidationError(
                {"manager": _("A person cannot be their own manager, even through others.")}
            )
        seen.add(manager.pk)
        manager = manager.manager


# --- profiles --------------------------------------------------------------------------------------


@transaction.atomic
def profile_create(*, actor, data: dict) -> StaffProfile:
    refuse_unless_manage(actor)
    profile = StaffProfile(**{k: data[k] for k in PROFILE_FIELDS if k in data})
    profile.full_clean()
    _check_manager(profile)
    profile.save()
    audit.record(
        actor=actor,
        action="staff_profile.create",
        obj=profile,
        after=audit.snapshot(profile, fields=PROFILE_FIELDS),
    )
    return profile


@transaction.atomic
def profile_update(*, actor, profile: StaffProfile, data: dict, expected_version: int) -> StaffProfile:
    """Correct a profile; refused (`ConcurrentEdit`) when someone saved it since the form was opened."""
    refuse_unless_manage(actor)
    locked = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    check_version(locked, expected_version)
    before = audit.snapshot(locked, fields=PROFILE_FIELDS)
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.full_clean()
    _check_manager(locked)
    old, new = audit.diff(before, audit.snapshot(locked, fields=PROFILE_FIELDS))
    if not new:
        return locked
    locked.version += 1
    locked.save()
    audit.record(actor=actor, action="staff_profile.update", obj=locked, before=old, after=new)
    return locked


@transaction.atomic
def languages_set(*, actor, profile: StaffProfile, levels: dict) -> StaffProfile:
    """Set the person's languages: `levels` maps a language code to a level (0-4) or None to remove it."""
    refuse_unless_manage(actor)
    locked = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    current = dict(locked.languages.values_list("language", "level"))
    for language, level in levels.items():
        if language not in LanguageSkill.Language.values:
            raise ValidationError({"language": _("Choose a language from the list.")})
        if level is not None and level not in Level.values:
            raise ValidationError({"level": _("Choose a level from 0 to 4.")})
    wanted = {**current, **levels}
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if wanted == current:
        return locked
    LanguageSkill.objects.filter(profile=locked).exclude(language__in=list(wanted)).delete()
    for language, level in wanted.items():
        LanguageSkill.objects.update_or_create(profile=locked, language=language, defaults={"level": level})
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action="staff_profile.languages",
        obj=locked,
        before={"languages": current},
        after={"languages": wanted},
    )
    return locked


# --- assessments -----------------------------------------------------------------------------------


def validate_assessed_on(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError({"assessed_on": _("An assessment cannot be dated in the future.")})
    if value < EARLIEST_ASSESSMENT:
        raise ValidationError({"assessed_on": _("An assessment cannot be dated before 2000.")})


@transaction.atomic
def assessment_record(
    *, actor, profile: StaffProfile, kind: str, assessed_on: datetime.date, scores: dict, note: str = ""
) -> Assessment:
    """Record a self or a manager's assessment of `profile` on `assessed_on`.

    `scores` maps a Skill (or its pk) to `{"level": 0-4, "comment": str}`; a skill left out is not
    assessed this time. At least one score. The ledger entry says who was assessed, by which kind,
    on which date and on how many skills: never the levels, the comments or the note.
    """
    if kind not in Assessment.Kind.values:
        raise ValidationError({"kind": _("Choose a self-assessment or a manager's assessment.")})
    profile = (
        StaffProfile.objects.select_for_update(of=("self",)).select_related("manager").get(pk=profile.pk)
    )
    if not access.may_assess(actor, profile, kind):
        raise PermissionDenied
    validate_assessed_on(assessed_on)
    skills = {s.pk: s for s in Skill.objects.filter(is_active=True)}
    rows = []
    for key, value in scores.items():
        skill = skills.get(getattr(key, "pk", key))
        if skill is None:
            raise ValidationError(_("One of the skills is not in the catalogue any more. Nothing was saved."))
        level = value.get("level")
        if level is None:
            continue
        if level not in Level.values:
            raise ValidationError(_("Choose a level from 0 to 4."))
        rows.append((skill, int(level), (value.get("comment") or "")[:300]))
    if not rows:
        raise ValidationError(_("Give a level for at least one skill."))
    assessment = Assessment.objects.create(
        profile=profile, kind=kind, assessed_on=assessed_on, assessor=actor, note=note
    )
    AssessmentScore.objects.bulk_create(
        [
            AssessmentScore(assessment=assessment, skill=skill, level=level, comment=comment)
            for skill, level, comment in rows
        ]
    )
    audit.record(
        actor=actor,
        action="assessment.record",
        obj=assessment,
        after={
            "profile": profile.pk,
            "kind": kind,
            "assessed_on": assessed_on,
            "skills_scored": len(rows),
        },
    )
    return assessment


# --- the catalogue ---------------------------------------------------------------------------------


@transaction.atomic
def requirements_set(*, actor, position: Position, levels: dict) -> Position:
    """The level `position` needs in each skill: `levels` maps a Skill (or pk) to 0-4, or None (not needed)."""
    refuse_unless_manage(actor)
    position = Position.objects.select_for_update().get(pk=position.pk)
    current = {r.skill_id: r.level for r in position.requirements.all()}
    skills = set(Skill.objects.values_list("pk", flat=True))
    wanted = dict(current)
    for key, level in levels.items():
        pk = getattr(key, "pk", key)
        if pk not in skills:
            raise ValidationError(_("One of the skills is not in the catalogue any more. Nothing was saved."))
        if level is None:
            wanted.pop(pk, None)
        elif level not in Level.values:
            raise ValidationError(_("Choose a level from 0 to 4."))
        else:
            wanted[pk] = int(level)
    if wanted == current:
        return position
    Requirement.objects.filter(position=position).exclude(skill_id__in=list(wanted)).delete()
    for pk, level in wanted.items():
        if current.get(pk) != level:
            Requirement.objects.update_or_create(position=position, skill_id=pk, defaults={"level": level})
    old = {str(k): v for k, v in current.items() if wanted.get(k) != v}
    new = {str(k): v for k, v in wanted.items() if current.get(k) != v}
    audit.record(actor=actor, action="position.requirements", obj=position, before=old, after=new)
    return position


SKILL_LEVEL_FIELDS = ["description_ar", "description_fr", "description_en"]


@transaction.atomic
def skill_level_update(*, actor, skill_level: SkillLevel, data: dict) -> SkillLevel:
    """Reword what a level of a skill means (in the three languages)."""
    refuse_unless_manage(actor)
    locked = SkillLevel.objects.select_for_update().get(pk=skill_level.pk)
    before = audit.snapshot(locked, fields=SKILL_LEVEL_FIELDS)
    for name in SKILL_LEVEL_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.full_clean()
    old, new = audit.diff(before, audit.snapshot(locked, fields=SKILL_LEVEL_FIELDS))
    if new:
        locked.save()
        audit.record(actor=actor, action="skill_level.update", obj=locked, before=old, after=new)
    return locked
