"""Citizens' inquiries through the API: the unit reads the open ones and answers them, as the
inquiries pages; no one else reads them (they hold the sender's name and contact)."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.portal.models import Inquiry
from sharaka.portal.services import inquiry_submit

pytestmark = pytest.mark.django_db


def test_an_inquiry_answered_leaves_the_open_list(world):
    inquiry = inquiry_submit(message="Quand les travaux commencent-ils ?", address="192.0.2.1")
    officer = ApiClient(world.personas.officer, language="fr")
    listed = officer.get("/api/v1/inquiries/").json()["results"]
    assert [i["reference"] for i in listed] == [inquiry.reference]
    assert "sender_address" not in listed[0]
    unknown = officer.patch(f"/api/v1/inquiries/{inquiry.pk}/", {"status": "lost"})
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["status"]
    # Not about a project: its answer cannot be published with one (said beside the box).
    public = officer.patch(
        f"/api/v1/inquiries/{inquiry.pk}/",
        {"status": "answered", "answer": "Les travaux commencent en mars.", "answer_is_public": True},
    )
    assert public.status_code == 400 and list(public.json()["errors"]) == ["answer_is_public"]
    answered = officer.patch(
        f"/api/v1/inquiries/{inquiry.pk}/",
        {"status": "answered", "answer": "Les travaux commencent en mars."},
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"]["code"] == "answered"
    assert officer.get("/api/v1/inquiries/").json()["results"] == []
    assert [i["id"] for i in officer.get("/api/v1/inquiries/?status=all").json()["results"]] == [inquiry.pk]
    assert Inquiry.objects.get(pk=inquiry.pk).answered_by == world.personas.officer
    assert ApiClient(world.personas.president).get("/api/v1/inquiries/").status_code == 403
