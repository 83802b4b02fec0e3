"""Seed the skills catalogue (8 skills, what each of their levels 0 to 4 means in ar/fr/en), the five
positions of the cooperation work and the level each position needs in each skill.

Idempotent: every row is found by its code (skill, position) or its pair (skill and level, position
and skill) and updated in place. Undone: nothing (the rows may already be in use)."""

from django.db import migrations

from sharaka.capacity.data.catalogue import POSITIONS, SKILLS


def seed(apps, schema_editor):
    Skill = apps.get_model("capacity", "Skill")
    SkillLevel = apps.get_model("capacity", "SkillLevel")
    Position = apps.get_model("capacity", "Position")
    Requirement = apps.get_model("capacity", "Requirement")
    skills = {}
    for order, (code, texts, levels) in enumerate(SKILLS, start=1):
        skill, _ = Skill.objects.update_or_create(
            code=code,
            defaults={
                "order": order * 10,
                **{f"name_{lang}": texts[lang][0] for lang in ("ar", "fr", "en")},
                **{f"description_{lang}": texts[lang][1] for lang in ("ar", "fr", "en")},
            },
        )
        skills[code] = skill
        for level, words in enumerate(levels):
            SkillLevel.objects.update_or_create(
                skill=skill,
                level=level,
                defaults={f"description_{lang}": words[lang] for lang in ("ar", "fr", "en")},
            )
    for code, names, needs in POSITIONS:
        position, _ = Position.objects.update_or_create(
            code=code, defaults={f"name_{lang}": names[lang] for lang in ("ar", "fr", "en")}
        )
        for skill_code, level in needs.items():
            Requirement.objects.update_or_create(
                position=position, skill=skills[skill_code], defaults={"level": level}
            )


class Migration(migrations.Migration):
    dependencies = [("capacity", "0001_skills_staff_trainings")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
