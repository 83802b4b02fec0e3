"""The catalogue of opportunities through the API, as the promotion pages keep it: created as a
draft, changed against the version read, moved, put on the showcase only when nothing stops it,
photos with a caption for those who cannot see them, archived."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.core.models import AuditEntry
from sharaka.promotion.expectations.catalogue import jpeg_upload
from sharaka.promotion.models import Opportunity

pytestmark = pytest.mark.django_db


def test_an_opportunity_from_draft_to_the_showcase_and_to_the_archive(world):
    officer = ApiClient(world.personas.officer, language="fr")
    new = {
        "code": "banana-route",
        "kind": "tourism",
        "title_fr": "La route de la banane",
        "partner_sought": "investor",
        "currency": "MAD",
    }
    before = Opportunity.objects.count(), AuditEntry.objects.count()
    far = officer.post(
        "/api/v1/promotion/opportunities/", {**new, "latitude": "48.85000", "longitude": "2.35000"}
    )
    assert far.status_code == 400 and "latitude" in far.json()["errors"]
    assert officer.post("/api/v1/promotion/opportunities/", {**new, "code": "la route"}).status_code == 400
    assert (Opportunity.objects.count(), AuditEntry.objects.count()) == before

    created = officer.post("/api/v1/promotion/opportunities/", new)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"]["code"] == "draft" and body["published"] is False
    url = created["Location"]
    early = officer.post(url + "publication/", {"published": True})
    assert early.status_code == 400 and early.json()["errors"]["__all__"]  # what stops it, listed
    assert body["publish_problems"]

    nameless = officer.multipart(url + "photos/", {"image": jpeg_upload()})
    assert nameless.status_code == 400 and list(nameless.json()["errors"]) == ["caption_ar"]
    photo = officer.multipart(url + "photos/", {"image": jpeg_upload(), "caption_fr": "La piste"})
    assert photo.status_code == 201, photo.content
    served = officer.get(photo.json()["url"].replace("http://testserver", ""))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"

    changed = officer.patch(url, {"summary_fr": "Une route de bananeraies."}, HTTP_IF_MATCH=created["ETag"])
    assert changed.status_code == 200, changed.content
    assert officer.patch(url, {"summary_fr": "x"}, HTTP_IF_MATCH=created["ETag"]).status_code == 412
    archived = officer.post(url + "archive/", {"reason": "Offre retirée"})
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert officer.patch(url, {"summary_fr": "x"}, HTTP_IF_MATCH=archived["ETag"]).status_code == 403
    assert ApiClient(world.personas.finance).post("/api/v1/promotion/opportunities/", new).status_code == 403
    assert ApiClient(world.personas.partner_viewer).get("/api/v1/promotion/opportunities/").status_code == 404


def test_an_inquiry_from_the_showcase_shows_its_sender_to_those_who_see_people_and_is_decided_once(world):
    from sharaka.promotion.expectations.inquiries import _inquiry

    inquiry = _inquiry(world)
    officer = ApiClient(world.personas.officer, language="fr")
    url = f"/api/v1/promotion/inquiries/{inquiry.pk}/"
    read = officer.get(url).json()
    assert (
        read["resolution"]["code"] == "possible_duplicate" and read["email"] == "claire@atlas-vagues.example"
    )
    assert "email" not in ApiClient(world.personas.finance).get(url).json()
    assert officer.post(url, {"decision": "maybe"}).status_code == 400
    same = officer.post(url, {"decision": "same"})
    assert same.status_code == 200, same.content
    assert same.json()["organisation"] == read["possible_duplicate"]
    assert officer.post(url, {"decision": "different"}).status_code == 400  # decided already
