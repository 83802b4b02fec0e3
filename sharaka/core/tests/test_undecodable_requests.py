"""A request Sharaka cannot read as UTF-8 gets a 400 page in the reader's language, logged as one line."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

PUBLIC = ["portal:feedback", "login", "password_reset", "set_language"]
STAFF = ["partner_create", "project_create", "finance_rates", "agreement_create"]
CHARSETS = ["utf-16", "utf-32", "cp037", "utf-16-le", "x-unknown"]


def _client(user=None, language="fr"):
    """A client like a browser: CSRF enforced (the view that reports a CSRF failure reads the body too)."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    client.get(reverse("login"))  # a CSRF cookie, as a browser has
    if user is not None:
        client.force_login(user)
    return client


def _refused_once(response, caplog, language="fr"):
    assert response.status_code == 400
    words = {
        "fr": "Sharaka n’a pas pu lire",
        "en": "Sharaka could not read what was sent",
        "ar": "تعذر على شراكة قراءة",
    }[language]
    assert words in response.content.decode()
    assert "<nav" in response.content.decode() or "<main" in response.content.decode()  # the site's layout
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(logged) == 1, [r.getMessage() for r in logged]
    assert logged[0].exc_info is None and "\n" not in logged[0].getMessage()
    assert logged[0].getMessage().startswith("Refused an undecodable request")


def _form_body(client):
    token = client.cookies["csrftoken"].value
    return f"username=leila&password=secret&message=Bonjour&language=fr&csrfmiddlewaretoken={token}"


def _post_in(client, name, charset):
    """The form as a client sends it in `charset` (the bytes are sent as they are)."""
    try:
        body = _form_body(client).encode(charset)
    except LookupError:
        body = _form_body(client).encode()
    return client.generic(
        "POST", reverse(name), body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )


@pytest.mark.parametrize("charset", CHARSETS)
@pytest.mark.parametrize("name", PUBLIC)
def test_a_public_form_posted_in_another_charset_gets_a_400_page(db, caplog, name, charset):
    client = _client()
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response = _post_in(client, name, charset)
    _refused_once(response, caplog)


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "cp037"])
@pytest.mark.parametrize("name", STAFF)
def test_a_staff_form_posted_in_another_charset_gets_a_400_page(personas, caplog, name, charset):
    client = _client(personas.admin, language="en")
    personas.admin.language = ""
    personas.admin.save()
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response = _post_in(client, name, charset)
    _refused_once(response, caplog, language="en")


@pytest.mark.parametrize("name", PUBLIC + STAFF)
def test_invalid_utf8_in_a_urlencoded_body_gets_a_400_page(personas, caplog, name):
    client = _client(personas.admin)
    personas.admin.language = "ar"
    personas.admin.save()
    body = _form_body(client).encode() + b"&name=%FF%FE&message=caf\xe9"
    caplog.clear()
    response = client.post(reverse(name), body, content_type="application/x-www-form-urlencoded")
    _refused_once(response, caplog, language="ar")


@pytest.mark.parametrize("query", ["q=%FF", "page=%C3%28", "%E2%82=1"])
def test_invalid_utf8_in_a_query_string_gets_a_400_page(client, caplog, query):
    response = client.get(reverse("portal:project_list") + "?" + query, HTTP_ACCEPT_LANGUAGE="fr")
    _refused_once(response, caplog)


def _multipart(client, value: bytes, field_name: bytes = b"message") -> bytes:
    token = client.cookies["csrftoken"].value.encode()
    return (
        b"--B0UNDARY\r\n"
        b'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n' + token + b"\r\n"
        b"--B0UNDARY\r\n"
        b'Content-Disposition: form-data; name="' + field_name + b'"\r\n\r\n' + value + b"\r\n"
        b"--B0UNDARY--\r\n"
    )


@pytest.mark.parametrize(
    ("value", "field_name"),
    [(b"caf\xe9 au lait", b"message"), (b"\xff\xfe\x00\x00", b"message")],
    ids=["latin1-value", "utf32-bom-value"],
)
def test_an_undecodable_multipart_part_gets_a_400_page(db, caplog, value, field_name):
    client = _client()
    caplog.clear()
    response = client.post(
        reverse("portal:feedback"),
        _multipart(client, value, field_name),
        content_type="multipart/form-data; boundary=B0UNDARY",
    )
    _refused_once(response, caplog)


def test_a_readable_multipart_form_still_goes_through(db):
    from sharaka.portal.models import Inquiry

    client = _client()
    response = client.post(
        reverse("portal:feedback"),
        _multipart(client, "سؤال عن مشروع الماء".encode()),
        content_type="multipart/form-data; boundary=B0UNDARY",
    )
    assert response.status_code == 302
    assert Inquiry.objects.get().message == "سؤال عن مشروع الماء"


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", "us-ascii"])
def test_utf8_and_ascii_bodies_are_read_as_before(db, charset):
    from sharaka.portal.models import Inquiry

    client = _client()
    body = f"message=Bonjour+%C3%A0+vous&csrfmiddlewaretoken={client.cookies['csrftoken'].value}"
    response = client.post(
        reverse("portal:feedback"), body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 302
    assert Inquiry.objects.get().message == "Bonjour à vous"


@pytest.mark.parametrize("typed", ["nations\x00", "\u202enations", "nati\u200bons"])
def test_a_nul_or_a_bidi_override_in_a_search_is_cleaned_before_the_database_sees_it(client, world, typed):
    """PostgreSQL refuses a NUL in a string (a server error); the search reads what the person meant."""
    from sharaka.core import search as search_index

    search_index.index("organisation", world.organisation.pk, world.organisation.name_fr)
    client.force_login(world.personas.officer)
    plain = client.get(reverse("search"), {"q": "nations"})
    dirty = client.get(reverse("search"), {"q": typed})
    assert dirty.status_code == 200
    assert dirty.context["q"] == "nations"
    assert plain.context["results"]["organisations"]  # the world's partner is found by "nations"…
    assert dirty.context["results"] == plain.context["results"]  # …and by what was typed around it


def test_a_nul_in_a_list_filter_is_cleaned(client, world):
    client.force_login(world.personas.officer)
    response = client.get(reverse("partner_list"), {"q": "UN\x00DP"})
    assert response.status_code == 200
