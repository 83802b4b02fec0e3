"""Read-only: skills, profiles, assessments and trainings change only through the capacity services,
which check who may (assessments are personal: capacity/access.py) and write the audit ledger."""

from sharaka.capacity.models import (
    Assessment,
    AssessmentScore,
    LanguageSkill,
    Participation,
    Position,
    Requirement,
    Skill,
    SkillLevel,
    StaffProfile,
    Training,
    TrainingStatusChange,
)
from sharaka.core.admin_readonly import register_read_only

register_read_only(
    Skill,
    SkillLevel,
    Position,
    Requirement,
    StaffProfile,
    LanguageSkill,
    Assessment,
    AssessmentScore,
    Training,
    TrainingStatusChange,
    Participation,
)
