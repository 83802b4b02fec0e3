"""A message thread per project between a partner and the unit: the partner writes, the unit is told
and answers, the partner is told; another partner sees none of it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.partnerspace import services
from sharaka.partnerspace.models import Thread

pytestmark = pytest.mark.django_db


def test_a_partner_writes_the_unit_answers_each_told_by_mail(
    client, space, django_capture_on_commit_callbacks
):
    p = space.world.personas
    p.officer.email, p.partner_viewer.email = "officer@aourir.ma", "viewer@undp.example"
    p.officer.save()
    p.partner_viewer.save()
    client.force_login(p.partner_viewer)
    url = reverse("partnerspace:project_thread", args=[space.world.project.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"body": "Quand aura lieu la visite ?"}).status_code == 302
    thread = Thread.objects.get()
    assert thread.awaiting_unit and [m.to for m in mail.outbox] == [["officer@aourir.ma"]]

    client.force_login(p.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnerspace:thread", args=[thread.pk]), {"body": "Le 12 janvier."})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert not thread.awaiting_unit and mail.outbox[-1].to == ["viewer@undp.example"]
    assert AuditEntry.objects.filter(action="partnerspace.message").count() == 2

    client.force_login(p.partner_viewer)
    html = client.get(url).content.decode()
    assert "Quand aura lieu la visite ?" in html and "Le 12 janvier." in html
    client.force_login(p.outsider_partner_viewer)
    assert client.get(url).status_code == 404


def test_an_empty_message_is_refused_on_the_page(client, space):
    client.force_login(space.world.personas.partner_viewer)
    response = client.post(
        reverse("partnerspace:project_thread", args=[space.world.project.pk]), {"body": "   "}
    )
    assert response.status_code == 200 and not Thread.objects.exists()


def test_only_the_unit_answers(space):
    thread = Thread.objects.create(project=space.world.project, organisation=space.world.organisation)
    for actor in (space.world.personas.finance, space.world.personas.partner_viewer):
        with pytest.raises(PermissionDenied):
            services.message_reply(actor=actor, thread=thread, body="Bonjour")
    with pytest.raises(ValidationError):
        services.message_reply(actor=space.world.personas.officer, thread=thread, body="")
