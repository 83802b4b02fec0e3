"""The upgrade that files each project's search entry under its year keeps the list's words-and-year
filter finding what it found before (migration projects 0012)."""

import datetime

import pytest

from sharaka.core.testing import migrate_to

BEFORE = [("core", "0008_searchentry_one_index"), ("projects", "0011_public_partner_figures")]
AFTER = [("core", "0009_searchentry_year"), ("projects", "0012_search_entry_year")]


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_gives_each_project_entry_the_year_of_its_planned_start():
    old = migrate_to(BEFORE)
    Project, SearchEntry = old.get_model("projects", "Project"), old.get_model("core", "SearchEntry")
    dated = Project.objects.create(
        code="AOU-Y-001", title_fr="Puits", planned_start=datetime.date(2027, 5, 1)
    )
    undated = Project.objects.create(code="AOU-Y-002", title_fr="Puits sans date")
    for project in (dated, undated):
        SearchEntry.objects.create(kind="project", object_id=project.pk, text=project.title_fr.lower())
    SearchEntry.objects.create(kind="organisation", object_id=dated.pk, text="same id, another kind")

    new = migrate_to(AFTER)

    entries = new.get_model("core", "SearchEntry").objects
    assert dict(entries.filter(kind="project").values_list("object_id", "year")) == {
        dated.pk: 2027,
        undated.pk: None,
    }
    assert entries.get(kind="organisation").year is None
    migrate_to()
