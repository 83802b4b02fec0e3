"""A person at GIZ, in French, on a desktop and on a phone: opens the workspace and its agreement,
sends a report against an obligation (an odd file first refused on the same page, the title kept),
then writes to the unit about a shared project."""

import datetime

import pytest
from django.utils import timezone

from e2e.actions import go, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _giz_obligation():
    """The demo's GIZ financing agreement, given a report due in a month (set up through the ORM)."""
    from sharaka.agreements.models import Agreement, Obligation
    from sharaka.partners.models import Organisation
    from sharaka.projects.models import Project

    giz = Organisation.objects.get(acronym="GIZ")
    agreement = Agreement.objects.get(reference="DEMO-AGR-14")
    obligation = Obligation.objects.create(
        agreement=agreement,
        kind=Obligation.Kind.REPORT,
        title="Rapport technique semestriel",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    project = Project.objects.filter(participations__organisation=giz).order_by("pk").first()
    return agreement, obligation, project


@pytest.mark.parametrize("phone", [False, True], ids=["1366", "375"])
def test_a_partner_sends_a_report_and_writes_to_the_unit(open_page, phone):
    agreement, obligation, project = _giz_obligation()
    assert project is not None, "the demo shares a project with GIZ"
    suffix = "-375" if phone else ""
    page = sign_in(open_page("fr", phone=phone), "partner.giz", "fr")
    go(page, "main a[href='/partner/']", f"partnerspace-home{suffix}", "fr")
    assert "Rapport technique semestriel" in page.locator("main").inner_text()

    go(page, f"main a[href='/partner/agreements/{agreement.pk}/']", f"partnerspace-agreement{suffix}", "fr")
    go(
        page,
        f"main a[href='/partner/obligations/{obligation.pk}/submit/']",
        f"partnerspace-submit{suffix}",
        "fr",
    )

    page.locator("input[name=title]").fill("Rapport S1 signé")
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "rapport.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}]
    )
    submit(page, f"partnerspace-submit-refused{suffix}", "fr")
    assert "Seuls ces types de fichiers sont acceptés ici" in page.locator("main").inner_text()
    assert page.locator("input[name=title]").input_value() == "Rapport S1 signé"

    page.locator("input[name=file]").set_input_files(
        files=[
            {"name": "rapport-s1.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 rapport\n%%EOF\n"}
        ]
    )
    submit(page, f"partnerspace-agreement-sent{suffix}", "fr")
    text = page.locator("main").inner_text()
    assert "Rapport S1 signé" in text and "en attente d'examen" in text

    page.goto(f"/partner/projects/{project.pk}/messages/")
    check_page(page, f"partnerspace-thread{suffix}", "fr")
    page.locator("textarea[name=body]").fill(
        "Bonjour, la visite de terrain peut-elle avoir lieu en janvier ?"
    )
    submit(page, f"partnerspace-thread-sent{suffix}", "fr")
    assert "visite de terrain" in page.locator("main").inner_text()
