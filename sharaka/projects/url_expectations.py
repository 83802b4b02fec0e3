"""Expected status of every named URL of the projects app, per role (see core/tests/test_url_access.py).

The world's project is managed by the project-manager persona and funded by the partner viewer's
organisation; its document is private. Prefecture staff have no business with projects: 404.
"""

from sharaka.core.testing import expect, page, pdf_upload, wrote


def _project(w):
    return {"pk": w.project.pk}


# Those who may change the project: the unit (administrator, cooperation officer) and its manager.
# Everyone else who may read it gets 403.
EDITORS = expect(403, administrator=200, cooperation_officer=200, project_manager=200, prefecture=404)

URLS = {
    "project_list": (None, expect(200, prefecture=404)),
    "project_create": (None, expect(403, administrator=200, cooperation_officer=200, prefecture=404)),
    "project_detail": (_project, expect(200, prefecture=404)),
    "project_edit": (_project, EDITORS),
    "project_partner_add": (_project, EDITORS),
    "project_document_upload": (_project, EDITORS),
    # POST only: a GET is refused before anything else is looked at.
    "project_advance": (_project, expect(405)),
    "project_archive": (_project, expect(405)),
    "project_partner_remove": (
        lambda w: {"pk": w.project.pk, "participation_pk": w.project.participations.get().pk},
        expect(405),
    ),
    "project_document_edit": (lambda w: {"pk": w.project.pk, "document_pk": w.document.pk}, EDITORS),
    # A private document: the commune's staff only.
    "project_document_download": (
        lambda w: {"pk": w.project.pk, "document_pk": w.document.pk},
        expect(200, prefecture=404, partner_viewer=404),
    ),
}


# What a POST does, per role (core/tests/test_url_access.py): a status alone means nothing was
# written; wrote(...) means it succeeded and the ledger grew. Written out, never read from the code.
POST_EDITORS = expect(
    403, administrator=wrote(), cooperation_officer=wrote(), project_manager=wrote(), prefecture=404
)
POST_UNIT = expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404)

POSTS = {
    "project_create": (page(lambda w: {"code": "AOU-W-100", "title_fr": "Projet de la marche"}), POST_UNIT),
    "project_edit": (page(lambda w: {"title_fr": "Dessalement solaire (révisé)"}), POST_EDITORS),
    "project_partner_add": (
        page(lambda w: {"organisation": str(w.other_organisation.pk), "role": "4", "committed_amount": None}),
        POST_EDITORS,
    ),
    "project_document_upload": (
        page(lambda w: {"title": "Rapport", "kind": "report", "visibility": "private", "file": pdf_upload()}),
        POST_EDITORS,
    ),
    "project_document_edit": (
        page(lambda w: {"title": "Rapport révisé", "visibility": "public"}),
        POST_EDITORS,
    ),
    # idea → concept note: the unit and the project's manager; nobody else.
    "project_advance": (lambda w: {"to": "concept_note", "version": w.project.version}, POST_EDITORS),
    "project_archive": (lambda w: {"reason": "Doublon d'un autre projet"}, POST_UNIT),
    "project_partner_remove": (None, POST_EDITORS),
}
GET_ONLY = {"project_list", "project_detail", "project_document_download"}
