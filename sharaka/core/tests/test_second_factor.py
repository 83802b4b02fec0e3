"""The administrator, the finance officer and the president confirm each sign-in with a code from an
authenticator app (or a single-use recovery code) before any other page opens; other roles do not."""

import base64
import datetime
import html
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sharaka.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-only"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.SECOND_FACTOR_REQUIRED = True  # as in production (the unit tests' default is off)


def sign_in(client, username, url="/accounts/login/"):
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def code_for(secret_or_device, *, step_ahead: int = 0) -> str:
    """The code an authenticator app shows now for this key (or the next step's, for a second sign-in
    within the same 30 seconds: a code is accepted once)."""
    if isinstance(secret_or_device, TOTPDevice):
        key = secret_or_device.bin_key
    else:
        compact = secret_or_device.replace(" ", "")
        key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    totp = TOTP(key)
    totp.time = totp.time + 30 * step_ahead
    return f"{totp.token():06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def a_few_seconds_later(user):
    from django.db.models import F
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (StaticDevice, TOTPDevice):
        model.objects.filter(user=user).update(
            throttling_failure_timestamp=F("throttling_failure_timestamp") - datetime.timedelta(seconds=5)
        )


def secret_on(page: str) -> str:
    return html.unescape(re.search(r'id="totp-secret">([^<]+)<', page).group(1))


@pytest.mark.parametrize("role_persona", ["admin", "finance", "president"])
def test_the_three_roles_reach_no_page_before_confirming(client, personas, role_persona):
    enrolled(getattr(personas, role_persona))
    sign_in(client, role_persona)
    for url in ["/", "/projects/", "/finance/", "/audit/", "/admin/", "/accounts/password/", "/portal/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("two_factor_verify") + "?next="), url


@pytest.mark.parametrize(
    "role_persona", ["officer", "manager", "council", "auditor", "prefecture", "partner_viewer"]
)
def test_the_other_roles_are_not_asked_for_a_code(client, personas, role_persona):
    response = client.post(
        "/accounts/login/", {"username": getattr(personas, role_persona).username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert client.get(reverse("two_factor_verify")).status_code == 403


def test_the_finance_officer_sets_up_an_app_at_the_first_sign_in(client, personas):
    sign_in(client, "finance")
    response = client.get("/finance/")
    assert response.url == reverse("two_factor_setup") + "?next=%2Ffinance%2F"
    page = client.get(response.url).content.decode()
    secret = secret_on(page)
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret)
    uri = html.unescape(re.search(r'id="totp-uri">([^<]+)<', page).group(1))
    assert uri.startswith("otpauth://totp/Sharaka%3Afinance?secret=" + secret.replace(" ", ""))
    assert "<svg" in page and "<title>" in page  # the QR code, drawn on the server
    # A wrong code is refused on the same page; nothing is confirmed.
    wrong = client.post(response.url, {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and 'class="error"' in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.finance, confirmed=True).exists()
    # The right one: confirmed, and the recovery codes are shown once.
    a_few_seconds_later(personas.finance)
    done = client.post(response.url, {"code": code_for(secret), "next": "/finance/"})
    codes = re.findall(r"<li><code>([a-z0-9]{5} [a-z0-9]{5})</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/finance/").status_code == 200
    assert AuditEntry.objects.filter(action="user.second_factor_confirm", actor=personas.finance).exists()
    # Shown once: the set-up page now says how many are left, never the codes.
    status = client.get(reverse("two_factor_setup")).content.decode()
    assert codes[0] not in status and "10" in status


def test_the_president_types_the_code_of_the_app_and_goes_where_they_were_going(client, personas):
    device = enrolled(personas.president)
    sign_in(client, "president")
    to_verify = client.get("/agreements/").url
    refused = client.post(to_verify, {"code": "12345", "next": "/agreements/"})
    assert refused.status_code == 200 and 'class="error"' in refused.content.decode()
    assert client.get("/agreements/").status_code == 302
    accepted = client.post(to_verify, {"code": code_for(device), "next": "/agreements/"})
    assert accepted.status_code == 302 and accepted.url == "/agreements/"
    assert client.get("/agreements/").status_code == 200


def test_a_code_is_accepted_once(client, personas):
    device = enrolled(personas.president)
    code = code_for(device)
    sign_in(client, "president")
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    client.logout()
    sign_in(client, "president")
    again = client.post(reverse("two_factor_verify"), {"code": code})
    assert again.status_code == 200  # replayed: refused


def test_a_recovery_code_works_once_and_new_codes_replace_the_old(client, personas):
    from sharaka.core import services

    enrolled(personas.admin)
    codes = services.recovery_codes_issue(actor=personas.admin, user=personas.admin)
    sign_in(client, "admin")
    typed = f"{codes[0][:5].upper()}-{codes[0][5:].upper()}"  # as read from paper
    response = client.post(reverse("two_factor_verify"), {"code": typed}, follow=True)
    assert response.status_code == 200 and response.wsgi_request.path == "/"
    assert "9" in response.content.decode()  # nine left, said on the page
    client.logout()
    sign_in(client, "admin")
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 200
    a_few_seconds_later(personas.admin)  # a wrong code makes the next one wait a second
    assert client.post(reverse("two_factor_verify"), {"code": codes[1]}).status_code == 302
    # New codes: the old ones stop working, the new ones are shown once.
    page = client.post(reverse("two_factor_recovery")).content.decode()
    new = [c.replace(" ", "") for c in re.findall(r"<li><code>([a-z0-9]{5} [a-z0-9]{5})</code></li>", page)]
    assert len(new) == 10 and not set(new) & set(codes)
    client.logout()
    sign_in(client, "admin")
    assert client.post(reverse("two_factor_verify"), {"code": codes[2]}).status_code == 200
    a_few_seconds_later(personas.admin)
    assert client.post(reverse("two_factor_verify"), {"code": new[0]}).status_code == 302


def test_the_admin_site_asks_for_the_code_too(client, personas):
    device = enrolled(personas.admin)
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    to_verify = client.get("/admin/")
    assert to_verify.url.startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_an_administrator_resets_a_lost_second_factor(client, personas):
    from sharaka.core import services

    enrolled(personas.finance)
    services.recovery_codes_issue(actor=personas.finance, user=personas.finance)
    admin_device = enrolled(personas.admin)
    sign_in(client, "admin")
    client.post(reverse("two_factor_verify"), {"code": code_for(admin_device)})
    client.post(
        reverse("admin:core_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [personas.finance.pk]},
    )
    assert not TOTPDevice.objects.filter(user=personas.finance).exists()
    assert AuditEntry.objects.filter(action="user.second_factor_reset", actor=personas.admin).exists()
    client.logout()
    sign_in(client, "finance")
    assert client.get("/").url.startswith(reverse("two_factor_setup"))


def test_wrong_codes_in_a_row_are_slowed_down(client, personas):
    enrolled(personas.president)
    sign_in(client, "president")
    for _ in range(3):
        client.post(reverse("two_factor_verify"), {"code": "000001"})
    response = client.post(reverse("two_factor_verify"), {"code": "000002"})
    assert response.status_code == 429


def test_the_setup_page_is_in_french_for_a_french_reader(client, personas):
    personas.finance.language = "fr"
    personas.finance.save()
    sign_in(client, "finance")
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "second facteur" in page.lower()


def test_the_admin_site_never_shows_an_authenticator_key(client, personas):
    finance_device = enrolled(personas.finance)
    admin_device = enrolled(personas.admin)
    sign_in(client, "admin")
    client.post(reverse("two_factor_verify"), {"code": code_for(admin_device)})
    page = client.get(f"/admin/otp_totp/totpdevice/{finance_device.pk}/change/")
    assert page.status_code == 404  # the devices are not in the admin at all (core/admin_apps.py)
    assert finance_device.key not in page.content.decode()
    assert finance_device.key not in client.get("/admin/").content.decode()
    assert client.get(f"/admin/otp_totp/totpdevice/{finance_device.pk}/config/").status_code in (403, 404)
