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


def _request(remote="10.0.0.1", forwarded=None):
    from django.test import RequestFactory

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_it_reads_the_client_address_behind_as_many_proxies_as_trusted():
    from sharaka.lib.client_ip import client_address

    # No trusted proxy (the default): the header is anyone's to write, so it is never read.
    assert client_address(_request(forwarded="203.0.113.7"), 0) == "10.0.0.1"
    # One proxy appends what it saw: the last entry; what the client wrote before it is ignored.
    assert client_address(_request(forwarded="1.1.1.1, 203.0.113.7"), 1) == "203.0.113.7"
    assert client_address(_request(forwarded="203.0.113.7"), 1) == "203.0.113.7"
    assert client_address(_request(forwarded="2001:db8::1"), 1) == "2001:db8::1"
    # Two proxies: the second from the right.
    assert client_address(_request(forwarded="1.1.1.1, 203.0.113.7, 10.0.0.9"), 2) == "203.0.113.7"
    # Fewer entries than proxies, no header, or not an address: REMOTE_ADDR.
    assert client_address(_request(forwarded="203.0.113.7"), 2) == "10.0.0.1"
    assert client_address(_request(), 1) == "10.0.0.1"
    assert client_address(_request(forwarded="1.1.1.1, not-an-ip"), 1) == "10.0.0.1"
    assert client_address(_request(remote="", forwarded="203.0.113.7"), 0) is None


def test_it_ignores_a_spoofed_forwarded_header_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXIES = 0
    for i in range(services.RATE_LIMIT):
        forwarded = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{i}"}  # a new "address" each time
        response = client.post(
            reverse("portal:feedback"), {"message": f"Message numéro {i} pour la commune"}, **forwarded
        )
        assert response.status_code == 302
    response = client.post(
        reverse("portal:feedback"),
        {"message": "Encore un message pour la commune"},
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 200 and Inquiry.objects.count() == services.RATE_LIMIT
    assert set(Inquiry.objects.values_list("sender_address", flat=True)) == {"127.0.0.1"}


def test_it_limits_each_citizen_apart_behind_one_trusted_proxy(client, settings):
    settings.TRUSTED_PROXIES = 1  # every request comes from the proxy, 127.0.0.1

    def post(forwarded, i):
        return client.post(
            reverse("portal:feedback"),
            {"message": f"Message numéro {i} pour la commune"},
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for i in range(services.RATE_LIMIT):
        assert post("203.0.113.7", i).status_code == 302
    assert post("203.0.113.7", 99).status_code == 200  # this citizen has had their five
    assert post("8.8.8.8, 203.0.113.7", 99).status_code == 200  # a left entry of their own changes nothing
    assert post("203.0.113.8", 1).status_code == 302  # a neighbour behind the same proxy still writes
    assert set(Inquiry.objects.values_list("sender_address", flat=True)) == {"203.0.113.7", "203.0.113.8"}


def test_it_stores_an_inquiry_without_bidi_controls_or_control_characters(client):
    _post(
        client,
        message="Le puits\u202e est sec\x00 depuis\u2066 mars.\r\nMerci.",
        name="Fatima\u202e\x07",
        contact="f@example.org\u200f",
    )
    inquiry = Inquiry.objects.get()
    assert inquiry.message == "Le puits est sec depuis mars.\r\nMerci."
    assert (inquiry.name, inquiry.contact) == ("Fatima", "f@example.org")
