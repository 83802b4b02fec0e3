"""Mark the projects that already have a sustainability plan (the flag `Plan.save()` keeps from now on)."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def mark(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Plan = apps.get_model("sustainability", "Plan")
    Project.objects.filter(Exists(Plan.objects.filter(project=OuterRef("pk")))).update(has_sustainability_plan=True)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0009_unplanned_projects"),
        ("sustainability", "0004_sustdash_check_due_order"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
