"""Partners written through the API: added, their negotiation rounds, files kept with an interaction,
a follow-up closed, each through the partner pages' forms and services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.core.testing import pdf_upload
from sharaka.partners.models import InteractionAttachment, NegotiationRound, Organisation

pytestmark = pytest.mark.django_db


def test_a_partner_added_in_arabic_is_checked_as_on_the_page(world):
    officer = ApiClient(world.personas.officer, language="ar")
    partner = {
        "name_ar": "مؤسسة المسيرة",
        "name_fr": "Fondation de la marche",
        "acronym": "FDM",
        "model": "international_ngo",
        "legal_type": "foreign_private",
        "country": "FR",
    }
    before = Organisation.objects.count(), AuditEntry.objects.count()
    nameless = officer.post("/api/v1/partners/", {**partner, "name_ar": "", "name_fr": ""})
    assert nameless.status_code == 400
    nowhere = officer.post("/api/v1/partners/", {**partner, "country": "XX"})
    assert nowhere.status_code == 400 and list(nowhere.json()["errors"]) == ["country"]
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == before

    added = officer.post("/api/v1/partners/", partner)
    assert added.status_code == 201, added.content
    body = added.json()
    assert added["Location"] == f"/api/v1/partners/{body['id']}/"
    assert body["name"] == "مؤسسة المسيرة" and body["acronym"] == "FDM"
    assert AuditEntry.objects.filter(action="organisation.create", object_id=str(body["id"])).count() == 1
    assert officer.get(f"/api/v1/partners/{body['id']}/")["ETag"] == added["ETag"]


def test_negotiation_rounds_are_numbered_in_turn_with_their_minutes_for_the_staff_only(world):
    officer = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/partners/{world.other_organisation.pk}/negotiations/"
    first = officer.post(
        url, {"topic": "Cofinancement", "our_position": "40 % en nature", "date": "2026-11-02"}
    )
    assert first.status_code == 201, first.content
    assert first.json()["round_number"] == 1 and first.json()["minutes"] == ""
    second = officer.multipart(
        url, {"topic": "Cofinancement", "our_position": "30 % en nature", "minutes": pdf_upload("pv.pdf")}
    )
    assert second.status_code == 201, second.content
    assert second.json()["round_number"] == 2
    again = officer.post(url, {"topic": "Cofinancement", "round_number": 2, "our_position": "x"})
    assert again.status_code == 400 and list(again.json()["errors"]) == ["round_number"]
    assert NegotiationRound.objects.filter(organisation=world.other_organisation).count() == 2

    minutes = second.json()["minutes"].replace("http://testserver", "")
    served = officer.get(minutes)
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")
    assert ApiClient(world.personas.partner_viewer).get(url).status_code == 404


def test_files_kept_with_an_interaction_each_through_the_upload_check(world):
    manager = ApiClient(world.personas.manager, language="fr")
    url = f"/api/v1/partners/{world.organisation.pk}/interactions/{world.interaction.pk}/attachments/"
    before = InteractionAttachment.objects.count(), AuditEntry.objects.count()
    program = SimpleUploadedFile("pv.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf")
    refused = manager.multipart(url, {"attachments": [pdf_upload("a.pdf"), program]})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["attachments"]
    assert (InteractionAttachment.objects.count(), AuditEntry.objects.count()) == before
    added = manager.multipart(url, {"attachments": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]})
    assert added.status_code == 201, added.content
    assert sorted(a["name"] for a in added.json()) == ["a.pdf", "b.pdf"]


def test_a_follow_up_closed_once_by_those_who_log_interactions(world):
    url = f"/api/v1/partners/{world.organisation.pk}/follow-ups/{world.follow_up.pk}/done/"
    assert ApiClient(world.personas.finance).post(url).status_code == 403
    done = ApiClient(world.personas.manager).post(url)
    assert done.status_code == 200 and done.json()["done_at"].endswith("Z")
    entries = AuditEntry.objects.filter(action="follow_up.complete").count()
    assert ApiClient(world.personas.officer).post(url).json()["done_at"] == done.json()["done_at"]
    assert AuditEntry.objects.filter(action="follow_up.complete").count() == entries  # already done
