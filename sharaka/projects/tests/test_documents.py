"""Documents: what is accepted on upload, and who is served which file."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.core.uploads import PROJECT_DOCUMENT, check
from sharaka.projects.models import Document
from sharaka.projects.services import document_upload
from sharaka.projects.tests.helpers import arabic, submit

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _upload_url(project):
    return reverse("project_document_upload", kwargs={"pk": project.pk})


def _download_url(document):
    return reverse(
        "project_document_download", kwargs={"pk": document.project_id, "document_pk": document.pk}
    )


def _file(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# the upload check for project documents, and document_upload


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("note.pdf", PDF, "application/pdf"), ("carte.png", PNG, "image/png")],
)
def test_it_accepts_a_file_that_is_what_it_says(name, content, kind):
    checked = check(_file(name, content), PROJECT_DOCUMENT)

    assert (checked.content_type, checked.size, len(checked.sha256)) == (kind, len(content), 64)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.html", b"<script>alert(1)</script>"),
        ("virus.exe", b"MZ\x90\x00"),
        ("note.pdf", b"<html><script>alert(1)</script></html>"),  # lies about its type
        ("photo.jpg", PDF),
        ("vide.pdf", b""),
        ("sans-extension", PDF),
    ],
    ids=["html", "exe", "html-named-pdf", "pdf-named-jpg", "empty", "no-extension"],
)
def test_it_refuses_a_file_of_the_wrong_type_or_lying_about_it(name, content):
    with pytest.raises(ValidationError) as refused:
        check(_file(name, content), PROJECT_DOCUMENT, field="file")

    assert "file" in refused.value.message_dict


def test_it_refuses_a_file_too_large(settings):
    settings.DOCUMENT_MAX_BYTES = 20

    with pytest.raises(ValidationError):
        check(_file("gros.pdf", PDF + b"x" * 50), PROJECT_DOCUMENT)


def test_it_keeps_a_document_private_by_default_and_audits_it(world):
    document = document_upload(
        actor=world.personas.officer,
        project=world.project,
        title="Convention signée",
        kind="agreement",
        visibility=Document.visibility.field.default,
        upload=_file("convention.pdf", PDF),
    )

    assert document.visibility == "private"
    assert document.content_type == "application/pdf"
    assert AuditEntry.objects.get(action="document.upload").after["sha256"] == document.sha256


# The upload page


def test_it_uploads_from_the_form_private_unless_said_otherwise(client, world):
    client.force_login(world.personas.manager)
    page = client.get(_upload_url(world.project))

    data = {"title": "Rapport d'étape", "kind": "report"}
    response = client.post(_upload_url(world.project), {**_fields(page), **data, "file": _file("r.pdf", PDF)})

    assert response.status_code == 302
    document = world.project.documents.get(title="Rapport d'étape")
    assert (document.visibility, document.uploaded_by) == ("private", world.personas.manager)


def _fields(page):
    from sharaka.projects.tests.helpers import form_fields

    return {k: v[0] for k, v in form_fields(page).items()}


def test_it_shows_a_refused_file_beside_the_field_in_arabic(client, world):
    client.force_login(world.personas.officer)
    page = client.get(_upload_url(world.project))

    response = client.post(
        _upload_url(world.project),
        {**_fields(page), "title": "Photo du chantier", "kind": "photo", "file": _file("chantier.png", PDF)},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_file_error"' in html
    assert arabic("The file's content does not match its name (%(ext)s).", ext=".png") in html
    assert 'value="Photo du chantier"' in html
    assert world.project.documents.count() == 1  # the world's own


def test_it_asks_for_a_file(client, world):
    client.force_login(world.personas.officer)
    page = client.get(_upload_url(world.project))

    response = submit(client, page, {"title": "Sans fichier"})

    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("auditor", 403), ("partner_viewer", 403), ("prefecture", 404)]
)
def test_it_refuses_uploads_to_others(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    response = client.post(
        _upload_url(world.project), {"title": "x", "kind": "other", "file": _file("x.pdf", PDF)}
    )

    assert response.status_code == status
    assert world.project.documents.count() == 1


# Serving files


def _shared(world, visibility):
    return document_upload(
        actor=world.personas.officer,
        project=world.project,
        title=visibility,
        kind="report",
        visibility=visibility,
        upload=_file(f"{visibility}.pdf", PDF),
    )


def test_it_serves_a_private_document_to_the_staff_as_an_attachment(client, world):
    client.force_login(world.personas.auditor)

    response = client.get(_download_url(world.document))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


@pytest.mark.parametrize("persona", ["partner_viewer", "outsider_partner_viewer", "prefecture"])
def test_it_never_serves_a_private_document_outside_the_commune(client, world, persona):
    client.force_login(getattr(world.personas, persona))

    assert client.get(_download_url(world.document)).status_code == 404


@pytest.mark.parametrize("visibility", ["partners", "public"])
def test_it_serves_shared_documents_to_the_projects_partners(client, world, visibility):
    document = _shared(world, visibility)
    client.force_login(world.personas.partner_viewer)

    assert client.get(_download_url(document)).status_code == 200


@pytest.mark.parametrize("visibility", ["partners", "public"])
def test_it_serves_no_document_to_a_partner_of_another_project(client, world, visibility):
    document = _shared(world, visibility)
    client.force_login(world.personas.outsider_partner_viewer)

    assert client.get(_download_url(document)).status_code == 404


def test_it_does_not_serve_a_document_through_another_project(client, world):
    client.force_login(world.personas.officer)
    wrong = reverse(
        "project_document_download", kwargs={"pk": world.private_project.pk, "document_pk": world.document.pk}
    )

    assert client.get(wrong).status_code == 404


def test_it_answers_not_found_when_the_file_is_gone(client, world):
    world.document.file.delete(save=False)
    client.force_login(world.personas.officer)

    assert client.get(_download_url(world.document)).status_code == 404


def test_it_asks_an_anonymous_visitor_to_sign_in(client, world):
    assert client.get(_download_url(world.document)).status_code == 302
