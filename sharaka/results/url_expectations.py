"""Expected status of every named URL of the results app, per role (see core/tests/test_url_access.py)."""

import datetime

from sharaka.core.testing import expect, page, wrote

URLS = {}
POSTS = {}
GET_ONLY = set()


# --- reporting schedules (views_schedules.py, urls_schedules.py) -----------------------------------
# The world's project has a quarterly schedule kept by its manager, with one open and one reported
# due report; the world's agreement obligation has a yearly one. Schedules are the commune's own
# business: a partner viewer who sees the project is refused (403), the prefecture never sees it (404).


def world_schedules(w):
    if "project_schedule" not in w.extra:
        from sharaka.agreements.url_expectations import world_agreement
        from sharaka.results.models import DueReport, ReportingSchedule

        world_agreement(w)
        schedule = ReportingSchedule.objects.create(
            project=w.project,
            frequency="quarterly",
            starts_on=datetime.date(2026, 1, 1),
            days_to_report=15,
            responsible=w.personas.manager,
        )
        open_due = DueReport.objects.create(
            schedule=schedule,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            due_on=datetime.date(2026, 4, 15),
        )
        done_due = DueReport.objects.create(
            schedule=schedule,
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2026, 6, 30),
            due_on=datetime.date(2026, 7, 15),
            done_at=datetime.datetime(2026, 7, 10, 9, 0, tzinfo=datetime.UTC),
            done_by=w.personas.manager,
        )
        obligation_schedule = ReportingSchedule.objects.create(
            obligation=w.extra["obligation"],
            frequency="yearly",
            starts_on=datetime.date(2026, 1, 1),
            days_to_report=30,
            responsible=w.personas.officer,
        )
        w.extra.update(
            project_schedule=schedule,
            open_due=open_due,
            done_due=done_due,
            obligation_schedule=obligation_schedule,
        )
    return w.extra


def _project(w):
    world_schedules(w)
    return {"pk": w.project.pk}


def _obligation(w):
    return {"pk": world_schedules(w)["obligation"].pk}


def _schedule(w):
    return {"pk": world_schedules(w)["project_schedule"].pk}


def _open_due(w):
    return {"pk": world_schedules(w)["open_due"].pk}


def _done_due(w):
    return {"pk": world_schedules(w)["done_due"].pk}


# Who keeps a project's schedules: whoever may edit the project (the unit, its manager).
SCHEDULE_EDITORS = expect(
    403, administrator=200, cooperation_officer=200, project_manager=200, prefecture=404
)
# An obligation's: whoever may edit agreements.
OBLIGATION_EDITORS = expect(403, administrator=200, cooperation_officer=200, partner_viewer=404)

URLS.update(
    {
        "schedule_project": (_project, expect(200, prefecture=404, partner_viewer=403)),
        "schedule_project_add": (_project, SCHEDULE_EDITORS),
        "schedule_obligation": (_obligation, expect(200, prefecture=403, partner_viewer=404)),
        "schedule_obligation_add": (_obligation, OBLIGATION_EDITORS),
        "schedule_edit": (_schedule, SCHEDULE_EDITORS),
        "schedule_active": (_schedule, expect(405)),
        "due_report_done": (_open_due, expect(405)),
        "due_report_reopen": (_done_due, expect(405)),
        # The unit's list of who has not reported: administrator, cooperation officer, president, auditor.
        "not_reported": (
            None,
            expect(
                403,
                administrator=200,
                cooperation_officer=200,
                president=200,
                auditor=200,
                prefecture=404,
                partner_viewer=404,
            ),
        ),
    }
)

POST_SCHEDULE_EDITORS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), project_manager=wrote(), prefecture=404
)
POSTS.update(
    {
        "schedule_project_add": (
            page(
                lambda w: {
                    "frequency": "monthly",
                    "starts_on": "2026-07-01",
                    "days_to_report": "10",
                    "responsible": str(w.personas.manager.pk),
                }
            ),
            POST_SCHEDULE_EDITORS,
        ),
        "schedule_obligation_add": (
            page(
                lambda w: {
                    "frequency": "half_yearly",
                    "starts_on": "2026-01-01",
                    "days_to_report": "20",
                    "responsible": str(w.personas.officer.pk),
                }
            ),
            expect(403, administrator=wrote(), cooperation_officer=wrote(), partner_viewer=404),
        ),
        "schedule_edit": (page(lambda w: {"days_to_report": "25"}), POST_SCHEDULE_EDITORS),
        "schedule_active": (lambda w: {"active": "0"}, POST_SCHEDULE_EDITORS),
        # The responsible person (the manager) or whoever keeps the schedule.
        "due_report_done": (None, POST_SCHEDULE_EDITORS),
        "due_report_reopen": (lambda w: {"reason": "Marqué par erreur"}, POST_SCHEDULE_EDITORS),
    }
)
GET_ONLY |= {"schedule_project", "schedule_obligation", "not_reported"}
# --- end of reporting schedules ---------------------------------------------------------------------
