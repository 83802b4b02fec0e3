"""One log line per request with its request id, and the request id on the error pages."""

import json
import logging
import re

import pytest
from django.test import override_settings
from django.urls import get_resolver

from sharaka.core.testing import make_user
from sharaka.operations.errors import server_error
from sharaka.operations.requestlog import JsonFormatter, TextFormatter

FAILING = "sharaka.operations.tests.urls_failing"


def only_line(lines):
    assert len(lines) == 1, [line.getMessage() for line in lines]
    return lines[0]


# --- the request line ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_line_per_request_with_its_fields(client, personas, request_lines):
    client.force_login(personas.officer)
    response = client.get("/projects/?q=Fatima+Zahra", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200

    line = only_line(request_lines)
    assert line.levelno == logging.INFO
    assert line.method == "GET"
    assert line.path == "/projects/"  # the query string (what a person searched) is not written
    assert "Fatima" not in line.getMessage()
    assert line.status == 200
    assert line.duration_ms >= 0
    assert line.size == len(response.content)
    assert line.user_id == str(personas.officer.pk)  # the id, never the name
    assert personas.officer.username not in line.getMessage()
    assert line.client == "198.51.100.7"
    assert line.request_id == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", line.request_id)


@pytest.mark.django_db
def test_an_anonymous_request_is_written_with_a_dash_and_costs_no_query(
    client, request_lines, django_assert_num_queries
):
    with django_assert_num_queries(0):
        client.get("/accounts/login/")
    assert only_line(request_lines).user_id == "-"


@pytest.mark.django_db
def test_a_secret_in_the_path_is_not_written(client, personas, request_lines):
    client.get("/accounts/reset/MQ/abc123-0123456789abcdef0123/")
    line = only_line(request_lines)
    assert line.path == "/accounts/reset/MQ/<token>/"
    assert "0123456789abcdef" not in line.getMessage()


@pytest.mark.django_db
def test_a_line_break_in_the_path_cannot_forge_a_line(client, request_lines):
    client.get("/x%0A2026-12-05T00:00:00.000Z INFO sharaka.request [forged] GET /admin/ 200")
    written = TextFormatter().format(only_line(request_lines))
    assert "\n" not in written
    assert "/x%0A2026-12-05T00:00:00.000Z%20INFO%20sharaka.request%20%5Bforged%5D" in written


@pytest.mark.django_db
def test_each_request_gets_a_fresh_id(client):
    first, second = client.get("/accounts/login/"), client.get("/accounts/login/")
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_an_incoming_request_id_is_ignored_without_trusted_proxies(client, settings):
    settings.TRUSTED_PROXIES = 0
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="chosen-by-the-client-1234")
    assert response["X-Request-ID"] != "chosen-by-the-client-1234"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "taken"),
    [
        ("0f3a9c7e5b1d4e2f8a6b0c9d7e5f3a1b", True),  # nginx's $request_id
        ("short", False),
        ("x" * 65, False),
        ("forged id\nERROR something", False),
        ('"><script>', False),
    ],
)
def test_behind_trusted_proxies_only_a_plain_token_is_taken(client, settings, request_lines, sent, taken):
    settings.TRUSTED_PROXIES = 1
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=sent)
    assert (response["X-Request-ID"] == sent) is taken
    assert only_line(request_lines).request_id == response["X-Request-ID"]


# --- the formats ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_json_format_is_one_object_per_line_with_the_request_fields(client, personas, request_lines):
    client.force_login(personas.officer)
    response = client.get("/projects/", REMOTE_ADDR="198.51.100.7")
    written = JsonFormatter().format(only_line(request_lines))
    assert "\n" not in written
    entry = json.loads(written)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "sharaka.request"
    assert entry["message"].startswith("GET /projects/ 200 ")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])  # UTC
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["path"] == "/projects/" and entry["status"] == 200 and entry["client"] == "198.51.100.7"
    assert entry["user_id"] == str(personas.officer.pk) and entry["size"] == len(response.content)


@pytest.mark.django_db
def test_the_text_format_is_one_readable_line(client, personas, request_lines):
    client.force_login(personas.officer)
    response = client.get("/projects/", REMOTE_ADDR="198.51.100.7")
    written = TextFormatter().format(only_line(request_lines))
    request_id = response["X-Request-ID"]
    assert re.fullmatch(
        rf"\S+Z INFO sharaka\.request \[{request_id}\] GET /projects/ 200 [\d.]+ms "
        rf"size={len(response.content)} user={personas.officer.pk} client=198\.51\.100\.7",
        written,
    )


def test_a_record_outside_any_request_is_formatted_without_an_id():
    record = logging.LogRecord("sharaka.worker", logging.WARNING, __file__, 1, "a task failed", None, None)
    assert json.loads(JsonFormatter().format(record)).keys() == {"time", "level", "logger", "message"}
    assert " WARNING sharaka.worker [-] a task failed" in TextFormatter().format(record)


# --- errors --------------------------------------------------------------------------------------


def test_the_site_renders_its_server_errors_with_its_own_page():
    assert get_resolver("sharaka.urls").resolve_error_handler(500) is server_error


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=FAILING)
def test_a_server_error_shows_the_request_id_in_arabic_and_the_log_has_it(
    client, request_lines, django_request_records
):
    client.raise_request_exception = False
    response = client.get("/broken/")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "حدث خطأ" in page
    assert f'المرجع لدى الدعم: <bdi dir="ltr">{request_id}</bdi>' in page

    line = only_line(request_lines)
    assert (line.status, line.path, line.request_id) == (500, "/broken/", request_id)
    # Django's own "Internal Server Error" record, with the traceback, carries the same id
    error = only_line(django_request_records)
    assert error.request_id == request_id
    assert "Broken: a bug in a view" in json.loads(JsonFormatter().format(error))["traceback"]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=FAILING)
def test_a_server_error_is_in_the_language_of_the_visitor(client):
    client.raise_request_exception = False
    client.cookies["django_language"] = "fr"
    response = client.get("/broken/")
    page = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert f'Référence pour l\'assistance : <bdi dir="ltr">{response["X-Request-ID"]}</bdi>' in page


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=FAILING)
def test_a_server_error_is_in_the_language_of_the_signed_in_user(client, db):
    client.force_login(make_user("english", "officer", language="en"))
    client.raise_request_exception = False
    page = client.get("/broken/").content.decode()
    assert "Something went wrong" in page and "Reference for the support:" in page


@pytest.mark.django_db
def test_the_error_page_never_fails_itself(rf, monkeypatch):
    from django.template import loader

    monkeypatch.setattr(loader, "get_template", lambda name: 1 / 0)
    request = rf.get("/")
    request.request_id = "0123456789abcdef"
    response = server_error(request)
    assert response.status_code == 500
    assert b"<bdi>0123456789abcdef</bdi>" in response.content


@pytest.mark.django_db
def test_a_page_not_found_shows_the_reference_and_djangos_record_carries_it(client, django_request_records):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert f'<bdi dir="ltr">{request_id}</bdi>' in response.content.decode()
    # "Not Found: /no-such-page/" is written by Django after the middleware has returned
    assert only_line(django_request_records).request_id == request_id


@pytest.mark.django_db
def test_the_request_id_is_forgotten_once_the_response_is_finished(client):
    from sharaka.operations.requestlog import current_request_id

    client.get("/accounts/login/")
    assert current_request_id.get() is None
