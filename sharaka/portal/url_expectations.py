"""Expected status of every portal URL per role: public pages answer everyone, the unit's pages the unit."""

from sharaka.core.testing import expect, wrote

PUBLIC = expect(200, anonymous=200)
UNIT = expect(403, administrator=200, cooperation_officer=200)  # anonymous visitors are sent to sign in


def _once(w, key, make):
    if key not in w.extra:
        w.extra[key] = make()
    return w.extra[key]


def _published(w):
    """A published project with a public document, made once per test."""

    def make():
        import datetime

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from sharaka.core.testing import make_project
        from sharaka.projects.models import Document

        project = make_project(
            code="AOU-T-PUB",
            status="in_implementation",
            published_at=timezone.now(),
            actual_start=datetime.date(2026, 2, 1),
        )
        document = Document.objects.create(
            project=project,
            title="Rapport public",
            kind="report",
            visibility="public",
            file=SimpleUploadedFile("public.pdf", b"%PDF-1.4 public", content_type="application/pdf"),
            content_type="application/pdf",
            size=15,
            sha256="1" * 64,
            uploaded_by=w.personas.officer,
        )
        return {"project": project, "document": document}

    return _once(w, "portal", make)


def _inquiry(w):
    def make():
        from sharaka.portal.services import inquiry_submit

        return inquiry_submit(message="Quand les travaux commencent-ils ?", address="192.0.2.1")

    return _once(w, "portal_inquiry", make)


def _publishable(w):
    """A project every publishing check accepts, not yet on the portal."""

    def make():
        from sharaka.portal.tests.helpers import publishable_project

        return publishable_project(published=False)

    return _once(w, "publishable", make)


URLS = {
    "portal:home": (None, PUBLIC),
    "portal:project_list": (None, PUBLIC),
    "portal:project_detail": (lambda w: {"pk": _published(w)["project"].pk}, PUBLIC),
    "portal:partner_list": (None, PUBLIC),
    "portal:document_list": (None, PUBLIC),
    "portal:document": (lambda w: {"pk": _published(w)["document"].pk}, PUBLIC),
    "portal:map": (None, PUBLIC),
    "portal:feedback": (None, PUBLIC),
    "portal:feedback_sent": (lambda w: {"reference": _inquiry(w).reference}, PUBLIC),
    "portal:open_data": (None, PUBLIC),
    "portal:open_data_projects": (lambda w: {"fmt": "csv"}, PUBLIC),
    "portal:open_data_transactions": (lambda w: {"fmt": "json"}, PUBLIC),
    "portal:open_data_agreements": (lambda w: {"fmt": "csv"}, PUBLIC),
    "portal:open_data_results": (lambda w: {"fmt": "csv"}, PUBLIC),
    "portal:agreement_list": (None, PUBLIC),
    "portal:iati_activities": (None, PUBLIC),
    "portal:iati_organisation": (None, PUBLIC),
    "portal:ledger": (None, PUBLIC),
    "portal:ledger_download": (lambda w: {"fmt": "json"}, PUBLIC),
    "portal:publishing": (None, UNIT),
    "portal:publish": (lambda w: {"pk": _publishable(w).pk}, expect(405)),  # POST only
    "portal:inquiries": (None, UNIT),
    "portal:inquiry_detail": (lambda w: {"pk": _inquiry(w).pk}, UNIT),
}

# What a POST does, per role (core/tests/test_url_access.py): a status alone means nothing was
# written; wrote(...) means it succeeded and the ledger grew. Written out, never read from the code.
POST_UNIT = expect(403, administrator=wrote(), cooperation_officer=wrote())
POSTS = {
    # Anyone may write to the commune, signed in or not.
    "portal:feedback": (
        lambda w: {"message": "Quand le puits de Tamraght sera-t-il réparé ?", "name": "", "website": ""},
        expect(wrote(), anonymous=wrote()),
    ),
    "portal:publish": (None, POST_UNIT),
    "portal:inquiry_detail": (lambda w: {"status": "in_review", "answer": ""}, POST_UNIT),
}
GET_ONLY = {
    "portal:home",
    "portal:project_list",
    "portal:project_detail",
    "portal:partner_list",
    "portal:document_list",
    "portal:document",
    "portal:map",
    "portal:feedback_sent",
    "portal:open_data",
    "portal:open_data_projects",
    "portal:open_data_transactions",
    "portal:open_data_agreements",
    "portal:open_data_results",
    "portal:agreement_list",
    "portal:iati_activities",
    "portal:iati_organisation",
    "portal:ledger",
    "portal:ledger_download",
    "portal:publishing",
    "portal:inquiries",
}
