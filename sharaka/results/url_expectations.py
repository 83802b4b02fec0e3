"""Expected status of every named URL of the results app, per role (see core/tests/test_url_access.py)."""

from sharaka.core.testing import expect, page

URLS = {}
POSTS = {}
GET_ONLY = set()


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
