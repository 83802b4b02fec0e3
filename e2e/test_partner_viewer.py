"""A person at UNDP sees the projects shared with UNDP, and a "not found" page for anyone else's."""

import pytest

from e2e.actions import go, sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _projects():
    from sharaka.partners.models import Organisation
    from sharaka.projects.models import Project

    undp = Organisation.objects.get(acronym="UNDP")
    shared = set(Project.objects.filter(participations__organisation=undp).values_list("pk", flat=True))
    other = Project.objects.exclude(pk__in=shared).order_by("pk").first()
    stranger = Organisation.objects.exclude(pk=undp.pk).order_by("pk").first()
    return undp, shared, other, stranger


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_partner_viewer_sees_its_projects_and_not_another_partners(open_page, lang):
    undp, shared, other, stranger = _projects()
    assert shared and other, "the demo shares projects with UNDP and keeps others private"
    page = sign_in(open_page(lang), "partner.undp", lang)
    check_page(page, "partner-home", lang)
    links = page.locator("main table a[href^='/projects/']")
    listed = {int(links.nth(i).get_attribute("href").strip("/").split("/")[-1]) for i in range(links.count())}
    assert listed == shared

    go(page, "main table a[href^='/projects/']", "partner-project-detail", lang)
    go(page, "header a.brand", "partner-home", lang)
    go(page, f"main a[href='/partners/{undp.pk}/']", "partner-own-page", lang)

    response = page.goto(f"/projects/{other.pk}/")
    assert response.status == 404
    check_page(page, "not-found", lang, status=404)
    response = page.goto(f"/partners/{stranger.pk}/")
    assert response.status == 404
    check_page(page, "not-found-partner", lang, status=404)
