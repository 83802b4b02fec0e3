"""Small factories and one concrete scenario for the tests of the gaps part (matrix, plan, dashboard).

The scenario, as the tests read it (manager's assessments unless said otherwise):

    skills (order): reporting (1), iati (2), protocol (3), negotiation (4)
    finance officer needs:      reporting 3, iati 2, negotiation 1
    cooperation officer needs:  negotiation 4, iati 2, protocol 3

    F1 finance   2024-06-01: reporting 1, iati 1
    F2 finance   2024-06-01: reporting 1, iati 1;   2026-03-01: reporting 3
    F3 finance   2024-06-01: reporting 2, iati 2
    C1 coop      2024-06-01: negotiation 4, iati 1, protocol 2
    C2 coop      2024-06-01: negotiation 3, iati 2, protocol 2
    nobody assessed the finance officers' negotiation
"""

import datetime
from decimal import Decimal

from sharaka.capacity.models import (
    Assessment,
    AssessmentScore,
    Participation,
    Position,
    Requirement,
    Skill,
    StaffProfile,
    Training,
)

D = datetime.date


def only_these_skills(*skills):
    """The catalogue seeded by capacity/0002 holds eight skills: a scenario keeps only its own in use."""
    Skill.objects.exclude(pk__in=[s.pk for s in skills]).update(is_active=False)


def skill(code, order=0, **names):
    """The skill of this code (the seeded catalogue may hold it already), with the scenario's names."""
    made, _ = Skill.objects.update_or_create(
        code=code,
        defaults={
            "order": order,
            "is_active": True,
            "name_en": names.get("en", code.replace("_", " ").capitalize()),
            "name_fr": names.get("fr", code.replace("_", " ").capitalize()),
            "name_ar": names.get("ar", "مهارة " + code),
        },
    )
    return made


def position(code, needs=None, name_en=None):
    """The position of this code needing exactly `needs` (the seeded requirements are replaced)."""
    name = name_en or code.replace("_", " ").capitalize()
    made, _ = Position.objects.update_or_create(
        code=code, defaults={"name_en": name, "name_fr": name, "name_ar": "منصب " + code}
    )
    made.requirements.all().delete()
    for s, level in (needs or {}).items():
        Requirement.objects.create(position=made, skill=s, level=level)
    return made


def profile(name, pos, user=None, manager=None, active=True):
    return StaffProfile.objects.create(
        full_name=name, position=pos, user=user, manager=manager, is_active=active
    )


def assess(person, on, scores, *, by, kind=Assessment.Kind.MANAGER):
    assessment = Assessment.objects.create(profile=person, kind=kind, assessed_on=on, assessor=by)
    for s, level in scores.items():
        AssessmentScore.objects.create(assessment=assessment, skill=s, level=level)
    return assessment


def training(
    skills, *, by, starts_on, status=Training.Status.HELD, cost_mad="0", funder=None, title="Formation"
):
    made = Training.objects.create(
        title_fr=title,
        title_en=title,
        starts_on=starts_on,
        ends_on=starts_on,
        format=Training.Format.WORKSHOP,
        cost=Decimal(cost_mad),
        cost_mad=Decimal(cost_mad),
        funder=funder,
        status=status,
        created_by=by,
    )
    made.skills.set(skills)
    return made


def attend(t, person, attendance=Participation.Attendance.ATTENDED):
    return Participation.objects.create(training=t, profile=person, attendance=attendance)


class Scenario:
    def __init__(self, by):
        self.reporting = skill("donor_financial_reporting", 1, en="Financial reporting to donors")
        self.iati = skill("iati_publishing", 2, en="IATI publishing")
        self.protocol = skill("protocol_delegations", 3, en="Protocol for delegations")
        self.negotiation = skill("negotiation", 4, en="Negotiation")
        only_these_skills(self.reporting, self.iati, self.protocol, self.negotiation)
        self.finance = position(
            "finance_officer",
            {self.reporting: 3, self.iati: 2, self.negotiation: 1},
            name_en="Finance officer",
        )
        self.coop = position(
            "cooperation_officer",
            {self.negotiation: 4, self.iati: 2, self.protocol: 3},
            name_en="Cooperation officer",
        )
        self.f1 = profile("Fatima One", self.finance)
        self.f2 = profile("Farid Two", self.finance)
        self.f3 = profile("Fouad Three", self.finance)
        self.c1 = profile("Chama One", self.coop)
        self.c2 = profile("Chakib Two", self.coop)
        june = D(2024, 6, 1)
        assess(self.f1, june, {self.reporting: 1, self.iati: 1}, by=by)
        assess(self.f2, june, {self.reporting: 1, self.iati: 1}, by=by)
        assess(self.f2, D(2026, 3, 1), {self.reporting: 3}, by=by)
        assess(self.f3, june, {self.reporting: 2, self.iati: 2}, by=by)
        assess(self.c1, june, {self.negotiation: 4, self.iati: 1, self.protocol: 2}, by=by)
        assess(self.c2, june, {self.negotiation: 3, self.iati: 2, self.protocol: 2}, by=by)


def reads_english(user):
    """Pages are read in the user's language (Arabic by default): these tests read the English words."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user
