"""Changing a document's title, type or readers: on the project page, audited (the admin is read-only)."""

import pytest
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.projects.models import Document

pytestmark = pytest.mark.django_db


def _url(world):
    return reverse("project_document_edit", kwargs={"pk": world.project.pk, "document_pk": world.document.pk})


def test_the_officer_shares_a_private_document_with_the_partners_and_the_ledger_says_so(client, world):
    client.force_login(world.personas.officer)
    before = AuditEntry.objects.count()

    response = client.post(
        _url(world), {"title": "Note conceptuelle", "kind": "concept_note", "visibility": "partners"}
    )

    assert response.status_code == 302
    assert Document.objects.get(pk=world.document.pk).visibility == "partners"
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.action, e.before, e.after) for e in entries] == [
        ("document.update", {"visibility": "private"}, {"visibility": "partners"})
    ]


def test_the_partner_viewer_downloads_the_document_once_it_is_shared(client, world):
    download = reverse(
        "project_document_download", kwargs={"pk": world.project.pk, "document_pk": world.document.pk}
    )
    client.force_login(world.personas.partner_viewer)
    assert client.get(download).status_code == 404
    client.force_login(world.personas.officer)
    client.post(_url(world), {"title": "Note conceptuelle", "kind": "concept_note", "visibility": "partners"})

    client.force_login(world.personas.partner_viewer)

    assert client.get(download).status_code == 200


def test_a_form_sent_back_unchanged_writes_nothing(client, world):
    client.force_login(world.personas.manager)
    before = AuditEntry.objects.count()

    client.post(_url(world), {"title": "Note conceptuelle", "kind": "concept_note", "visibility": "private"})

    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("persona, status", [("finance", 403), ("council", 403), ("partner_viewer", 403)])
def test_readers_cannot_change_a_document(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    response = client.post(_url(world), {"title": "X", "kind": "concept_note", "visibility": "public"})

    assert response.status_code == status
    assert Document.objects.get(pk=world.document.pk).visibility == "private"


def test_an_unknown_visibility_is_refused_on_the_same_page(client, world):
    client.force_login(world.personas.officer)

    response = client.post(_url(world), {"title": "Note", "kind": "concept_note", "visibility": "everyone"})

    assert response.status_code == 200
    assert response.context["form"].errors["visibility"]
    assert Document.objects.get(pk=world.document.pk).visibility == "private"


def test_the_project_page_offers_the_change_link_to_editors_only(client, world):
    page = reverse("project_detail", kwargs={"pk": world.project.pk})
    client.force_login(world.personas.officer)
    assert _url(world) in client.get(page).content.decode()
    client.force_login(world.personas.auditor)
    assert _url(world) not in client.get(page).content.decode()
