"""The unit's review of a partner's document: who may accept or return it (a literal table), the
history and audit it writes, the document of the agreement it becomes, public only when asked."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.partnerspace import services

pytestmark = pytest.mark.django_db

# role → may accept or return a submission
WHO_REVIEWS = {
    "administrator": True,
    "cooperation_officer": True,
    "finance_officer": False,
    "project_manager": False,
    "president": False,
    "council_member": False,
    "prefecture": False,
    "auditor": False,
    "partner_viewer": False,
}


@pytest.fixture
def submission(space):
    return services.submission_create(
        actor=space.world.personas.partner_viewer,
        obligation=space.yearly,
        title="Rapport annuel 2026",
        upload=SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 rapport"),
    )


@pytest.mark.parametrize(("role", "allowed"), sorted(WHO_REVIEWS.items()))
def test_who_may_review_a_submission(space, submission, role, allowed):
    actor = space.world.personas.by_role()[role]
    if allowed:
        services.submission_review(actor=actor, submission=submission, to="accepted")
        submission.refresh_from_db()
        assert submission.status == "accepted"
    else:
        with pytest.raises(PermissionDenied):
            services.submission_review(actor=actor, submission=submission, to="accepted")


def test_accepting_makes_a_private_document_of_the_agreement_and_tells_the_partner(
    space, submission, django_capture_on_commit_callbacks
):
    viewer = space.world.personas.partner_viewer
    viewer.email = "viewer@undp.example"
    viewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_review(actor=space.world.personas.officer, submission=submission, to="accepted")
    submission.refresh_from_db()
    document = submission.document
    assert document.agreement == space.agreement and document.sha256 == submission.sha256
    assert document.file.name == submission.file.name and not submission.is_public
    assert list(
        submission.status_changes.values_list("old_status", "new_status", "changed_by__username")
    ) == [
        ("", "submitted", "viewer"),
        ("submitted", "accepted", "officer"),
    ]
    entry = AuditEntry.objects.get(action="partnerspace.submission_review")
    assert entry.after["status"] == "accepted" and entry.after["public"] is False
    assert [m.to for m in mail.outbox] == [["viewer@undp.example"]]


def test_returning_needs_a_reason_the_partner_then_reads(client, space, submission):
    officer = space.world.personas.officer
    with pytest.raises(ValidationError):
        services.submission_review(actor=officer, submission=submission, to="returned")
    services.submission_review(
        actor=officer, submission=submission, to="returned", reason="Il manque l'annexe B."
    )
    submission.refresh_from_db()
    assert submission.status == "returned" and submission.document is None
    client.force_login(space.world.personas.partner_viewer)
    html = client.get(reverse("partnerspace:agreement", args=[space.agreement.pk])).content.decode()
    assert "Il manque l&#x27;annexe B." in html or "Il manque l'annexe B." in html
    with pytest.raises(ValidationError):  # a decision is final: the partner sends a new document
        services.submission_review(actor=officer, submission=submission, to="accepted")


def test_the_portal_shows_an_accepted_document_only_once_the_unit_makes_it_public(client, space, submission):
    officer = space.world.personas.officer
    url = reverse("partnerspace:public_document", args=[submission.pk])
    with pytest.raises(ValidationError):
        services.submission_set_public(actor=officer, submission=submission, public=True)
    services.submission_review(actor=officer, submission=submission, to="accepted")
    assert client.get(url).status_code == 404
    client.force_login(officer)
    client.post(reverse("partnerspace:submission_public", args=[submission.pk]), {"public": "1"})
    client.logout()
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="partnerspace.submission_public").count() == 1


def test_the_review_form_in_the_browser_accepts_and_publishes(client, space, submission):
    client.force_login(space.world.personas.officer)
    assert "Rapport annuel 2026" in client.get(reverse("partnerspace:review")).content.decode()
    response = client.post(
        reverse("partnerspace:submission", args=[submission.pk]), {"to": "accepted", "public": "on"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "accepted" and submission.is_public


def test_the_review_list_costs_the_same_queries_for_one_submission_or_many(client, space, submission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(space.world.personas.officer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("partnerspace:review"))
    for i in range(4):
        services.submission_create(
            actor=space.world.personas.partner_viewer,
            obligation=space.own_call,
            title=f"Pièce {i}",
            upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4 p"),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("partnerspace:review"))
    assert len(many) == len(few)
