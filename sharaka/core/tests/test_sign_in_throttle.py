"""Wrong passwords are counted per account and per address: after five, signing in is paused for
fifteen minutes, even with the right password, on the staff site and the admin site alike. The pause
ends with time, a password reset, or an administrator's unlock (users' screen or management command)."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from sharaka.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-only"  # core.testing.make_user
LIMIT = 5  # settings.AXES_FAILURE_LIMIT, written out: change the setting and this test says so


def sign_in(client, username, password, *, url="/accounts/login/", address="203.0.113.7", **headers):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in_as(client):
    response = client.get(reverse("home"))
    return response.wsgi_request.user.username if response.status_code == 200 else None


def fail(client, username, times, **kwargs):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", **kwargs)
        assert response.status_code in (200, 429)


def test_the_limit_is_five_and_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)


def test_thirty_wrong_passwords_lock_the_account_even_for_the_right_one(client, personas):
    for attempt in range(1, 31):
        response = sign_in(client, "officer", "wrong-password")
        # The first four are refused as wrong; from the fifth on, signing in is paused.
        assert response.status_code == (200 if attempt < LIMIT else 429), attempt
    response = sign_in(client, "officer", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "15" in page and reverse("password_reset") in page
    assert signed_in_as(client) is None


def test_the_lockout_page_speaks_the_readers_language(client, personas):
    fail(client, "officer", LIMIT)
    arabic = sign_in(client, "officer", PASSWORD).content.decode()
    assert "متوقف" in arabic or "توقف" in arabic, "the lockout message is not in Arabic"
    client.cookies["django_language"] = "fr"
    french = sign_in(client, "officer", PASSWORD).content.decode()
    assert "Connexion suspendue" in french
    client.cookies["django_language"] = "en"
    english = sign_in(client, "officer", PASSWORD).content.decode()
    assert "Sign-in paused" in english


def test_four_wrong_passwords_then_the_right_one_sign_in_and_start_the_count_again(client, personas):
    fail(client, "officer", LIMIT - 1)
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    client.logout()
    fail(client, "officer", LIMIT - 1)
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    assert signed_in_as(client) == "officer"


def test_an_account_is_locked_whatever_address_the_wrong_passwords_came_from(client, personas):
    for i in range(LIMIT):
        sign_in(client, "officer", "wrong-password", address=f"198.51.100.{i}")
    assert sign_in(client, "officer", PASSWORD, address="192.0.2.200").status_code == 429
    # Someone else, from that other address, still signs in.
    assert sign_in(client, "manager", PASSWORD, address="192.0.2.200").status_code == 302


def test_an_address_is_locked_whatever_accounts_it_tried(client, personas):
    for name in ["alice", "bob", "carol", "dave", "eve"]:
        sign_in(client, name, "wrong-password", address="203.0.113.50")
    assert sign_in(client, "officer", PASSWORD, address="203.0.113.50").status_code == 429
    assert sign_in(client, "officer", PASSWORD, address="203.0.113.51").status_code == 302


def test_an_ipv6_address_counts_with_its_whole_slash_64(client, personas):
    for i in range(LIMIT):
        sign_in(client, f"nobody{i}", "wrong-password", address=f"2001:db8:1:2::{i + 1:x}")
    assert sign_in(client, "officer", PASSWORD, address="2001:db8:1:2:ffff::9").status_code == 429
    assert sign_in(client, "officer", PASSWORD, address="2001:db8:1:3::1").status_code == 302


def test_a_forwarded_header_is_not_an_address_without_a_trusted_proxy(client, personas, settings):
    settings.TRUSTED_PROXIES = 0
    for i in range(LIMIT):
        sign_in(client, f"nobody{i}", "wrong-password", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert sign_in(client, "officer", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, personas, settings):
    settings.TRUSTED_PROXIES = 1
    for i in range(LIMIT):
        sign_in(
            client, f"nobody{i}", "wrong-password", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
    assert (
        sign_in(
            client, "officer", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
        ).status_code
        == 429
    )
    assert (
        sign_in(
            client, "officer", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2"
        ).status_code
        == 302
    )


def test_the_admin_sites_sign_in_is_locked_too(client, personas):
    url = reverse("admin:login")
    for _ in range(LIMIT):
        sign_in(client, "admin", "wrong-password", url=url)
    response = sign_in(client, "admin", PASSWORD, url=url)
    assert response.status_code == 429
    assert reverse("password_reset") in response.content.decode()
    # The same count: the staff site's form is paused for that account as well.
    assert sign_in(client, "admin", PASSWORD).status_code == 429


def test_the_pause_ends_after_fifteen_minutes(client, personas):
    fail(client, "officer", LIMIT)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=14))
    assert sign_in(client, "officer", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=2))
    assert sign_in(client, "officer", PASSWORD).status_code == 302


def test_an_administrator_unlocks_the_account_from_the_users_screen(client, personas):
    fail(client, "officer", LIMIT)
    assert sign_in(client, "officer", PASSWORD).status_code == 429
    admin = client.__class__()
    admin.force_login(personas.admin)
    response = admin.post(
        reverse("admin:core_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [personas.officer.pk]},
        follow=True,
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="user.unlock_sign_in")
    assert entry.actor == personas.admin and entry.object_id == str(personas.officer.pk)
    assert sign_in(client, "officer", PASSWORD).status_code == 302


def test_only_an_administrator_may_unlock(personas):
    from django.core.exceptions import PermissionDenied

    from sharaka.core import services

    with pytest.raises(PermissionDenied):
        services.user_unlock_sign_in(actor=personas.officer, user=personas.finance)


def test_the_management_command_unlocks_the_account(client, personas):
    fail(client, "officer", LIMIT)
    call_command("axes_reset_username", "officer", verbosity=0)
    assert sign_in(client, "officer", PASSWORD).status_code == 302


def test_a_password_reset_unlocks_the_account(client, personas, django_capture_on_commit_callbacks):
    personas.officer.email = "officer@example.org"
    personas.officer.save()
    fail(client, "officer", LIMIT)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "officer@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session key, then shows the form
    response = client.post(
        form_url, {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    )
    assert response.status_code == 302
    assert sign_in(client, "officer", "a-new-long-passphrase").status_code == 302


def test_a_five_thousand_character_username_is_counted_like_any_unknown_account(client, personas):
    """Found by the form fuzzer on PostgreSQL: the failed attempt's log column holds 255 characters, and
    a 5,001-character username was a server error there (SQLite does not enforce the length)."""
    hostile = ("أورير réunion\u202e" * 400)[:5001]

    response = sign_in(client, hostile, "Ì0ªPz\x1bh")

    assert response.status_code == 200  # the sign-in form again, with its message
    attempt = AccessAttempt.objects.get()
    assert len(attempt.username) == 150  # the longest username there is
    assert "\u202e" not in attempt.username
    for _ in range(LIMIT - 2):
        sign_in(client, hostile, "wrong-password", address="198.51.100.9")
    assert sign_in(client, hostile, "wrong-password", address="192.0.2.1").status_code == 429
