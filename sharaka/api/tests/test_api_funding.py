"""An application's road through the API is its page's: who decides, the reasons, and what an award
sets off (the funder joins the project, an agreement is started)."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.funding.models import Application
from sharaka.funding.testing import world_funding
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
