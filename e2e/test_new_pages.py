"""The results and sustainability pages no journey walks through, checked in Arabic on a desktop and
on a 375 px phone (`check_page`: direction, axe-core, weight, no sideways scroll): a period, an
approved update and a draft's form, the bulk upload with the preview of a bad CSV, the narrative
report's form, a project's reporting schedules, "who has not reported", the sustainability
threshold, a risk's form and a post-support check. All from the demo, as the cooperation officer."""

import csv
import io

import pytest

from e2e.actions import sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _a_quarterly_schedule_a_year_old(project):
    """The demo has no reporting schedule: the project's manager reports every quarter since a year
    ago, so reports are due and overdue ("who has not reported" lists them)."""
    import datetime

    from django.utils import timezone

    from sharaka.core.models import User
    from sharaka.results import schedules

    today = timezone.localdate()
    return schedules.schedule_save(
        actor=User.objects.get(username="officer"),
        schedule=None,
        project=project,
        data={
            "frequency": "quarterly",
            "starts_on": today.replace(day=1) - datetime.timedelta(days=365),
            "ends_on": None,
            "days_to_report": 15,
            "responsible": project.manager or User.objects.get(username="manager"),
        },
    )


def _demo_pages() -> list[tuple[str, str]]:
    """(screenshot name, path) of one of each page, picked in the demo."""
    from sharaka.results.models import Update
    from sharaka.sustainability.models import Check, Risk

    approved = Update.objects.filter(status="approved").select_related("period__indicator__result").first()
    draft = Update.objects.filter(status="draft").select_related("period__indicator__result").first()
    project = approved.period.indicator.result.project_id
    results = f"/projects/{project}/results/"
    schedule = _a_quarterly_schedule_a_year_old(approved.period.indicator.result.project)
    risk = Risk.objects.order_by("-score").first()
    check = Check.objects.filter(checked_on__isnull=False).first()
    return [
        ("results-period-demo", f"{results}periods/{approved.period_id}/"),
        ("results-update-approved-demo", f"{results}updates/{approved.pk}/"),
        (
            "results-update-edit",
            f"/projects/{draft.period.indicator.result.project_id}/results/updates/{draft.pk}/edit/",
        ),
        ("results-report-form", f"/results/project/{project}/report/"),
        ("results-schedules", f"/results/schedules/projects/{schedule.project_id}/"),
        ("results-not-reported", "/results/schedules/not-reported/"),
        ("sustainability-settings", "/sustainability/settings/"),
        ("sustainability-risk-edit", f"/sustainability/projects/{risk.project_id}/risks/{risk.pk}/"),
        ("sustainability-check", f"/sustainability/projects/{check.project_id}/checks/{check.pk}/"),
        ("results-bulk", f"/results/project/{project}/bulk/"),
    ]


def _bad_csv(page, bulk_path: str) -> dict:
    """The project's own CSV template, filled wrong: text for a number, then a formula."""
    template = page.request.get(bulk_path + "template.csv")
    assert template.status == 200
    rows = list(csv.reader(io.StringIO(template.body().decode("utf-8-sig"))))
    assert len(rows) >= 3, "the template has fewer than two periods to fill"
    value = 7  # the first column to fill, after the seven reference columns
    rows[1][value] = "cent vingt"
    rows[2][value] = "=1+1"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return {"name": "bad.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode("utf-8")}


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_new_pages_in_arabic(open_page, phone):
    pages = _demo_pages()
    page = sign_in(open_page("ar", phone=phone), "officer", "ar")
    for name, path in pages:
        page.goto(path)
        check_page(page, name, "ar")

    # The bulk upload's preview of a file with errors (the last page visited).
    bulk = pages[-1][1]
    page.locator("input[name=file]").set_input_files(_bad_csv(page, bulk))
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit].primary").click()
    check_page(page, "results-bulk-preview-errors", "ar")
    assert page.locator("main .form-errors").count() >= 1, "the bad rows are not reported"
