"""Expected status of every named URL of the projects app, per role (see core/tests/test_url_access.py).

The world's project is managed by the project-manager persona and funded by the partner viewer's
organisation; its document is private. Prefecture staff have no business with projects: 404.
"""

from sharaka.core.testing import expect


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
