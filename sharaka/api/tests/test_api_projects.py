"""A project archived and put on the portal or taken off it through the API, and the documents that
prove who pays its recurrent costs, each through the pages' forms and services."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.core.testing import pdf_upload
from sharaka.projects.models import Project
from sharaka.sustainability.url_expectations import world_sustainability

pytestmark = pytest.mark.django_db


def test_a_project_archived_with_its_reason_against_the_version_read_then_changes_no_more(world):
    officer = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/projects/{world.project.pk}/"
    read = officer.get(url)
    silent = officer.post(url + "archive/", {}, HTTP_IF_MATCH=read["ETag"])
    assert silent.status_code == 400 and list(silent.json()["errors"]) == ["reason"]
    assert officer.post(url + "archive/", {"reason": "x"}).status_code == 428
    archived = officer.post(
        url + "archive/", {"reason": "Le bailleur s'est retiré."}, HTTP_IF_MATCH=read["ETag"]
    )
    assert archived.status_code == 200, archived.content
    assert archived.json()["archived"] is True and archived.json()["allowed_moves"] == []
    again = officer.post(url + "archive/", {"reason": "Encore"}, HTTP_IF_MATCH=read["ETag"])
    assert again.status_code == 412
    assert Project.objects.filter(pk=world.project.pk, archived_at__isnull=False).exists()
    assert (
        officer.patch(url, {"title_fr": "x"}, HTTP_IF_MATCH=archived["ETag"]).status_code == 400
    )  # archived: it no longer changes
    assert AuditEntry.objects.filter(action="project.archive", object_id=str(world.project.pk)).count() == 1


def test_a_project_goes_on_the_portal_only_when_every_check_passes(world):
    officer = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/projects/{world.private_project.pk}/publication/"
    assert officer.post(url, {"published": "oui"}).status_code == 400
    off = officer.post(url, {"published": False})
    assert off.status_code == 200 and off.json()["published"] is False
    assert ApiClient(None).get(f"/api/v1/public/projects/{world.private_project.pk}/").status_code == 404
    # The world's private project lacks what the portal asks (its checks say what): refused, listed.
    on = officer.post(url, {"published": True})
    assert on.status_code == 400 and on.json()["errors"]["__all__"]
    assert Project.objects.get(pk=world.private_project.pk).published_at is None
    assert ApiClient(world.personas.finance).post(url, {"published": True}).status_code == 403


def test_a_document_proving_who_pays_confirms_a_cost(world):
    found = world_sustainability(world)
    manager = ApiClient(world.personas.manager, language="fr")
    base = f"/api/v1/projects/{found['project'].pk}/sustainability/"
    added = manager.multipart(
        base + "evidence/",
        {"title": "Convention d'entretien", "kind": "maintenance_agreement", "file": pdf_upload()},
    )
    assert added.status_code == 201, added.content
    assert [e["title"] for e in manager.get(base + "evidence/").json()] == [
        "Décision du conseil",
        "Convention d'entretien",
    ]
    confirmed = manager.patch(
        f"{base}costs/{found['cost'].pk}/",
        {
            "payer_kind": "commune_budget",
            "payer_detail": "Budget de fonctionnement",
            "confirmed": True,
            "evidence": added.json()["id"],
        },
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["coverage_percent"] == "100.00"
    served = manager.get(added.json()["url"].replace("http://testserver", ""))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")
    assert ApiClient(world.personas.partner_viewer).get(base + "evidence/").status_code == 404
