from django.db import migrations

from sharaka.core.taxonomy import KINDS


def create_themes(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    for kind, choices in KINDS.items():
        for code in choices.values:
            Theme.objects.get_or_create(kind=kind, code=code)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
