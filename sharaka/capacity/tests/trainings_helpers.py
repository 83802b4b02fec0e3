"""Small factories for the trainings tests: skills and positions by code (the staff part's data
migration may have seeded them already), staff profiles, a training recorded through its service."""

import datetime
from decimal import Decimal

from sharaka.capacity import trainings
from sharaka.capacity.models import Assessment, AssessmentScore, Position, Skill, StaffProfile

NAMES = {
    "negotiation": ("التفاوض", "Négociation", "Negotiation"),
    "proposal_writing": ("صياغة المقترحات", "Rédaction de propositions", "Proposal writing"),
}


def skill(code="proposal_writing") -> Skill:
    ar, fr, en = NAMES.get(code, (code, code, code))
    found, _ = Skill.objects.update_or_create(
        code=code, defaults={"name_ar": ar, "name_fr": fr, "name_en": en}
    )
    return found


def position(code="cooperation_officer") -> Position:
    found, _ = Position.objects.update_or_create(
        code=code,
        defaults={
            "name_ar": "إطار التعاون",
            "name_fr": "Chargé de coopération",
            "name_en": "Cooperation officer",
        },
    )
    return found


def profile(full_name, *, user=None, manager=None, active=True) -> StaffProfile:
    return StaffProfile.objects.create(
        full_name=full_name, user=user, manager=manager, position=position(), is_active=active
    )


def data(**overrides) -> dict:
    values = {
        "title_ar": "ورشة صياغة المقترحات",
        "title_fr": "Atelier de rédaction de propositions",
        "title_en": "",
        "provider": None,
        "provider_name": "Cabinet Souss Conseil",
        "starts_on": datetime.date(2026, 3, 10),
        "ends_on": datetime.date(2026, 3, 12),
        "place": "Aourir",
        "format": "workshop",
        "cost": Decimal("0"),
        "currency": "MAD",
        "funder": None,
        "notes": "",
    }
    values.update(overrides)
    return values


def training(actor, skills=None, **overrides):
    return trainings.training_create(actor=actor, data=data(**overrides), skills=skills or [skill()])


def score(person, skill_, level, day, *, kind="manager", assessor):
    assessment = Assessment.objects.create(profile=person, kind=kind, assessed_on=day, assessor=assessor)
    return AssessmentScore.objects.create(assessment=assessment, skill=skill_, level=level)
