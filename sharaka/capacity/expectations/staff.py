"""Expected status per role of the staff pages of the capacity app (merged by capacity/url_expectations.py).

The world's staff (`world_staff`), chosen so that every row of the assessment rule is walked:

- the cooperation officer (personas.officer) is **the person**: a cooperation officer, with a
  self-assessment and a manager's assessment;
- their **manager** signs in with the project-manager role (personas.manager): roles are what a
  person may do in Sharaka, not their post, and a manager reads their report's assessments with no
  capacity capability at all; their own profile is the head of the unit's;
- the finance officer (personas.finance) is managed by personas.other_manager: **a manager of
  someone else**, who reads nothing of the officer's;
- a communication officer without an account, managed by personas.manager.

The unit's pages (`capacity.view`: administrator, cooperation officer, president, auditor) answer
200; the commune's other staff 403; the prefecture and partners 404. A profile is also open to the
person and their manager. An assessment: the person, their manager, the administrator; 404 for
everyone else, whatever their role.
"""

import datetime

from sharaka.core.testing import expect, wrote


def world_staff(w):
    """The world's staff profiles and the officer's two assessments (see the module's docstring)."""
    if "staff_officer" not in w.extra:
        from sharaka.capacity.models import Assessment, AssessmentScore, Position, Skill, StaffProfile

        p = w.personas
        positions = {pos.code: pos for pos in Position.objects.all()}
        head = StaffProfile.objects.create(
            user=p.manager,
            full_name="Brahim Oulhaj",
            position=positions["head_of_unit"],
            service="Coopération",
        )
        officer = StaffProfile.objects.create(
            user=p.officer,
            full_name="Samira Idrissi",
            position=positions["cooperation_officer"],
            service="Coopération",
            manager=head,
        )
        other_head = StaffProfile.objects.create(
            user=p.other_manager, full_name="Hassan Aït Baha", position=positions["project_manager"]
        )
        finance = StaffProfile.objects.create(
            user=p.finance,
            full_name="Nadia Bouzid",
            position=positions["finance_officer"],
            service="Finances",
            manager=other_head,
        )
        no_account = StaffProfile.objects.create(
            full_name="Fatima Zahra Amellal", position=positions["communication_protocol"], manager=head
        )
        skills = list(Skill.objects.order_by("order")[:3])
        for kind, assessor, levels in (
            (Assessment.Kind.SELF, p.officer, (2, 3, 1)),
            (Assessment.Kind.MANAGER, p.manager, (2, 2, 1)),
        ):
            a = Assessment.objects.create(
                profile=officer, kind=kind, assessed_on=datetime.date(2026, 6, 1), assessor=assessor
            )
            AssessmentScore.objects.bulk_create(
                AssessmentScore(assessment=a, skill=s, level=lv) for s, lv in zip(skills, levels, strict=True)
            )
            w.extra[f"staff_{kind}_assessment"] = a
        w.extra.update(
            staff_head=head,
            staff_officer=officer,
            staff_other_head=other_head,
            staff_finance=finance,
            staff_no_account=no_account,
        )
    return w.extra["staff_officer"]


def _officer(w):
    return {"pk": world_staff(w).pk}


def _self_assessment(w):
    world_staff(w)
    return {"pk": w.extra["staff_self_assessment"].pk}


def _position(w):
    return {"pk": world_staff(w).position_id}


def _skill(w):
    from sharaka.capacity.models import Skill

    return {"pk": Skill.objects.get(code="negotiation").pk}


def _assessment_post(w):
    from sharaka.capacity.models import Skill

    world_staff(w)
    skill = Skill.objects.get(code="negotiation")
    return {
        "assessed_on": "2026-11-02",
        f"level_{skill.pk}": "3",
        f"comment_{skill.pk}": "Mène seule le tour.",
    }


def _needs_post(w):
    from sharaka.capacity.models import Skill

    return {f"need_{s.pk}": "3" for s in Skill.objects.all()}


def _skill_post(w):
    from sharaka.capacity.models import SkillLevel

    data = {}
    for lv in SkillLevel.objects.filter(skill_id=_skill(w)["pk"]):
        for lang in ("ar", "fr", "en"):
            data[f"level{lv.level}-description_{lang}"] = getattr(lv, f"description_{lang}") + " (1)"
    return data


def _profile_post(w):
    """A correction of the officer's profile (their service), on the version it stands at."""
    officer = world_staff(w)
    return {
        "full_name": officer.full_name,
        "user": officer.user_id,
        "position": officer.position_id,
        "service": "Coopération décentralisée",
        "manager": officer.manager_id,
        "email": "samira.idrissi@aourir.ma",
        "is_active": "on",
        "version": officer.version,
    }


def _new_profile_post(w):
    from sharaka.capacity.models import Position

    world_staff(w)
    return {
        "full_name": "Youssef Ait Lahcen",
        "position": Position.objects.get(code="project_manager").pk,
        "service": "Projets",
        "manager": w.extra["staff_head"].pk,
        "is_active": "on",
    }


UNIT = expect(
    403,
    administrator=200,
    cooperation_officer=200,
    president=200,
    auditor=200,
    prefecture=404,
    partner_viewer=404,
)
MANAGE = expect(403, administrator=200, cooperation_officer=200, prefecture=404, partner_viewer=404)
# The person and their manager read the profile too; others without capacity.view do not find it.
PROFILE = expect(
    404, administrator=200, cooperation_officer=200, president=200, auditor=200, project_manager=200
)
# With no ?kind, the form is the person's self-assessment or, for anyone else, a manager's.
ASSESS = expect(
    404, administrator=403, cooperation_officer=200, project_manager=200, president=403, auditor=403
)
ASSESSMENT = expect(404, administrator=200, cooperation_officer=200, project_manager=200)

URLS = {
    "capacity:staff": (None, UNIT),
    "capacity:profile": (_officer, PROFILE),
    # The officer, the finance officer and the manager have a profile (302 to it); the commune's other
    # staff a page saying they have none; outsiders 404.
    "capacity:me": (
        lambda w: (world_staff(w), None)[1],
        expect(
            200,
            cooperation_officer=302,
            finance_officer=302,
            project_manager=302,
            prefecture=404,
            partner_viewer=404,
        ),
    ),
    "capacity:assess": (_officer, ASSESS),
    "capacity:assessment": (_self_assessment, ASSESSMENT),
    "capacity:skills": (None, UNIT),
    "capacity:skill_edit": (_skill, MANAGE),
    "capacity:position_needs": (_position, MANAGE),
    # profiles part: creating and correcting a profile and its languages (the unit's managers only)
    "capacity:profile_add": (None, MANAGE),
    "capacity:profile_edit": (_officer, MANAGE),
    "capacity:profile_languages": (_officer, MANAGE),
}

POSTS = {
    "capacity:assess": (
        _assessment_post,
        expect(
            404,
            administrator=403,
            cooperation_officer=wrote(),
            project_manager=wrote(),
            president=403,
            auditor=403,
        ),
    ),
    "capacity:position_needs": (
        lambda w: (_position(w), _needs_post(w))[1],
        expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404),
    ),
    "capacity:skill_edit": (
        _skill_post,
        expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404),
    ),
}

# profiles part
POSTS.update(
    {
        "capacity:profile_add": (
            _new_profile_post,
            expect(
                403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404
            ),
        ),
        "capacity:profile_edit": (
            lambda w: (_officer(w), _profile_post(w))[1],
            expect(
                403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404
            ),
        ),
        "capacity:profile_languages": (
            lambda w: (_officer(w), {"level_ar": "4", "level_fr": "3", "level_zgh": "2"})[1],
            expect(
                403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404
            ),
        ),
    }
)

GET_ONLY = {"capacity:staff", "capacity:profile", "capacity:me", "capacity:assessment", "capacity:skills"}
