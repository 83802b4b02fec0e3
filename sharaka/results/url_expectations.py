"""Expected status of every named URL of the results app, per role (see core/tests/test_url_access.py).

The world's project (managed by the project-manager persona, shared with the partner viewer's
organisation) has an output with one indicator and two periods: an open one, holding a draft, a
submitted and an approved update (the approved one with evidence), and a locked one. The commune's
staff read everything; the chain is changed by the unit and the project's manager; values are
reported by them and approved by the unit or the president; a partner viewer reads approved updates
only (a draft or a submitted update is "not found" to them); prefecture staff: 404 everywhere.
"""

import datetime

from sharaka.core.testing import expect, page, pdf_upload, wrote


def world_results(w):
    if "results" not in w.extra:
        import datetime
        from decimal import Decimal

        from django.core.files.uploadedfile import SimpleUploadedFile

        from sharaka.results import services
        from sharaka.results.models import Evidence, Result

        officer, manager = w.personas.officer, w.personas.manager
        result = services.result_save(
            actor=officer,
            project=w.project,
            result=None,
            data={"type": Result.Type.OUTPUT, "title_fr": "Bornes-fontaines", "title_ar": "سقايات عمومية"},
        )
        indicator = services.indicator_save(
            actor=officer,
            result=result,
            indicator=None,
            data={
                "title_fr": "Ménages raccordés",
                "title_ar": "الأسر المربوطة",
                "measure": "1",
                "baseline_value": Decimal("0"),
                "baseline_year": 2025,
            },
        )
        period = services.period_save(
            actor=officer,
            indicator=indicator,
            period=None,
            data={
                "start": datetime.date(2026, 1, 1),
                "end": datetime.date(2026, 6, 30),
                "target": Decimal("100"),
            },
        )
        closed = services.period_save(
            actor=officer,
            indicator=indicator,
            period=None,
            data={
                "start": datetime.date(2026, 7, 1),
                "end": datetime.date(2026, 12, 31),
                "target": Decimal("200"),
            },
        )
        approved = services.update_save(
            actor=manager, period=period, update=None, data={"value": Decimal("40")}
        )
        services.update_move(actor=manager, update=approved, to="submitted")
        approved = services.update_move(actor=officer, update=approved, to="approved")
        evidence = Evidence.objects.create(
            update=approved,
            title="Liste des ménages",
            file=SimpleUploadedFile("menages.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
            content_type="application/pdf",
            size=13,
            sha256="0" * 64,
            uploaded_by=manager,
        )
        submitted = services.update_save(
            actor=manager, period=period, update=None, data={"value": Decimal("55")}
        )
        submitted = services.update_move(actor=manager, update=submitted, to="submitted")
        draft = services.update_save(actor=manager, period=period, update=None, data={"value": Decimal("60")})
        services.period_lock(actor=officer, period=closed)
        w.extra["results"] = {
            "result": result,
            "indicator": indicator,
            "period": period,
            "locked": closed,
            "approved": approved,
            "submitted": submitted,
            "draft": draft,
            "evidence": evidence,
        }
    return w.extra["results"]


def _kw(**names):
    """kwargs for a URL: the project's pk and the named world objects' pks."""

    def kwargs(w):
        objects = world_results(w)
        return {"pk": w.project.pk, **{key: objects[name].pk for key, name in names.items()}}

    return kwargs


# Everyone who may see the project reads its results; prefecture staff do not see projects.
READERS = expect(200, prefecture=404)
# The chain is changed by the unit and the project's manager; other readers 403.
EDITORS = expect(403, administrator=200, cooperation_officer=200, project_manager=200, prefecture=404)
# A draft is the commune's work in progress: a partner never learns it exists.
DRAFT_EDITORS = {**EDITORS, "partner_viewer": 404}

URLS = {
    "results_project": (_kw(), READERS),
    "results_result_add": (_kw(), EDITORS),
    "results_result_edit": (_kw(result_pk="result"), EDITORS),
    "results_indicator_add": (_kw(result_pk="result"), EDITORS),
    "results_indicator_edit": (_kw(indicator_pk="indicator"), EDITORS),
    "results_period_add": (_kw(indicator_pk="indicator"), EDITORS),
    # The locked period: its page holds the unlock form (for the fuzzer to find).
    "results_period": (_kw(period_pk="locked"), READERS),
    "results_period_edit": (_kw(period_pk="period"), EDITORS),
    "results_update_add": (_kw(period_pk="period"), EDITORS),
    # A submitted update (its page holds the approve and return forms): the commune only; a partner
    # reads approved updates alone (results/tests/test_pages.py).
    "results_update": (_kw(update_pk="submitted"), expect(200, prefecture=404, partner_viewer=404)),
    "results_update_edit": (_kw(update_pk="draft"), DRAFT_EDITORS),
    "results_evidence_upload": (_kw(update_pk="draft"), DRAFT_EDITORS),
    "results_evidence_download": (_kw(update_pk="approved", evidence_pk="evidence"), READERS),
    # POST only: a GET is refused before anything else is looked at.
    "results_period_lock": (_kw(period_pk="period"), expect(405)),
    "results_period_unlock": (_kw(period_pk="locked"), expect(405)),
    "results_update_move": (_kw(update_pk="submitted"), expect(405)),
}

# What a POST does, per role: written out, never read from the code (pipeline.py, access.py).
POST_EDITORS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), project_manager=wrote(), prefecture=404
)
POST_DRAFT_EDITORS = {**POST_EDITORS, "partner_viewer": 404}
# Approving a submitted update: the unit and the president; the manager reports but does not approve.
POST_APPROVERS = expect(
    403,
    administrator=wrote(),
    cooperation_officer=wrote(),
    president=wrote(),
    prefecture=404,
    partner_viewer=404,
)
# Locks: the unit and the president.
POST_LOCKERS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), president=wrote(), prefecture=404
)

POSTS = {
    "results_result_add": (page(lambda w: {"type": "2", "title_fr": "Accès à l'eau amélioré"}), POST_EDITORS),
    "results_result_edit": (page(lambda w: {"title_fr": "Bornes-fontaines (révisé)"}), POST_EDITORS),
    "results_indicator_add": (
        page(
            lambda w: {
                "title_ar": "عدد السقايات",
                "measure": "1",
                "baseline_value": "2",
                "baseline_year": "2025",
            }
        ),
        POST_EDITORS,
    ),
    "results_indicator_edit": (page(lambda w: {"unit_fr": "ménages"}), POST_EDITORS),
    "results_period_add": (
        page(lambda w: {"start": "2027-01-01", "end": "2027-06-30", "target": "300"}),
        POST_EDITORS,
    ),
    "results_period_edit": (page(lambda w: {"target": "120"}), POST_EDITORS),
    "results_update_add": (
        page(lambda w: {"value": "70", "narrative_fr": "Soixante-dix ménages raccordés"}),
        POST_EDITORS,
    ),
    "results_update_edit": (page(lambda w: {"value": "65"}), POST_DRAFT_EDITORS),
    "results_evidence_upload": (
        page(lambda w: {"title": "Photos", "file": pdf_upload()}),
        POST_DRAFT_EDITORS,
    ),
    "results_update_move": (
        lambda w: {"to": "approved", "version": world_results(w)["submitted"].version},
        POST_APPROVERS,
    ),
    "results_period_lock": (lambda w: {}, POST_LOCKERS),
    "results_period_unlock": (
        lambda w: {"reason": "Chiffre corrigé après la visite de terrain"},
        POST_LOCKERS,
    ),
}
GET_ONLY = {"results_project", "results_period", "results_update", "results_evidence_download"}


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


# --- bulk updates and the narrative report (results/bulk.py, narrative.py) ---------------------------
# Bulk: whoever may report on the world's project (the unit, its manager); other staff and its partner
# viewer 403, the prefecture 404. The report: whoever sees the project; the prefecture 404.


def bulk_chain(w):
    """One output with an indicator and an open period on the world's project."""
    if "results_bulk" not in w.extra:
        import datetime
        from decimal import Decimal

        from sharaka.results.models import Indicator, Period, Result

        result = Result.objects.create(project=w.project, type=Result.Type.OUTPUT, title_fr="Bornes")
        indicator = Indicator.objects.create(
            result=result, title_fr="Ménages raccordés", title_ar="الأسر المرتبطة", measure="1"
        )
        period = Period.objects.create(
            indicator=indicator,
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 6, 30),
            target=Decimal("120"),
        )
        w.extra["results_bulk"] = {"result": result, "indicator": indicator, "period": period}
    return w.extra["results_bulk"]


def _bulk_project(w):
    bulk_chain(w)
    return {"pk": w.project.pk}


def _bulk_xlsx(w):
    """The world's period reported at 40, as a filled template."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    period = bulk_chain(w)["period"]
    wb = Workbook()
    wb.active.append(["period", "value"])
    wb.active.append([period.pk, 40])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("updates.xlsx", out.getvalue())


BULK_PAGE = expect(403, administrator=200, cooperation_officer=200, project_manager=200, prefecture=404)
BULK_APPLY = expect(403, administrator=302, cooperation_officer=302, project_manager=302, prefecture=404)

URLS.update(
    {
        "results_bulk": (_bulk_project, BULK_PAGE),
        "results_bulk_template_xlsx": (_bulk_project, BULK_PAGE),
        "results_bulk_template_csv": (_bulk_project, BULK_PAGE),
        "results_bulk_apply": (_bulk_project, expect(405)),  # POST only
        "results_report": (_bulk_project, expect(200, prefecture=404)),
    }
)
POSTS.update(
    {
        # A preview: the rows are checked through the services in a transaction rolled back, nothing
        # is written (the file is kept for "apply", outside the database).
        "results_bulk": (page(lambda w: {"file": _bulk_xlsx(w)}), BULK_PAGE),
        # "Apply" with a token that is not this session's: nothing written, back to the upload page.
        "results_bulk_apply": (lambda w: {"token": "0" * 32}, BULK_APPLY),
    }
)
GET_ONLY |= {"results_bulk_template_xlsx", "results_bulk_template_csv", "results_report"}
# --- end of bulk updates and the narrative report ----------------------------------------------------
