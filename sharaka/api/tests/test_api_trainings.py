"""Trainings through the API, as the trainings pages keep them: recorded, changed against the
version read, people registered once, who came marked; the personal side (a person's own
evaluation, assessments) is not in the API."""

import pytest

from sharaka.api.tests.helpers import ApiClient
from sharaka.capacity.expectations.trainings import world_trainings
from sharaka.capacity.models import Participation, StaffProfile, Training

pytestmark = pytest.mark.django_db


def test_a_training_recorded_people_registered_once_and_who_came_marked(world):
    held = world_trainings(world)
    officer = ApiClient(world.personas.officer, language="fr")
    training = {
        "title_fr": "Rédiger une note conceptuelle",
        "skills": [held.skills.get().pk],
        "provider_name": "Cabinet Souss Conseil",
        "starts_on": "2027-02-10",
        "ends_on": "2027-02-08",
        "format": "workshop",
    }
    before = Training.objects.count()
    backwards = officer.post("/api/v1/capacity/trainings/", training)
    assert backwards.status_code == 400 and "ends_on" in backwards.json()["errors"]
    assert Training.objects.count() == before
    created = officer.post("/api/v1/capacity/trainings/", {**training, "ends_on": "2027-02-11"})
    assert created.status_code == 201, created.content
    url = created["Location"]
    assert created.json()["status"]["code"] == "planned" and created.json()["participants"] == []

    fatima = StaffProfile.objects.get(full_name="Fatima Oubella")
    added = officer.post(url + "participants/", {"profiles": [fatima.pk]})
    assert added.status_code == 201 and [p["person"] for p in added.json()["participants"]] == [
        "Fatima Oubella"
    ]
    twice = officer.post(url + "participants/", {"profiles": [fatima.pk]})
    assert twice.status_code == 400 and list(twice.json()["errors"]) == ["profiles"]

    participation = Participation.objects.get(training_id=created.json()["id"])
    wrong = officer.post(url + "attendance/", {"marks": {str(participation.pk): "sleeping"}})
    assert wrong.status_code == 400
    stranger = officer.post(url + "attendance/", {"marks": {"999999": "attended"}})
    assert stranger.status_code == 400 and list(stranger.json()["errors"]) == ["marks"]

    changed = officer.patch(url, {"place": "Salle du conseil"}, HTTP_IF_MATCH=created["ETag"])
    assert changed.status_code == 200 and changed.json()["place"] == "Salle du conseil"
    assert officer.patch(url, {"place": "x"}, HTTP_IF_MATCH=created["ETag"]).status_code == 412
    assert ApiClient(world.personas.president).get(url).status_code == 200
    assert (
        ApiClient(world.personas.president)
        .patch(url, {"place": "x"}, HTTP_IF_MATCH=changed["ETag"])
        .status_code
        == 403
    )


def test_a_certificate_is_kept_through_the_upload_check_and_served_to_the_unit(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sharaka.core.testing import pdf_upload

    held = world_trainings(world)
    registered, came = world.extra["registered"], world.extra["participation"]
    officer = ApiClient(world.personas.officer, language="fr")
    absent = officer.multipart(
        f"/api/v1/capacity/trainings/{held.pk}/participants/{registered.pk}/certificate/",
        {"file": pdf_upload("certificat.pdf")},
    )
    assert absent.status_code == 400  # a certificate goes to someone who came
    url = f"/api/v1/capacity/trainings/{held.pk}/participants/{came.pk}/certificate/"
    program = SimpleUploadedFile(
        "certificat.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf"
    )
    refused = officer.multipart(url, {"file": program})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["file"]
    kept = officer.multipart(url, {"file": pdf_upload("certificat.pdf")})
    assert kept.status_code == 201, kept.content
    served = ApiClient(world.personas.auditor).get(url + "file/")
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")
    assert ApiClient(world.personas.finance).get(url + "file/").status_code == 403
