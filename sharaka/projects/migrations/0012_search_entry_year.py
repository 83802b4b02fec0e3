from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import ExtractYear


def file_entries_under_their_year(apps, schema_editor):
    """Each project's search entry takes the year of its planned start (`services.index_project`
    keeps it from then on), so that the project list's words-and-year filter finds every project it
    found before the upgrade."""
    Project = apps.get_model("projects", "Project")
    SearchEntry = apps.get_model("core", "SearchEntry")
    start_year = Project.objects.filter(pk=OuterRef("object_id")).values(year=ExtractYear("planned_start"))[
        :1
    ]
    SearchEntry.objects.filter(kind="project").update(year=Subquery(start_year))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_searchentry_year"),
        ("projects", "0011_public_partner_figures"),
    ]

    operations = [
        migrations.RunPython(file_entries_under_their_year, migrations.RunPython.noop),
    ]
