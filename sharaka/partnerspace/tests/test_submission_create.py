"""A partner sends a document against an obligation: the shared upload checks refuse odd files with a
message on the same page, what was typed kept; what passes lands in the unit's review, private."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.partnerspace.models import Submission

pytestmark = pytest.mark.django_db


def _own(space):
    return Submission.objects.filter(organisation=space.world.organisation)


def _post(client, space, upload, title="Rapport du premier semestre"):
    client.force_login(space.world.personas.partner_viewer)
    return client.post(
        reverse("partnerspace:submit", args=[space.yearly.pk]),
        {"title": title, "note": "Version signée", "file": upload},
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.exe", b"MZ\x90\x00", "Only these types of file are accepted here"),
        ("rapport.pdf", b"<html>not a pdf</html>", "does not match its name"),
        ("rapport.pdf", b"", "The submitted file is empty"),
        ("rapport.docx", b"PK\x03\x04 broken", "does not match its name"),
    ],
)
def test_an_odd_file_is_refused_with_a_message_and_the_form_kept(client, space, name, content, message):
    space.world.personas.partner_viewer.language = "en"
    space.world.personas.partner_viewer.save()
    response = _post(client, space, SimpleUploadedFile(name, content))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Rapport du premier semestre"' in html and "Version signée" in html
    assert not _own(space).exists()


def test_a_good_file_lands_in_the_review_private_with_history_audit_and_mail(
    client, space, django_capture_on_commit_callbacks
):
    space.world.personas.officer.email = "officer@aourir.ma"
    space.world.personas.officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, space, SimpleUploadedFile("../../Rapport S1.pdf", b"%PDF-1.4 rapport"))
    assert response.status_code == 302
    submission = _own(space).get()
    assert submission.status == "submitted" and not submission.is_public and submission.document is None
    assert submission.organisation == space.world.organisation and submission.file_name == "Rapport S1.pdf"
    assert list(submission.status_changes.values_list("old_status", "new_status")) == [("", "submitted")]
    assert AuditEntry.objects.filter(
        action="partnerspace.submission_create", object_id=str(submission.pk)
    ).exists()
    assert [m.to for m in mail.outbox] == [["officer@aourir.ma"]]
    # private: nobody outside downloads it, the portal does not list it
    client.logout()
    assert client.get(reverse("partnerspace:public_document", args=[submission.pk])).status_code == 404
    client.force_login(space.world.personas.outsider_partner_viewer)
    assert client.get(reverse("partnerspace:submission_file", args=[submission.pk])).status_code == 404


def test_a_closed_obligation_takes_no_document(client, space):
    space.yearly.state = "done"
    space.yearly.save()
    response = _post(client, space, SimpleUploadedFile("r.pdf", b"%PDF-1.4 r"))
    assert response.status_code == 200 and not _own(space).exists()


def test_a_partner_cannot_send_against_another_partners_obligation(client, space):
    client.force_login(space.world.personas.partner_viewer)
    response = client.post(
        reverse("partnerspace:submit", args=[space.other_call.pk]),
        {"title": "x", "file": SimpleUploadedFile("r.pdf", b"%PDF-1.4 r")},
    )
    assert response.status_code == 404 and not _own(space).exists()
