"""An agreement along its legal road (law 113-14), in two journeys.

- A cooperation officer creates one and takes it along the first stretch: legally qualified, draft
  negotiated, on a council session's agenda, in committee; the session's page then lists it.
- The rest of the road, from an agreement put on the agenda weeks ago of a session that opens
  today (a new one cannot be deliberated on the day it is put on the agenda): the officer downloads
  the DOCX draft, sends it to committee, records the attendance and the roll-call, then the
  deliberation with the council's decision and the transmission to the Governor with its receipt;
  the prefecture acknowledges receipt, raises no objection, grants the visa and the art. 86
  approval; the president signs.
"""

import pytest

from e2e.actions import go, path_of, sign_in, sign_out, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

ROAD = ["qualified", "drafted", "on_agenda", "in_committee"]
TITLES = {
    "ar": {"title_ar": "اتفاقية شراكة حول تدبير الساحل"},
    "fr": {"title_fr": "Convention de partenariat pour la gestion du littoral"},
}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_officer_takes_an_agreement_onto_the_councils_agenda(open_page, lang):
    from sharaka.partners.models import Organisation

    undp = Organisation.objects.get(acronym="UNDP")
    page = sign_in(open_page(lang), "officer", lang)
    go(page, ".main-nav a[href='/agreements/']", "agreement-list", lang)
    go(page, "main a[href='/agreements/new/']", "agreement-new", lang)
    page.locator("select[name=kind]").select_option("partnership")
    page.locator(
        f"#id_partners-filter-list input[type=checkbox][value='{undp.pk}']"
    ).check()  # the searchable picker
    for field, value in TITLES[lang].items():
        page.locator(f"[name={field}]").fill(value)
    page.locator("[name=object_fr]").fill("Cogestion des plages et des dunes d'Aourir.")
    submit(page, "agreement-detail-new", lang)
    assert path_of(page).startswith("/agreements/") and path_of(page) != "/agreements/new/"
    agreement_url = path_of(page)

    road = page.locator("#road")
    session = None
    for target in ROAD:
        road.locator(f"input[name=to][value={target}]").check()
        if target == "on_agenda":
            session = road.locator("select[name=session] option").nth(1).get_attribute("value")
            road.locator("select[name=session]").select_option(session)
        road.locator("button[type=submit]").click()  # htmx swaps the road block in place
        page.wait_for_selector(f"#agreement-status.status-{target}")
        check_page(page, f"agreement-road-{target}", lang)

    page.goto(f"/agreements/sessions/{session}/")
    check_page(page, "council-session", lang)
    assert page.locator(f"main a[href='{agreement_url}']").count() >= 1, "the session's agenda misses it"


# --- beyond the agenda: the council, the Governor's services, the president ------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ROLL_CALL = "Ahmed Amzil *: pour\nFatima Bouhaddou: مع\nBrahim Oubella: pour\nKhadija Aitlhaj: contre\nLahcen Idbouali: abstention"


def _on_the_agenda_of_a_session_opening_today():
    """A decentralised cooperation with Saint-Aubin (a foreign local authority: Wali's consent,
    Governor's visa, art. 86 approval), put by the unit on the agenda of an extraordinary session
    weeks ago (the agenda must reach the Governor 20 days ahead); the session opens today."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from sharaka.agreements import council, services
    from sharaka.core.models import User
    from sharaka.demo.pdf import minimal_pdf
    from sharaka.partners.models import Organisation

    today, day = timezone.localdate(), datetime.timedelta(days=1)
    officer = User.objects.get(username="officer")
    session = council.session_create(
        actor=officer,
        data={"kind": "extraordinary", "starts_on": today, "ends_on": today + day, "members_in_office": 35},
    )
    agreement = services.agreement_create(
        actor=officer,
        data={
            "kind": "decentralised",
            "title_ar": "تعاون لامركزي مع سان أوبان حول تدبير الشواطئ",
            "title_fr": "Coopération décentralisée avec Saint-Aubin : gestion des plages",
            "object_fr": "Échanges techniques sur la gestion des plages.",
        },
        partners=[Organisation.objects.get(acronym="SASL")],
    )
    for to, days_ago in [("qualified", 45), ("drafted", 40), ("prior_consent", 30), ("on_agenda", 25)]:
        document = None
        if to == "prior_consent":
            document = SimpleUploadedFile("wali.pdf", minimal_pdf("Wali consent"), "application/pdf")
        agreement = services.agreement_advance(
            actor=officer,
            agreement=agreement,
            to=to,
            session=session,
            document=document,
            today=today - days_ago * day,
        )
    return agreement, session


def _pdf(name: str) -> dict:
    from sharaka.demo.pdf import minimal_pdf

    return {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf(name)}


def _move(page, target: str, lang: str, *, document: str = "", decision: str = "") -> None:
    """One move on the road block (htmx, in place), with the step's document and decision number."""
    road = page.locator("#road")
    road.locator(f"input[name=to][value={target}]").check()
    if decision:
        road.locator("[name=decision_number]").fill(decision)
    if document:
        road.locator("input[name=document]").set_input_files(_pdf(document))
    road.locator("button[type=submit]").click()
    page.wait_for_selector(f"#agreement-status.status-{target}")
    check_page(page, f"agreement-road-{target}", lang)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_council_deliberates_the_governor_grants_the_visa_and_the_president_signs(open_page, lang):
    agreement, session = _on_the_agenda_of_a_session_opening_today()
    url, decision = agreement.get_absolute_url(), f"D-{lang}-2026/07"

    # The officer: the draft to hand to the members, the committee, the session's attendance and roll-call.
    page = sign_in(open_page(lang), "officer", lang)
    page.goto(url)
    check_page(page, "agreement-on-agenda", lang)
    draft = page.locator(f"main a[href*='/draft.docx'][hreflang={lang}]")
    response = page.request.get(draft.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == DOCX
    assert response.body().startswith(b"PK\x03\x04"), "the draft is not a DOCX (zip) file"
    _move(page, "in_committee", lang)

    page.goto(f"/agreements/sessions/{session.pk}/")
    page.locator("select[name=convocation]").select_option("1")
    page.locator("[name=members_present]").fill("27")
    with page.expect_navigation():
        page.locator("form[action$='/attendance/'] button[type=submit]").click()
    check_page(page, "council-session-attendance", lang)
    go(page, "main a[href*='/vote/']", "council-vote", lang)
    page.locator("[name=decision_number]").fill(decision)
    page.locator("select[name=majority]").select_option("votes_cast")
    page.locator("[name=votes]").fill(ROLL_CALL)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    check_page(page, "council-session-voted", lang)
    assert decision in page.locator("main table").inner_text(), "the agenda does not show the decision"

    page.goto(url)
    _move(page, "deliberated", lang, document="decision", decision=decision)
    _move(page, "transmitted", lang, document="transmission-receipt")
    sign_out(page)

    # The Governor's services: receipt acknowledged, no objection, the visa, the art. 86 approval.
    page = sign_in(page, "prefecture", lang)
    page.goto("/agreements/prefecture/")
    check_page(page, "prefecture-inbox", lang)
    go(page, f"main a[href='{url}']", "agreement-transmitted", lang)
    _move(page, "objection_window", lang)
    _move(page, "visa_pending", lang)
    _move(page, "visa_granted", lang, document="visa")
    _move(page, "approved_86", lang, document="approval")
    sign_out(page)

    # The president signs.
    page = sign_in(page, "president", lang)
    page.goto(url)
    _move(page, "signed", lang, document="signed-text")
    assert page.locator("#road .road-history li").count() == 13, "the history misses a step"
