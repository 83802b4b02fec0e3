"""Citizens write from the portal or a project page, get a reference, and the unit answers."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from sharaka.portal import services
from sharaka.portal.models import Inquiry
from sharaka.portal.tests.helpers import publishable_project

pytestmark = pytest.mark.django_db


def _post(client, **data):
    return client.post(
        reverse("portal:feedback"), {"message": "", "name": "", "contact": "", "website": "", **data}
    )


def test_it_records_an_inquiry_and_gives_a_reference(client):
    project = publishable_project()
    response = _post(client, message="Quand les travaux commencent-ils ?", project=project.pk)
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "portal:feedback_sent", args=[inquiry.reference]
    )
    assert inquiry.project == project and inquiry.status == "received" and inquiry.due_on
    page = client.get(response.url).content.decode()
    assert inquiry.reference in page


def test_it_shows_bad_input_on_the_same_page(client):
    response = _post(client, message="court")
    assert response.status_code == 200
    assert "10" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_it_keeps_nothing_a_robot_sends_through_the_honeypot(client):
    response = _post(client, message="Buy cheap things now, best prices", website="http://spam.example")
    assert response.status_code == 302
    assert not Inquiry.objects.exists()


def test_it_limits_the_messages_per_address(client):
    for i in range(services.RATE_LIMIT):
        assert _post(client, message=f"Message numéro {i} pour la commune").status_code == 302
    response = _post(client, message="Encore un message pour la commune")
    assert response.status_code == 200
    assert Inquiry.objects.count() == services.RATE_LIMIT
    with translation.override("ar"):
        assert "form-errors" in response.content.decode()


def test_it_lets_the_unit_answer_and_publish_the_answer_with_the_project(client, personas):
    project = publishable_project()
    inquiry = services.inquiry_submit(
        message="Le puits sera-t-il fermé l'été ?", project=project, name="Ahmed"
    )
    client.force_login(personas.officer)
    assert inquiry.reference in client.get(reverse("portal:inquiries")).content.decode()
    url = reverse("portal:inquiry_detail", args=[inquiry.pk])
    response = client.post(url, {"status": "answered", "answer": "", "answer_is_public": "on"})
    assert response.status_code == 200  # an answer is needed: same page, nothing saved
    response = client.post(
        url, {"status": "answered", "answer": "Non, il reste ouvert.", "answer_is_public": "on"}
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "answered" and inquiry.answered_by == personas.officer
    client.logout()
    html = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    assert "Non, il reste ouvert." in html and "Ahmed" not in html


def test_it_refuses_an_illegal_move(personas):
    inquiry = services.inquiry_submit(message="Une question sur la commune")
    services.inquiry_answer(actor=personas.officer, inquiry=inquiry, status="closed")
    with translation.override("en"), pytest.raises(ValidationError, match="cannot go"):
        services.inquiry_answer(actor=personas.officer, inquiry=inquiry, status="in_review")


def test_it_refuses_the_inbox_to_other_roles(client, personas):
    client.force_login(personas.finance)
    assert client.get(reverse("portal:inquiries")).status_code == 403
