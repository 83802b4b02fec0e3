"""An application's road through the API is its page's: who decides, the reasons, and what an award
sets off (the funder joins the project, an agreement is started)."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.funding.models import Application
from sharaka.funding.testing import world_funding
from sharaka.funding.tests.test_proposal_services import history  # noqa: F401 (awarded sections to reuse)
from sharaka.projects.models import ProjectPartner


@pytest.mark.django_db
def test_an_award_recorded_through_the_api_adds_the_funder_and_starts_the_agreement(world):
    application = world_funding(world)["application"]
    officer = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/funding/applications/{application.pk}/"
    read = officer.get(url)
    assert read.status_code == 200
    assert "submitted" in read.json()["allowed_moves"]
    submitted = officer.post(
        url + "moves/", {"to": "submitted", "on": "2026-11-02"}, HTTP_IF_MATCH=read["ETag"]
    )
    assert submitted.status_code == 200, submitted.content

    no_amount = officer.post(url + "moves/", {"to": "awarded"}, HTTP_IF_MATCH=submitted["ETag"])
    assert no_amount.status_code == 400 and "amount_awarded" in no_amount.json()["errors"]
    awarded = officer.post(
        url + "moves/",
        {"to": "awarded", "amount_awarded": "40000.00", "on": "2026-11-30"},
        HTTP_IF_MATCH=submitted["ETag"],
    )
    assert awarded.status_code == 200, awarded.content
    assert awarded.json()["status"]["code"] == "awarded"
    assert awarded.json()["amount_awarded"] == "40000.00"
    assert [c["new_status"]["code"] for c in awarded.json()["status_history"]][-2:] == [
        "submitted",
        "awarded",
    ]
    stored = Application.objects.get(pk=application.pk)
    assert stored.agreement_id is not None
    assert ProjectPartner.objects.filter(project=world.project, organisation=stored.call.funder).exists()
    assert AuditEntry.objects.filter(action="application.move", object_id=str(application.pk)).count() == 2


@pytest.mark.django_db
def test_a_withdrawal_needs_its_reason_and_a_manager_may_not_decide(world):
    application = world_funding(world)["application"]
    url = f"/api/v1/funding/applications/{application.pk}/"
    manager = ApiClient(world.personas.manager)
    assert (
        manager.post(
            url + "moves/", {"to": "withdrawn", "reason": "x"}, HTTP_IF_MATCH=manager.get(url)["ETag"]
        ).status_code
        == 403
    )
    president = ApiClient(world.personas.president, language="ar")
    etag = president.get(url)["ETag"]
    silent = president.post(url + "moves/", {"to": "withdrawn"}, HTTP_IF_MATCH=etag)
    assert silent.status_code == 400 and silent.json()["errors"]["reason"]
    assert Application.objects.get(pk=application.pk).status == "drafting"


# --- the catalogue of calls ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_call_added_with_its_stages_then_changed_and_archived_never_deleted(world):
    from sharaka.funding.models import Call

    officer = ApiClient(world.personas.officer, language="fr")
    call = {
        "funder": world.organisation.pk,
        "reference": "EAU-2027",
        "title_fr": "Fonds pour l'eau potable",
        "commune_role": "lead",
        "currency": "EUR",
        "languages": ["fr", "ar"],
        "family": "short",
        "concept_note_deadline": "2027-03-31",
        "concept_note_words": "summary=300\nproblem=500",
        "sector_1": "14030",
    }
    before = Call.objects.count(), AuditEntry.objects.count()
    for wrong, field in (
        ({"concept_note_words": "résumé=300"}, "concept_note_words"),
        ({"max_grant": "1234567890123456"}, "max_grant"),
        ({"sector_1": "99999"}, "sector_1"),
        ({"languages": "fr"}, "languages"),
    ):
        refused = officer.post("/api/v1/funding/calls/", {**call, **wrong})
        assert refused.status_code == 400, (wrong, refused.content)
        assert field in refused.json()["errors"], (wrong, refused.json())
    assert (Call.objects.count(), AuditEntry.objects.count()) == before

    added = officer.post("/api/v1/funding/calls/", call)
    assert added.status_code == 201, added.content
    body = added.json()
    assert added["Location"] == f"/api/v1/funding/calls/{body['id']}/"
    assert [(s["kind"]["code"], s["deadline"]) for s in body["stages"]] == [("concept_note", "2027-03-31")]
    assert body["languages"] == "ar,fr" and body["family"]["code"] == "short"
    stored = Call.objects.get(pk=body["id"])
    assert stored.stages.get().word_limits == {"summary": 300, "problem": 500}
    assert list(stored.sectors.values_list("code", flat=True)) == ["14030"]

    url = f"/api/v1/funding/calls/{body['id']}/"
    changed = officer.patch(url, {"max_grant": "60000"}, HTTP_IF_MATCH=added["ETag"])
    assert changed.status_code == 200, changed.content
    assert changed.json()["max_grant"] == "60000.00"
    assert changed.json()["stages"][0]["deadline"] == "2027-03-31"  # what was not sent stays
    assert officer.patch(url, {"max_grant": "1"}, HTTP_IF_MATCH=added["ETag"]).status_code == 412

    silent = officer.post(url + "archive/", {})
    assert silent.status_code == 400 and list(silent.json()["errors"]) == ["reason"]
    archived = officer.post(url + "archive/", {"reason": "Le bailleur a retiré l'appel."})
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert officer.patch(url, {"max_grant": "1"}, HTTP_IF_MATCH=archived["ETag"]).status_code == 403
    assert Call.objects.filter(pk=body["id"]).exists()


@pytest.mark.django_db
def test_an_application_opened_then_changed_in_a_language_the_call_accepts(world):
    found = world_funding(world)
    officer = ApiClient(world.personas.officer, language="ar")
    not_eligible = officer.post(
        "/api/v1/funding/applications/",
        {"project": world.private_project.pk, "call": found["closed_call"].pk},
    )
    assert not_eligible.status_code == 400 and list(not_eligible.json()["errors"]) == ["call"]
    opened = officer.post(
        "/api/v1/funding/applications/",
        {"project": world.private_project.pk, "call": found["lead_call"].pk, "amount_requested": "30000"},
    )
    assert opened.status_code == 201, opened.content
    assert opened.json()["status"]["code"] == "considered" and opened.json()["currency"] == "USD"
    url = opened["Location"]
    arabic = officer.patch(url, {"language": "ar"}, HTTP_IF_MATCH=opened["ETag"])
    assert arabic.status_code == 400 and list(arabic.json()["errors"]) == ["language"]  # fr or en only
    lessons = officer.patch(url, {"lessons": "Chiffrer l'apport en nature."}, HTTP_IF_MATCH=opened["ETag"])
    assert lessons.status_code == 200, lessons.content
    assert Application.objects.get(pk=opened.json()["id"]).lessons == "Chiffrer l'apport en nature."


# --- the proposal builder ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_section_is_saved_against_the_version_read_and_drafts_fill_the_rest(world):
    from sharaka.funding.models import ProposalSection

    application = world_funding(world)["application"]
    manager = ApiClient(world.personas.manager, language="fr")
    url = f"/api/v1/funding/applications/{application.pk}/proposal/"
    proposal = manager.get(url).json()
    sections = {s["key"]: s for s in proposal["sections"]}
    assert sections["problem"]["saved"] is True and sections["problem"]["version"] == 1
    summary = sections["summary"]
    assert summary["saved"] is False and summary["version"] == 0 and summary["limit"] == 300

    text = "La commune d'Aourir installe une unité de dessalement solaire à Imi Miki."
    saved = manager.put(f"{url}sections/summary/", {"text": text}, HTTP_IF_MATCH=summary["etag"])
    assert saved.status_code == 200, saved.content
    assert saved.json()["text"] == text and saved.json()["words"] == len(text.split())
    assert saved["ETag"] == f'"funding.section-{application.pk}-summary-v1"'
    stale = manager.put(f"{url}sections/summary/", {"text": "Autre"}, HTTP_IF_MATCH=summary["etag"])
    assert stale.status_code == 412
    assert ProposalSection.objects.get(application=application, key="summary").text == text

    too_long = manager.put(f"{url}sections/summary/", {"text": "x" * 60_001}, HTTP_IF_MATCH=saved["ETag"])
    assert too_long.status_code == 400 and list(too_long.json()["errors"]) == ["text"]
    assert (
        manager.put(f"{url}sections/nowhere/", {"text": "x"}, HTTP_IF_MATCH=saved["ETag"]).status_code == 404
    )
    other = ApiClient(world.personas.other_manager)
    assert other.put(f"{url}sections/summary/", {"text": "x"}, HTTP_IF_MATCH=saved["ETag"]).status_code == 403
    assert manager.get(url).json()["sections"][0]["key"] == proposal["sections"][0]["key"]


@pytest.mark.django_db
def test_a_section_starts_from_an_awarded_one_offered_and_from_no_other(world, history):  # noqa: F811
    application = history["application"]
    manager = ApiClient(world.personas.manager, language="fr")
    url = f"/api/v1/funding/applications/{application.pk}/proposal/sections/summary/reuse/"
    refused = manager.post(url, {"source": history["rejected"].pk})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["source"]
    reused = manager.post(url, {"source": history["newer"].pk})
    assert reused.status_code == 200, reused.content
    assert reused.json()["text"] == "Texte primé récent" and reused.json()["saved"] is True
