"""Demo for capacity building (issue #14): the cooperation unit's staff, what their positions need,
where they stand over two rounds of assessment (June 2025 and June 2026, by themselves and by their
manager), and the trainings that close the gaps. All of it fictional.

The story: proposal writing and IATI publishing are weak across the unit, negotiation is mixed. In
March 2026 GIZ gave a three-day workshop on writing proposals and reporting to donors in Aourir
(paid by GIZ, in euros); Khadija Amzil and Omar Ouhammou attended, Salma Ait Taleb was absent. At the
June 2026 round their managers raised both attendees to the level their position needs in proposal
writing, while Salma's gap stays open. An online IATI course is planned for early 2027, and a
negotiation workshop with Loire-Atlantique was cancelled (its history says why).

Written directly with the models (the capacity services are written in parallel), without entries
in the audit ledger (its actions are named by those services). Idempotent: skills and positions by code, profiles by account or full
name, assessments by person, kind and date, trainings by French title and start date; the scores,
participations and status history of an assessment or a training are created only together with it.

The skills catalogue may be seeded by a data migration with richer text: this part creates a skill,
a position, a level description or a requirement only when it is missing and fills only blank names.
Scores of the trained skill are set against the requirement that is stored, so that the story (a gap,
then the gap closed) holds whatever level the catalogue asks for.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

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
from sharaka.core import uploads
from sharaka.demo.pdf import minimal_pdf
from sharaka.finance import rates

ORDER = 70

# code: (Arabic, French, English)
SKILLS = {
    "negotiation": ("التفاوض", "Négociation", "Negotiation"),
    "proposal_writing": ("إعداد مقترحات المشاريع", "Rédaction de propositions", "Proposal writing"),
    "donor_financial_reporting": (
        "التقارير المالية للمانحين",
        "Rapports financiers aux bailleurs",
        "Financial reporting to donors",
    ),
    "monitoring_evaluation": ("التتبع والتقييم", "Suivi et évaluation", "Monitoring and evaluation"),
    "iati_publishing": ("النشر وفق معيار IATI", "Publication IATI", "IATI publishing"),
    "procurement_donor_rules": (
        "الصفقات العمومية وفق قواعد المانحين",
        "Marchés publics selon les règles des bailleurs",
        "Public procurement with donor rules",
    ),
    "project_management": ("تدبير المشاريع", "Gestion de projet", "Project management"),
    "protocol_delegations": (
        "بروتوكول استقبال الوفود",
        "Protocole des délégations",
        "Protocol for delegations",
    ),
}

# Plain words for each step when the catalogue has none for a skill (the staff part's migration
# writes one text per skill and level; these are the generic fallback).
LEVEL_TEXT = {
    0: ("لا معرفة بعد بهذه المهارة.", "Pas encore de connaissance de ce domaine.", "No knowledge of it yet."),
    1: (
        "يعرف المبادئ ويفهم ما يُنجز.",
        "Connaît les principes et comprend ce qui se fait.",
        "Knows the principles and understands what is done.",
    ),
    2: (
        "يمارسها بمساعدة زميل.",
        "La pratique avec l'aide d'un collègue.",
        "Practises it with a colleague's help.",
    ),
    3: ("يمارسها باستقلالية.", "La pratique en autonomie.", "Practises it on their own."),
    4: (
        "خبير، يكوّن الآخرين ويراجع عملهم.",
        "Expert, forme les autres et relit leur travail.",
        "Expert: trains others and reviews their work.",
    ),
}

POSITIONS = {
    "head_of_unit": (
        "رئيسة وحدة التعاون الدولي",
        "Cheffe de l'unité de coopération",
        "Head of the cooperation unit",
    ),
    "cooperation_officer": ("إطار مكلف بالتعاون", "Chargé de coopération", "Cooperation officer"),
    "finance_officer": ("إطار مالي", "Responsable financier", "Finance officer"),
    "project_manager": ("مدير مشروع", "Chef de projet", "Project manager"),
    "communication_protocol": (
        "مكلف بالتواصل والبروتوكول",
        "Chargé de communication et du protocole",
        "Communication and protocol officer",
    ),
}

# The level each position needs (created only when the catalogue has no requirement for the pair).
REQUIREMENTS = {
    "head_of_unit": {
        "negotiation": 4,
        "proposal_writing": 3,
        "donor_financial_reporting": 2,
        "monitoring_evaluation": 3,
        "iati_publishing": 2,
        "procurement_donor_rules": 2,
        "project_management": 3,
        "protocol_delegations": 3,
    },
    "cooperation_officer": {
        "negotiation": 3,
        "proposal_writing": 3,
        "donor_financial_reporting": 2,
        "monitoring_evaluation": 3,
        "iati_publishing": 3,
        "project_management": 2,
        "protocol_delegations": 2,
    },
    "finance_officer": {
        "proposal_writing": 2,
        "donor_financial_reporting": 4,
        "monitoring_evaluation": 2,
        "iati_publishing": 3,
        "procurement_donor_rules": 3,
    },
    "project_manager": {
        "negotiation": 2,
        "proposal_writing": 3,
        "donor_financial_reporting": 2,
        "monitoring_evaluation": 3,
        "iati_publishing": 1,
        "procurement_donor_rules": 3,
        "project_management": 3,
    },
    "communication_protocol": {
        "negotiation": 1,
        "iati_publishing": 2,
        "protocol_delegations": 4,
    },
}

UNIT = "Unité de coopération internationale"
# key: (username or None, full name, position, service, manager key, e-mail, languages)
STAFF = {
    "officer": ("officer", "Fatima Zahra Ait Lahcen", "head_of_unit", UNIT, None, "", {"ar": 4, "fr": 4, "en": 3, "zgh": 4}),
    "finance": ("finance", "Abdellah Oubella", "finance_officer", "Service financier", "officer", "", {"ar": 4, "fr": 3, "en": 1, "zgh": 3}),
    "manager": ("manager", "Khadija Amzil", "project_manager", UNIT, "officer", "", {"ar": 4, "fr": 3, "en": 2, "zgh": 4}),
    "manager2": ("manager2", "Hassan Id Belkacem", "project_manager", "Services techniques", "officer", "", {"ar": 4, "fr": 3, "en": 1, "zgh": 2}),
    "omar": (None, "Omar Ouhammou", "cooperation_officer", UNIT, "officer", "omar.ouhammou@example.org", {"ar": 4, "fr": 3, "en": 3, "zgh": 2}),
    "salma": (None, "Salma Ait Taleb", "cooperation_officer", UNIT, "officer", "salma.ait-taleb@example.org", {"ar": 4, "fr": 4, "en": 2, "es": 2}),
    "meryem": (None, "Meryem Boutaleb", "communication_protocol", "Service de la communication (traductrice)", "officer", "meryem.boutaleb@example.org", {"ar": 4, "fr": 4, "en": 4, "zgh": 3}),
    "lahcen": (None, "Lahcen Agourram", "project_manager", "Services techniques (technicien)", "manager2", "", {"ar": 4, "fr": 2, "zgh": 4}),
}  # fmt: skip

ROUNDS = (datetime.date(2025, 6, 16), datetime.date(2026, 6, 15))
SKILL_ORDER = list(SKILLS)


def _row(*levels):
    return dict(zip(SKILL_ORDER, levels, strict=True))


# Scores in SKILL_ORDER: negotiation, proposal, donor reporting, M&E, IATI, procurement, project
# management, protocol. key: {(round index, kind): scores}. Self-assessments only for people with an
# account (the assessor is a user); the head of the unit has no manager in the unit: self only.
SCORES = {
    "officer": {
        (0, "self"): _row(3, 2, 2, 2, 1, 2, 3, 4),
        (1, "self"): _row(3, 3, 2, 3, 1, 2, 3, 4),
    },
    "finance": {
        (0, "self"): _row(1, 1, 3, 2, 0, 3, 2, 1),
        (0, "manager"): _row(1, 1, 3, 1, 0, 3, 2, 1),
        (1, "self"): _row(1, 2, 3, 2, 1, 3, 2, 1),
        (1, "manager"): _row(1, 1, 3, 2, 1, 3, 2, 1),
    },
    "manager": {
        (0, "self"): _row(2, 2, 1, 2, 0, 2, 3, 2),
        (0, "manager"): _row(1, 1, 1, 2, 0, 2, 3, 2),
        (1, "self"): _row(2, 3, 2, 3, 1, 2, 3, 2),
        (1, "manager"): _row(2, 3, 2, 3, 0, 2, 3, 2),
    },
    "manager2": {
        (0, "self"): _row(2, 2, 1, 2, 0, 3, 3, 1),
        (0, "manager"): _row(1, 2, 1, 2, 0, 3, 2, 1),
        (1, "self"): _row(2, 2, 1, 3, 0, 3, 3, 1),
        (1, "manager"): _row(2, 2, 1, 2, 0, 3, 3, 1),
    },
    "omar": {
        (0, "manager"): _row(3, 2, 1, 2, 1, 1, 2, 2),
        (1, "manager"): _row(3, 3, 2, 2, 1, 1, 2, 2),
    },
    "salma": {
        (0, "manager"): _row(2, 1, 1, 2, 0, 1, 2, 3),
        (1, "manager"): _row(2, 1, 1, 2, 1, 1, 2, 3),
    },
    "meryem": {
        (0, "manager"): _row(1, 1, 0, 1, 0, 0, 1, 3),
        (1, "manager"): _row(1, 1, 0, 1, 1, 0, 1, 4),
    },
    "lahcen": {
        (0, "manager"): _row(1, 0, 0, 1, 0, 2, 2, 0),
        (1, "manager"): _row(1, 1, 0, 2, 0, 2, 2, 0),
    },
}
NOTES = {
    (0, "manager"): "Premier bilan des compétences de l'unité (démonstration, fictif).",
    (1, "manager"): "Bilan annuel, après l'atelier GIZ de mars 2026 (démonstration, fictif).",
    (0, "self"): "Auto-évaluation de juin 2025 (fictive).",
    (1, "self"): "Auto-évaluation de juin 2026 (fictive).",
}
# The attendees of the proposal workshop whose managers raise them to the requirement in June 2026,
# and the absent colleague whose gap stays open.
TRAINED_SKILL = "proposal_writing"
CLOSED = ("manager", "omar")
STILL_OPEN = ("salma",)

GIZ_WORKSHOP = "Rédiger une proposition de financement et rendre compte aux bailleurs"
TRAININGS = [
    {
        "title": (
            "إعداد مقترحات التمويل وإعداد التقارير المالية للمانحين",
            GIZ_WORKSHOP,
            "Writing funding proposals and reporting to donors",
        ),
        "skills": ["proposal_writing", "donor_financial_reporting"],
        "provider": "GIZ",
        "funder": "GIZ",
        "dates": (datetime.date(2026, 3, 10), datetime.date(2026, 3, 12)),
        "place": "Salle des délibérations, commune d'Aourir",
        "format": Training.Format.WORKSHOP,
        "cost": ("6800.00", "EUR"),
        "status": Training.Status.HELD,
        "history": [
            ("", "planned", "officer", datetime.date(2026, 1, 20), ""),
            ("planned", "held", "officer", datetime.date(2026, 3, 13), "Atelier tenu, feuilles d'émargement signées."),
        ],
        "notes": "Trois jours, deux formateurs de la GIZ ; cas pratique : la demande au fonds conjoint (fictif).",
        # key: (attendance, rating, evaluation, certificate)
        "participants": {
            "manager": ("attended", 5, "Très concret : le cadre logique et le budget d'une vraie demande.", False),
            "omar": ("attended", 4, "Utile ; le module sur les rapports financiers était trop court.", True),
            "manager2": ("partly", 3, "Présent les deux premiers jours (chantier le troisième).", False),
            "finance": ("attended", 4, "Bon module sur les dépenses éligibles et les taux de change.", False),
            "salma": ("absent", None, "", False),
        },
    },
    {
        "title": ("بروتوكول استقبال الوفود الأجنبية", "Accueil et protocole des délégations étrangères", "Receiving foreign delegations: protocol"),
        "skills": ["protocol_delegations"],
        "provider_name": "Formateur indépendant, Agadir (fictif)",
        "dates": (datetime.date(2025, 10, 7), datetime.date(2025, 10, 7)),
        "place": "Commune d'Aourir",
        "format": Training.Format.COURSE,
        "cost": ("9500.00", "MAD"),
        "status": Training.Status.HELD,
        "history": [
            ("", "planned", "officer", datetime.date(2025, 9, 1), ""),
            ("planned", "held", "officer", datetime.date(2025, 10, 8), ""),
        ],
        "notes": "Payé sur le budget de la commune (formation continue).",
        "participants": {
            "meryem": ("attended", 5, "Exactement ce qu'il fallait avant la visite de Saint-Aubin.", False),
            "salma": ("attended", 4, "", False),
        },
    },
    {
        "title": ("النشر وفق معيار IATI: دورة عن بعد", "Publier ses données selon la norme IATI (formation en ligne)", "Publishing to the IATI Standard (online course)"),
        "skills": ["iati_publishing"],
        "provider": "UNDP",
        "dates": (datetime.date(2027, 2, 1), datetime.date(2027, 2, 26)),
        "place": "En ligne",
        "format": Training.Format.ONLINE,
        "cost": ("0.00", "MAD"),
        "status": Training.Status.PLANNED,
        "history": [("", "planned", "officer", datetime.date(2026, 11, 18), "")],
        "notes": "Quatre séances d'une heure et demie ; sans frais.",
        "participants": {
            "finance": ("registered", None, "", False),
            "salma": ("registered", None, "", False),
            "meryem": ("registered", None, "", False),
            "manager": ("registered", None, "", False),
        },
    },
    {
        "title": ("ورشة التفاوض مع الشركاء", "Atelier : négocier avec les partenaires", "Workshop: negotiating with partners"),
        "skills": ["negotiation"],
        "provider": "CD44",
        "funder": "CD44",
        "dates": (datetime.date(2026, 10, 20), datetime.date(2026, 10, 21)),
        "place": "Agadir",
        "format": Training.Format.WORKSHOP,
        "cost": ("0.00", "MAD"),
        "status": Training.Status.CANCELLED,
        "history": [
            ("", "planned", "officer", datetime.date(2026, 7, 2), ""),
            (
                "planned",
                "cancelled",
                "officer",
                datetime.date(2026, 10, 5),
                "La mission des formateurs de Loire-Atlantique est reportée ; à reprogrammer en 2027.",
            ),
        ],
        "notes": "",
        "participants": {},
    },
]  # fmt: skip


def load(loader) -> None:
    skills = _skills(loader)
    positions = _positions(loader, skills)
    profiles = _staff(loader, positions)
    _assessments(loader, profiles)
    _trainings(loader, skills, profiles)


def _skills(loader) -> dict:
    found = {s.code: s for s in Skill.objects.filter(code__in=SKILLS)}
    for order, (code, (ar, fr, en)) in enumerate(SKILLS.items(), start=1):
        skill = found.get(code)
        if skill is None:
            skill = Skill.objects.create(code=code, name_ar=ar, name_fr=fr, name_en=en, order=order)
            found[code] = skill
            loader.created["skills"] += 1
        else:  # fill only what is blank: never overwrite the catalogue's text
            blank = {
                f: v for f, v in (("name_ar", ar), ("name_fr", fr), ("name_en", en)) if not getattr(skill, f)
            }
            if blank:
                Skill.objects.filter(pk=skill.pk).update(**blank)
        if not skill.levels.exists():
            SkillLevel.objects.bulk_create(
                SkillLevel(
                    skill=skill, level=level, description_ar=ar_, description_fr=fr_, description_en=en_
                )
                for level, (ar_, fr_, en_) in LEVEL_TEXT.items()
            )
            loader.created["skill levels"] += len(LEVEL_TEXT)
    return found


def _positions(loader, skills) -> dict:
    found = {p.code: p for p in Position.objects.filter(code__in=POSITIONS)}
    for code, (ar, fr, en) in POSITIONS.items():
        if code not in found:
            found[code] = Position.objects.create(code=code, name_ar=ar, name_fr=fr, name_en=en)
            loader.created["positions"] += 1
        existing = set(Requirement.objects.filter(position=found[code]).values_list("skill__code", flat=True))
        missing = [(s, lvl) for s, lvl in REQUIREMENTS[code].items() if s not in existing]
        Requirement.objects.bulk_create(
            Requirement(position=found[code], skill=skills[s], level=lvl) for s, lvl in missing
        )
        if missing:
            loader.created["requirements"] += len(missing)
    return found


def _staff(loader, positions) -> dict:
    profiles = {}
    for key, (username, name, position, service, manager, email, languages) in STAFF.items():
        user = loader.users.get(username) if username else None
        lookup = {"user": user} if user else {"user": None, "full_name": name}
        profile = StaffProfile.objects.filter(**lookup).first()
        if profile is None:
            profile = StaffProfile.objects.create(
                user=user,
                full_name=user.get_full_name() if user else name,
                position=positions[position],
                service=service,
                manager=profiles.get(manager),
                email=user.email if user else email,
            )
            LanguageSkill.objects.bulk_create(
                LanguageSkill(profile=profile, language=lang, level=level)
                for lang, level in languages.items()
            )
            loader.created["staff profiles"] += 1
        profiles[key] = profile
    return profiles


def _assessor(loader, profiles, key, kind):
    if kind == Assessment.Kind.SELF:
        return profiles[key].user
    manager = profiles[key].manager
    return manager.user if manager else None


def _assessments(loader, profiles) -> None:
    skills = {s.code: s for s in Skill.objects.filter(code__in=SKILLS)}
    for key, rounds in SCORES.items():
        profile = profiles[key]
        required = dict(profile.position.requirements.values_list("skill__code", "level"))
        for (index, kind), scores in rounds.items():
            assessor = _assessor(loader, profiles, key, kind)
            on = ROUNDS[index]
            if (
                assessor is None
                or Assessment.objects.filter(profile=profile, kind=kind, assessed_on=on).exists()
            ):
                continue
            scores = dict(scores)
            need = required.get(TRAINED_SKILL)
            if kind == "manager" and need and key in CLOSED + STILL_OPEN:
                # Before the workshop below what the position needs; after it, at that level for those
                # who attended, still below for the one who was absent.
                if index == 0 or key in STILL_OPEN:
                    scores[TRAINED_SKILL] = min(scores[TRAINED_SKILL], need - 1)
                else:
                    scores[TRAINED_SKILL] = max(scores[TRAINED_SKILL], need)
            assessment = Assessment.objects.create(
                profile=profile, kind=kind, assessed_on=on, assessor=assessor, note=NOTES[index, kind]
            )
            AssessmentScore.objects.bulk_create(
                AssessmentScore(
                    assessment=assessment,
                    skill=skills[code],
                    level=level,
                    comment=_comment(code, level, required.get(code)),
                )
                for code, level in scores.items()
            )
            loader.created["assessments"] += 1


def _comment(code, level, need) -> str:
    if need is None or level >= need:
        return ""
    if code == "iati_publishing":
        return "N'a jamais publié de fichier IATI ; à former."
    if code == "proposal_writing":
        return "A besoin d'aide pour le cadre logique et le budget."
    return ""


def _cost(loader, amount: str, currency: str, on: datetime.date) -> dict:
    """The cost in its currency and in dirhams at the rate of the training's first day (MAD: rate 1,
    as the finance rules give it), with the rate, its date and its source stored beside it."""
    cost = Decimal(amount)
    if not cost:  # nothing to convert: no rate (as the trainings service stores a free training)
        return {
            "cost": cost,
            "currency": currency,
            "cost_mad": cost,
            "rate": None,
            "rate_date": None,
            "rate_source": "",
        }
    try:
        applied = rates.rate_for(currency, on)
    except rates.Refusal:  # the finance demo wrote no rate for that month: its illustrative level
        from sharaka.demo.parts.finance import RATE_LEVELS, RATE_SOURCE

        applied = rates.AppliedRate(Decimal(RATE_LEVELS[currency][on.year]), on.replace(day=1), RATE_SOURCE)
    return {
        "cost": cost,
        "currency": currency,
        "cost_mad": rates.to_mad(cost, applied.rate),
        "rate": applied.rate,
        "rate_date": applied.date,
        "rate_source": applied.source,
    }


def _trainings(loader, skills, profiles) -> None:
    officer = loader.users["officer"]
    for spec in TRAININGS:
        ar, fr, en = spec["title"]
        starts, ends = spec["dates"]
        if Training.objects.filter(title_fr=fr, starts_on=starts).exists():
            continue
        training = Training.objects.create(
            title_ar=ar,
            title_fr=fr,
            title_en=en,
            provider=loader.organisations.get(spec.get("provider", "")),
            provider_name=spec.get("provider_name", ""),
            funder=loader.organisations.get(spec.get("funder", "")),
            starts_on=starts,
            ends_on=ends,
            place=spec["place"],
            format=spec["format"],
            status=spec["status"],
            notes=spec["notes"],
            created_by=officer,
            **_cost(loader, *spec["cost"], starts),
        )
        training.skills.set([skills[code] for code in spec["skills"]])
        loader.created["trainings"] += 1
        for old, new, by, on, reason in spec["history"]:
            change = TrainingStatusChange.objects.create(
                training=training, old_status=old, new_status=new, changed_by=loader.users[by], reason=reason
            )
            when = datetime.datetime.combine(on, datetime.time(10, 0), tzinfo=datetime.UTC)
            TrainingStatusChange.objects.filter(pk=change.pk).update(changed_at=when)
            loader.created["training status changes"] += 1
        for key, (attendance, rating, evaluation, certificate) in spec["participants"].items():
            participation = Participation(
                training=training,
                profile=profiles[key],
                attendance=attendance,
                rating=rating,
                evaluation=evaluation,
            )
            if certificate:
                _certificate(participation, training, profiles[key])
            participation.save()
            loader.created["training participations"] += 1


def _certificate(participation, training, profile) -> None:
    upload = SimpleUploadedFile(
        f"attestation-{profile.full_name.lower().replace(' ', '-')}.pdf",
        minimal_pdf(
            "Attestation de participation (document de demonstration, fictif)",
            f"{profile.full_name} a suivi l'atelier :",
            training.title_fr,
            f"Aourir, du {training.starts_on:%d/%m/%Y} au {training.ends_on:%d/%m/%Y}",
            training.provider.acronym if training.provider_id else training.provider_name,
        ),
        content_type="application/pdf",
    )
    checked = uploads.check(upload, uploads.SUPPORTING_DOCUMENT)
    participation.certificate.save(checked.name, upload, save=False)
    participation.certificate_name = checked.name
    participation.certificate_sha256 = checked.sha256
