"""The object of an agreement, like its title, in Arabic, French and English (issue #11).

The one `object_text` moves into the field of the language it is written in (Arabic when nothing tells),
and so does the object an amendment changes (`changes`).
"""

import re

from django.db import migrations, models

# A frozen copy of sharaka.core.multilingual.guess_language as it was when this migration was written.
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_FRENCH = re.compile(
    r"[éèêàçùœîôû]|\b(le|la|les|des|du|une|et|pour|entre|dans|avec|sur|aux?)\b|\b[ldn]'", re.I
)
_ENGLISH = re.compile(r"\b(the|of|and|for|between|with|to|in|is)\b", re.I)


def guess_language(text):
    text = text or ""
    if _ARABIC.search(text):
        return "ar"
    french, english = len(_FRENCH.findall(text)), len(_ENGLISH.findall(text))
    if french or english:
        return "fr" if french >= english else "en"
    return "ar"


def forwards(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    for agreement in Agreement.objects.all().iterator():
        fields = []
        if agreement.object_text:
            setattr(agreement, f"object_{guess_language(agreement.object_text)}", agreement.object_text)
            fields += ["object_ar", "object_fr", "object_en"]
        if "object_text" in (agreement.changes or {}):
            old, new = agreement.changes.pop("object_text")
            language = guess_language(new or old)
            agreement.changes[f"object_{language}"] = [old, new]
            fields.append("changes")
        if fields:
            agreement.save(update_fields=sorted(set(fields)))


def backwards(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    for agreement in Agreement.objects.all().iterator():
        agreement.object_text = agreement.object_ar or agreement.object_fr or agreement.object_en
        for language in ("ar", "fr", "en"):
            if f"object_{language}" in (agreement.changes or {}):
                agreement.changes["object_text"] = agreement.changes.pop(f"object_{language}")
        agreement.save(update_fields=["object_text", "changes"])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0006_obligation_and_plan_action_history")]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="object_ar",
            field=models.TextField(blank=True, verbose_name="object of the agreement in Arabic"),
        ),
        migrations.AddField(
            model_name="agreement",
            name="object_fr",
            field=models.TextField(blank=True, verbose_name="object of the agreement in French"),
        ),
        migrations.AddField(
            model_name="agreement",
            name="object_en",
            field=models.TextField(blank=True, verbose_name="object of the agreement in English"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="agreement", name="object_text"),
    ]
