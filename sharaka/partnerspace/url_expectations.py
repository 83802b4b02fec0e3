"""Expected status of every named URL of the partner workspace, per role (core/tests/test_url_access.py).

The partner viewer's organisation (the world's organisation) is a party to the world's agreement,
whose obligation binds the agreement as a whole; it sent one document (awaiting review) and another
was accepted and made public. The partner's pages are its own: 404 for everyone else. The unit's
review: the administrator and the cooperation officer; the commune's other staff 403; outsiders 404.
"""

from sharaka.core.testing import expect, pdf_upload, wrote


def world_submissions(w):
    if "submission" not in w.extra:
        from django.core.files.base import ContentFile

        from sharaka.agreements.url_expectations import world_agreement
        from sharaka.partnerspace.models import Submission, Thread

        world_agreement(w)
        common = {
            "obligation": w.extra["obligation"],
            "organisation": w.organisation,
            "content_type": "application/pdf",
            "size": 13,
            "sha256": "0" * 64,
            "submitted_by": w.personas.partner_viewer,
        }
        w.extra["submission"] = Submission.objects.create(
            title="Rapport annuel",
            file=ContentFile(b"%PDF-1.4 test", name="rapport.pdf"),
            file_name="rapport.pdf",
            **common,
        )
        w.extra["public_submission"] = Submission.objects.create(
            title="Rapport public",
            file=ContentFile(b"%PDF-1.4 test", name="public.pdf"),
            file_name="public.pdf",
            status=Submission.Status.ACCEPTED,
            is_public=True,
            **common,
        )
        w.extra["thread"] = Thread.objects.create(project=w.project, organisation=w.organisation)
    return w.extra["submission"]


def _agreement(w):
    world_submissions(w)
    return {"pk": w.extra["agreement"].pk}


def _submission(w):
    return {"pk": world_submissions(w).pk}


PARTNER = expect(404, partner_viewer=200)
UNIT = expect(403, administrator=200, cooperation_officer=200, prefecture=404, partner_viewer=404)

URLS = {
    "partnerspace:home": (None, PARTNER),
    "partnerspace:agreement": (_agreement, PARTNER),
    # The world's document is the council's decision: an act the parties read.
    "partnerspace:document": (
        lambda w: {**_agreement(w), "document_pk": w.extra["agreement_document"].pk},
        PARTNER,
    ),
    "partnerspace:submit": (lambda w: (_agreement(w), {"pk": w.extra["obligation"].pk})[1], PARTNER),
    "partnerspace:project_thread": (lambda w: {"pk": w.project.pk}, PARTNER),
    # The partner downloads its own submission; the unit every one.
    "partnerspace:submission_file": (
        _submission,
        expect(404, administrator=200, cooperation_officer=200, partner_viewer=200),
    ),
    "partnerspace:review": (None, UNIT),
    "partnerspace:submission": (_submission, UNIT),
    "partnerspace:submission_public": (
        lambda w: (world_submissions(w), {"pk": w.extra["public_submission"].pk})[1],
        expect(405),
    ),
    "partnerspace:thread": (lambda w: (world_submissions(w), {"pk": w.extra["thread"].pk})[1], UNIT),
    # An accepted document the unit made public: anyone, signed in or not.
    "partnerspace:public_document": (
        lambda w: (world_submissions(w), {"pk": w.extra["public_submission"].pk})[1],
        expect(200, anonymous=200),
    ),
}

UNIT_WRITES = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404
)

POSTS = {
    "partnerspace:submit": (
        lambda w: {"title": "Rapport semestriel", "file": pdf_upload()},
        expect(404, partner_viewer=wrote()),
    ),
    "partnerspace:project_thread": (
        lambda w: {"body": "Bonjour, une question sur le calendrier."},
        expect(404, partner_viewer=wrote()),
    ),
    "partnerspace:submission": (lambda w: {"to": "accepted"}, UNIT_WRITES),
    "partnerspace:submission_public": (lambda w: {"public": "0"}, UNIT_WRITES),
    "partnerspace:thread": (lambda w: {"body": "Merci, nous revenons vers vous."}, UNIT_WRITES),
}

GET_ONLY = {
    "partnerspace:home",
    "partnerspace:agreement",
    "partnerspace:document",
    "partnerspace:submission_file",
    "partnerspace:review",
    "partnerspace:public_document",
}
