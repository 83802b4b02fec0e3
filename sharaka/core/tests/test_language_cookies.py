"""The language cookies (the staff site's and the portal's) carry Secure in production, and HttpOnly
and SameSite=Lax always."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_cookies(settings):
    settings.LANGUAGE_COOKIE_SECURE = True  # what settings.py sets when DEBUG is off


def test_the_staff_sites_language_cookie_is_secure_in_production(client, production_cookies):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/accounts/login/"})
    cookie = response.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr"
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"


def test_the_portals_language_cookie_is_secure_in_production(client, production_cookies):
    response = client.get(reverse("portal:home") + "?lang=zgh")
    cookie = response.cookies[django_settings.PORTAL_LANGUAGE_COOKIE_NAME]
    assert cookie.value == "zgh"
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"


def test_in_development_the_cookie_works_over_plain_http(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    cookie = response.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] == "" and cookie["httponly"] is True
