"""The cooperation officer, reading Sharaka in Arabic, finds a call for the small solar desalination
unit of Imi Miki (AOU-2026-001) and drafts its concept note.

From the project's page: its funding section ranks the calls; the full ranking explains each score
and, for the GEF Small Grants call, where the commune can only be a co-applicant, names the lead it
needs and partners able to lead. The officer prepares an application to it in French, with
Surfrider Maroc as lead, decides the go with a reason, opens the proposal, rewrites its summary and
downloads the concept note as a Word file, whose paragraphs are read back: the project's French
title, the summary just written, the call. The pages are checked on the way (direction, axe-core,
weight, no sideways scroll), the ranking and the proposal also on a 375 px phone.
"""

import io

import pytest

from e2e.actions import go, sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

PROJECT = "AOU-2026-001"
CALL = "GEF-SGP-MA"
SUMMARY = "Une unité solaire de dessalement pour les 1 785 habitants d'Imi Miki, entretenue par le douar."
GO_REASON = "الدعوة تلائم المشروع: الماء والطاقة، والمبلغ في حدود السقف."


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_officer_finds_a_call_for_the_desalination_unit_and_drafts_its_concept_note(open_page):
    from sharaka.funding.models import Application, Call
    from sharaka.partners.models import Organisation
    from sharaka.projects.models import Project

    project = Project.objects.get(code=PROJECT)
    call = Call.objects.get(reference=CALL)
    assert not Application.objects.filter(project=project, call=call).exists()
    page = sign_in(open_page("ar"), "officer", "ar")

    # The project's page ranks the calls; its link leads to the full ranking with the reasons.
    page.goto(f"/projects/{project.pk}/")
    check_page(page, "funding-journey-project", "ar")
    ranking_url = f"/funding/projects/{project.pk}/calls/"
    go(page, f"main a[href='{ranking_url}']", "funding-journey-ranking", "ar")
    row = page.locator(".matches > *").filter(has=page.locator(f"a[href='/funding/calls/{call.pk}/']")).first
    assert row.is_visible(), "the GEF Small Grants call is not ranked for the desalination unit"
    assert row.locator(".lead-needed").is_visible(), "the co-applicant call does not name the lead it needs"
    row.locator("details.parts summary").click()
    assert row.locator("details.parts li").count() >= 5, "the score's parts are not explained"

    # Prepare an application: project and call come filled in from the ranking.
    with page.expect_navigation():
        row.locator("a[href*='/funding/applications/add/']").first.click()
    check_page(page, "funding-journey-open", "ar")
    assert page.locator("select[name=project]").input_value() == str(project.pk)
    assert page.locator("select[name=call]").input_value() == str(call.pk)
    page.locator("select[name=language]").select_option("fr")
    lead = Organisation.objects.get(acronym="SURFRIDER-MA")
    page.locator("select[name=lead]").select_option(str(lead.pk))
    page.locator("input[name=amount_requested]").fill("45000")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit].primary").first.click()
    check_page(page, "funding-journey-considered", "ar")
    application = Application.objects.get(project=project, call=call)
    assert page.url.endswith(f"/funding/applications/{application.pk}/")

    # The go, with its reason.
    go_form = page.locator("form.move-form:has(input[name=to][value=drafting])")
    go_form.locator("textarea[name=reason]").fill(GO_REASON)
    with page.expect_navigation():
        go_form.locator("button[type=submit]").click()
    check_page(page, "funding-journey-go", "ar")
    application.refresh_from_db()
    assert application.status == "drafting"
    assert application.status_changes.last().reason == GO_REASON

    # The proposal: drafted from the project's data, the checklist first; the summary rewritten.
    go(
        page,
        f"main a[href='/funding/applications/{application.pk}/proposal/']",
        "funding-journey-proposal",
        "ar",
    )
    assert page.locator("#checklist-title").is_visible()
    summary = page.locator("section.card:has(form[action$='/sections/summary/'])")
    summary.locator("details > summary").click()
    summary.locator("textarea[name=summary-text]").fill(SUMMARY)
    with page.expect_navigation():
        summary.locator("form button[type=submit].primary").click()
    check_page(page, "funding-journey-proposal-saved", "ar")
    assert application.sections.get(key="summary").text == SUMMARY

    # The concept note as a Word file, in French, read back.
    page.locator("select[name=document]").select_option("concept_note")
    page.locator("select[name=format]").select_option("docx")
    with page.expect_download() as download:
        page.locator("main form[method=get] button[type=submit]").click()
    text = _docx_text(open(download.value.path(), "rb").read())
    assert project.title_fr in text
    assert SUMMARY in text
    assert call.title_fr in text, "the concept note does not name the call in French"


@pytest.mark.parametrize("where", ["ranking", "proposal"])
def test_the_ranking_and_the_proposal_on_a_phone_in_arabic(open_page, where):
    from sharaka.funding.models import Application
    from sharaka.projects.models import Project

    project = Project.objects.get(code=PROJECT)
    page = sign_in(open_page("ar", phone=True), "officer", "ar")
    if where == "ranking":
        page.goto(f"/funding/projects/{project.pk}/calls/")
    else:
        application = Application.objects.get(project=project, call__reference="KUSANONE")
        page.goto(f"/funding/applications/{application.pk}/proposal/")
    check_page(page, f"funding-journey-{where}-phone", "ar")
