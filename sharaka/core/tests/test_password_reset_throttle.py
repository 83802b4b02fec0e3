"""Password-reset e-mails are limited: three an hour per e-mail address, ten requests an hour per
address; over either, no e-mail leaves and the form says why, on the same page."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from sharaka.core.models import ThrottleEvent

pytestmark = pytest.mark.django_db


def ask(client, email, address="203.0.113.7"):
    # The e-mail is queued when the request's changes commit (sharaka/operations/mail.py).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.fixture
def officer(personas):
    personas.officer.email = "officer@example.org"
    personas.officer.save()
    return personas.officer


def test_twenty_requests_for_one_account_send_three_emails(client, officer):
    statuses = [ask(client, "officer@example.org", address=f"198.51.100.{i}").status_code for i in range(20)]
    assert len(mail.outbox) == 3
    assert statuses[:3] == [302] * 3 and set(statuses[3:]) == {429}


def test_the_refusal_is_shown_on_the_form_in_the_readers_language(client, officer):
    for _ in range(3):
        ask(client, "officer@example.org")
    response = ask(client, "Officer@Example.org")  # the same address, however capitalised
    page = response.content.decode()
    assert response.status_code == 429 and 'role="alert"' in page
    assert "لم تُرسل" in page or "لم يُرسل" in page, "the refusal is not in Arabic"
    assert 'value="Officer@Example.org"' in page  # what was typed is kept
    client.cookies["django_language"] = "fr"
    assert "Aucun e-mail n’a été envoyé" in ask(client, "officer@example.org").content.decode()
    assert len(mail.outbox) == 3


def test_one_address_may_ask_ten_times_an_hour_whatever_the_emails(client, officer):
    for i in range(10):
        assert ask(client, f"someone{i}@example.org").status_code == 302
    assert ask(client, "officer@example.org").status_code == 429
    assert mail.outbox == []
    # From elsewhere, the officer still gets their e-mail.
    assert ask(client, "officer@example.org", address="192.0.2.1").status_code == 302
    assert len(mail.outbox) == 1


def test_an_ipv6_slash_64_is_one_address(client, officer):
    for i in range(10):
        ask(client, f"someone{i}@example.org", address=f"2001:db8:5:6::{i + 1:x}")
    assert ask(client, "officer@example.org", address="2001:db8:5:6:abcd::1").status_code == 429
    assert ask(client, "officer@example.org", address="2001:db8:5:7::1").status_code == 302


def test_an_hour_later_the_account_may_ask_again(client, officer):
    for _ in range(4):
        ask(client, "officer@example.org")
    assert len(mail.outbox) == 3
    ThrottleEvent.objects.update(at=ThrottleEvent.objects.first().at - datetime.timedelta(minutes=61))
    assert ask(client, "officer@example.org").status_code == 302
    assert len(mail.outbox) == 4


def test_the_count_keeps_no_email_address(client, officer):
    ask(client, "officer@example.org")
    assert not ThrottleEvent.objects.filter(key__icontains="officer").exists()
