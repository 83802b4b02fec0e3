"""The one way a language cookie is set (Django's, and the portal's own): Secure outside DEBUG."""

from django.conf import settings

ONE_YEAR = 365 * 24 * 3600


def set_language_cookie(response, name: str, code: str) -> None:
    """Remember the reader's language for a year, with the LANGUAGE_COOKIE_* flags of the settings:
    Secure when DEBUG is off, HttpOnly (no script reads it) and SameSite=Lax."""
    response.set_cookie(
        name,
        code,
        max_age=ONE_YEAR,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
