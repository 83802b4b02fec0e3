"""Reporting schedules through the API, as the schedule pages keep them: added, changed against the
version read, stopped; their due reports marked made and reopened with a reason."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.results.models import DueReport, ReportingSchedule
from sharaka.results.url_expectations import world_schedules

pytestmark = pytest.mark.django_db


def test_a_schedule_added_changed_against_its_version_and_stopped(world):
    world_schedules(world)
    manager = ApiClient(world.personas.manager, language="fr")
    url = f"/api/v1/projects/{world.project.pk}/reporting/"
    backwards = manager.post(
        url,
        {
            "frequency": "monthly",
            "starts_on": "2026-07-01",
            "ends_on": "2026-01-01",
            "days_to_report": 10,
            "responsible": world.personas.manager.pk,
        },
    )
    assert backwards.status_code == 400
    assert backwards.json()["errors"] == {
        "__all__": ["La dernière période ne peut pas finir avant le début de la première."]
    }
    added = manager.post(
        url,
        {
            "frequency": "monthly",
            "starts_on": "2026-07-01",
            "days_to_report": 10,
            "responsible": world.personas.manager.pk,
        },
    )
    assert added.status_code == 201, added.content
    schedule_url = added["Location"]
    assert added.json()["frequency"]["code"] == "monthly" and added.json()["active"] is True
    changed = manager.patch(schedule_url, {"days_to_report": 20}, HTTP_IF_MATCH=added["ETag"])
    assert changed.status_code == 200 and changed.json()["days_to_report"] == 20
    assert manager.patch(schedule_url, {"days_to_report": 5}, HTTP_IF_MATCH=added["ETag"]).status_code == 412
    stopped = manager.patch(schedule_url, {"active": False}, HTTP_IF_MATCH=changed["ETag"])
    assert stopped.status_code == 200 and stopped.json()["active"] is False
    assert manager.patch(schedule_url, {"active": "non"}, HTTP_IF_MATCH=stopped["ETag"]).status_code == 400
    assert ReportingSchedule.objects.get(pk=added.json()["id"]).days_to_report == 20
    assert ApiClient(world.personas.other_manager).post(url, {"frequency": "monthly"}).status_code == 403


def test_a_due_report_made_then_reopened_with_why(world):
    found = world_schedules(world)
    manager = ApiClient(world.personas.manager, language="fr")
    due = found["open_due"]
    made = manager.post(f"/api/v1/reporting/due/{due.pk}/done/")
    assert made.status_code == 200 and made.json()["done_at"]
    silent = manager.post(f"/api/v1/reporting/due/{due.pk}/reopen/", {})
    assert silent.status_code == 400 and list(silent.json()["errors"]) == ["reason"]
    reopened = manager.post(f"/api/v1/reporting/due/{due.pk}/reopen/", {"reason": "Rapport incomplet"})
    assert reopened.status_code == 200 and reopened.json()["done_at"] is None
    assert DueReport.objects.get(pk=due.pk).done_at is None
    assert AuditEntry.objects.filter(object_id=str(due.pk)).count() >= 2
    assert ApiClient(world.personas.finance).post(f"/api/v1/reporting/due/{due.pk}/done/").status_code == 403
