"""The funding applications' pages, checked in Arabic on a desktop and on a 375 px phone
(`check_page`: direction, axe-core, weight, no sideways scroll): the list, an application in drafting
with its move forms, an awarded one with its feedback and lessons, the form that opens one and the
form that changes one. From the demo's applications, as the cooperation officer."""

import pytest

from e2e.actions import sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _applications() -> dict:
    from sharaka.funding.models import Application

    return {
        "drafting": Application.objects.get(call__reference="KUSANONE", project__code="AOU-2026-001"),
        "awarded": Application.objects.get(call__reference="GEF-SGP-MA"),
    }


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_applications_pages_in_arabic(open_page, phone):
    found = _applications()
    drafting, awarded = found["drafting"], found["awarded"]
    page = sign_in(open_page("ar", phone=phone), "officer", "ar")
    for name, path in [
        ("funding-applications", "/funding/applications/"),
        ("funding-application-drafting", f"/funding/applications/{drafting.pk}/"),
        ("funding-application-awarded", f"/funding/applications/{awarded.pk}/"),
        ("funding-application-add", f"/funding/applications/add/?project={drafting.project_id}"),
        ("funding-application-edit", f"/funding/applications/{awarded.pk}/edit/"),
    ]:
        page.goto(path)
        check_page(page, name, "ar")
