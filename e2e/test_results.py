"""The project manager reports a period's value in Arabic (and French) and submits it; the
cooperation officer approves it; the actual and the share of indicators on track appear on the
project's results page, which also fits a 375 px phone."""

import datetime
from decimal import Decimal

import pytest

from e2e.actions import go, sign_in, sign_out, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _period_to_report():
    """A demo project the demo manager manages, given an output with one indicator and one period
    (through the services, as the officer would set it up)."""
    from sharaka.core.models import User
    from sharaka.projects.models import Project
    from sharaka.results import services

    manager = User.objects.get(username="manager")
    officer = User.objects.get(username="officer")
    project = Project.objects.filter(manager=manager, archived_at__isnull=True).order_by("code").first()
    assert project, "the demo manager manages a project"
    result = services.result_save(
        actor=officer,
        project=project,
        result=None,
        data={
            "type": "1",
            "title_ar": "ربط الأسر بشبكة الماء الصالح للشرب",
            "title_fr": "Raccordement des ménages au réseau d'eau potable",
        },
    )
    indicator = services.indicator_save(
        actor=officer,
        result=result,
        indicator=None,
        data={
            "title_ar": "عدد الأسر المربوطة",
            "title_fr": "Nombre de ménages raccordés",
            "measure": "1",
            "unit_ar": "أسرة",
            "unit_fr": "ménages",
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
            "target": Decimal("120"),
        },
    )
    return project, period


NARRATIVE = {
    "ar": "تم ربط مائة وخمس عشرة أسرة بدوار تامراغت خلال هذه الفترة.",
    "fr": "Cent quinze ménages de Tamraght ont été raccordés pendant la période.",
}


def _move(page, to: str, name: str, lang: str) -> None:
    """Press the road's button (htmx: the block is replaced in place, with the new status and a message)."""
    page.locator(f"#road button[value={to}]").click()
    page.locator(f"#update-status.update-{to}").wait_for()
    page.locator("#road-message .message.success").wait_for()
    check_page(page, name, lang)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_period_is_reported_submitted_and_approved(open_page, lang):
    project, period = _period_to_report()
    page = sign_in(open_page(lang), "manager", lang)
    page.goto(f"/projects/{project.pk}/")
    check_page(page, "project-detail-results-link", lang)
    go(page, f"main a[href='/projects/{project.pk}/results/']", "results-project", lang)
    go(page, f"main a[href='/projects/{project.pk}/results/periods/{period.pk}/']", "results-period", lang)
    go(page, "main a[href$='/updates/new/']", "results-update-new", lang)
    page.locator("[name=value]").fill("115")
    page.locator(f"[name=narrative_{lang}]").fill(NARRATIVE[lang])
    page.locator("[name=part_sex_female]").fill("60")
    page.locator("[name=part_sex_male]").fill("55")
    submit(page, "results-update-draft", lang)
    assert page.locator("#update-status.update-draft").is_visible()
    update_path = page.url.split("://", 1)[1].split("/", 1)[1]
    _move(page, "submitted", "results-update-submitted", lang)
    sign_out(page)

    page = sign_in(page, "officer", lang)
    page.goto("/" + update_path)
    check_page(page, "results-update-to-approve", lang)
    _move(page, "approved", "results-update-approved", lang)
    page.goto(f"/projects/{project.pk}/results/")
    check_page(page, "results-project-approved", lang)
    actual = page.locator("main table tbody tr td.num").nth(1)
    assert actual.inner_text().strip() == "115"
    share = page.locator("#share-on-track")
    assert share.locator("bdi").nth(0).inner_text() == "1"
    assert share.locator("bdi").nth(1).inner_text() == "1"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_results_page_fits_a_phone(open_page, lang):
    from sharaka.core.models import User
    from sharaka.results import services

    project, period = _period_to_report()
    manager, officer = User.objects.get(username="manager"), User.objects.get(username="officer")
    update = services.update_save(actor=manager, period=period, update=None, data={"value": Decimal("80")})
    services.update_move(actor=manager, update=update, to="submitted")
    services.update_move(actor=officer, update=update, to="approved")
    page = sign_in(open_page(lang, phone=True), "officer", lang)
    page.goto(f"/projects/{project.pk}/results/")
    check_page(page, "results-project", lang)
    assert page.locator("figure.chart svg").is_visible()
