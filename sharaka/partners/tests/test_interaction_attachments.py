"""Interactions take files (minutes, photos): several at once, the documents' checks, photos without
their location, a private download with the interaction's access, every addition in the ledger."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sharaka.core.models import AuditEntry
from sharaka.partners.models import Interaction, InteractionAttachment
from sharaka.partners.tests.html_forms import submit

pytestmark = pytest.mark.django_db

GPS = 0x8825
VISIT = {"kind": "visit", "date": "2026-12-04", "subject": "زيارة ميدانية إلى تامراغت"}


def pdf(name="محضر الاجتماع.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 minutes\n%%EOF\n", content_type="application/pdf")


def photo_with_location(name="IMG_0042.jpg"):
    exif = Image.Exif()
    exif[GPS] = {1: "N", 2: (30.0, 29.0, 10.0), 3: "W", 4: (9.0, 38.0, 20.0)}
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def add_url(org):
    return f"/partners/{org.pk}/interactions/new/"


def test_an_interaction_is_logged_with_its_minutes_and_a_photo_without_its_location(client, world):
    client.force_login(world.personas.officer)

    submit(client, add_url(world.organisation), VISIT, files={"attachments": [pdf(), photo_with_location()]})

    interaction = Interaction.objects.get(subject=VISIT["subject"])
    files = list(interaction.attachments.order_by("id"))
    assert [f.name for f in files] == ["محضر الاجتماع.pdf", "IMG_0042.jpg"]
    assert [f.content_type for f in files] == ["application/pdf", "image/jpeg"]
    stored = Image.open(files[1].file.open("rb"))
    assert GPS not in stored.getexif()
    entry = AuditEntry.objects.get(action="interaction.create", object_id=str(interaction.pk))
    assert [a["name"] for a in entry.after["attachments"]] == ["محضر الاجتماع.pdf", "IMG_0042.jpg"]
    assert all(len(a["sha256"]) == 64 for a in entry.after["attachments"])


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("outil.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
            "«outil.exe»",
        ),
        (
            SimpleUploadedFile("faux.pdf", b"<html>not a pdf</html>", content_type="application/pdf"),
            "«faux.pdf»",
        ),
        (SimpleUploadedFile("vide.pdf", b"", content_type="application/pdf"), "«vide.pdf»"),
    ],
)
def test_an_odd_file_is_refused_by_name_and_what_was_typed_is_kept(client, world, upload, message):
    client.force_login(world.personas.officer)

    response = client.post(
        add_url(world.organisation),
        {
            **VISIT,
            "follow_up-TOTAL_FORMS": "0",
            "follow_up-INITIAL_FORMS": "0",
            "attachments": [pdf(), upload],
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert VISIT["subject"] in html  # the form keeps what was typed
    assert not Interaction.objects.filter(subject=VISIT["subject"]).exists()
    assert not InteractionAttachment.objects.exists()


def test_files_are_added_later_to_an_interaction_in_the_timeline(client, world):
    client.force_login(world.personas.manager)
    url = f"/partners/{world.organisation.pk}/interactions/{world.interaction.pk}/files/new/"

    response = submit(
        client, url, files={"attachments": [pdf("compte-rendu.pdf"), pdf("annexe.pdf")]}, follow=True
    )

    assert sorted(world.interaction.attachments.values_list("name", flat=True)) == [
        "annexe.pdf",
        "compte-rendu.pdf",
    ]
    assert (
        AuditEntry.objects.filter(action="interaction.attach", object_id=str(world.interaction.pk)).count()
        == 1
    )
    html = response.content.decode()
    assert "compte-rendu.pdf" in html  # listed under the interaction on the partner's page


def test_adding_files_later_refuses_an_odd_one_and_keeps_none(client, world):
    client.force_login(world.personas.officer)
    url = f"/partners/{world.organisation.pk}/interactions/{world.interaction.pk}/files/new/"
    odd = SimpleUploadedFile("script.pdf", b"#!/bin/sh\n", content_type="application/pdf")

    response = client.post(url, {"attachments": [pdf(), odd]})

    assert response.status_code == 200
    assert "«script.pdf»" in response.content.decode()
    assert not world.interaction.attachments.exists()


def test_an_interaction_keeps_at_most_ten_files(client, world):
    client.force_login(world.personas.officer)
    url = f"/partners/{world.organisation.pk}/interactions/{world.interaction.pk}/files/new/"

    response = client.post(url, {"attachments": [pdf(f"p{n}.pdf") for n in range(11)]})

    assert response.status_code == 200
    assert not world.interaction.attachments.exists()


# Who downloads an interaction's file: the commune's staff who read the timeline (role -> status).
DOWNLOAD = {
    "administrator": 200,
    "cooperation_officer": 200,
    "finance_officer": 200,
    "project_manager": 200,
    "president": 200,
    "council_member": 200,
    "auditor": 200,
    "prefecture": 404,
    "partner_viewer": 404,  # its own organisation's page, never the commune's timeline
}


@pytest.mark.parametrize("role", sorted(DOWNLOAD))
def test_the_file_is_served_privately_to_those_who_read_the_timeline(client, world, role):
    officer = world.personas.officer
    client.force_login(officer)
    submit(
        client,
        f"/partners/{world.organisation.pk}/interactions/{world.interaction.pk}/files/new/",
        files={"attachments": [pdf("compte-rendu.pdf")]},
    )
    attachment = world.interaction.attachments.get()
    client.force_login(world.personas.by_role()[role])

    response = client.get(
        f"/partners/{world.organisation.pk}/interactions/{world.interaction.pk}/files/{attachment.pk}/"
    )

    assert response.status_code == DOWNLOAD[role]
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert "attachment" in response["Content-Disposition"]


def test_a_file_is_not_reached_through_another_partner(client, world):
    client.force_login(world.personas.officer)
    submit(
        client,
        f"/partners/{world.organisation.pk}/interactions/{world.interaction.pk}/files/new/",
        files={"attachments": [pdf("compte-rendu.pdf")]},
    )
    attachment = world.interaction.attachments.get()

    response = client.get(
        f"/partners/{world.other_organisation.pk}/interactions/{world.interaction.pk}/files/{attachment.pk}/"
    )

    assert response.status_code == 404
