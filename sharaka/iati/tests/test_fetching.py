"""Fetching a donor's file from an address: only public https servers, within size, time and
redirection limits, and the file read like an upload."""

import io
import socket
from unittest import mock

import pytest
from django.urls import reverse

from sharaka.core.models import AuditEntry
from sharaka.iati import fetching, tasks
from sharaka.iati.models import ForeignActivity, ImportRun
from sharaka.iati.reading import Refused
from sharaka.iati.tests.samples import ACTIVITY_201, activity_file

PUBLIC = "93.184.216.34"


def _resolve(*addresses):
    return lambda host, port, type=None: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses
    ]


class FakeResponse:
    def __init__(self, status=200, body=b"", headers=None):
        self.status, self.body, self.headers = status, io.BytesIO(body), headers or {}

    def getheader(self, name, default=None):
        return self.headers.get(name, default)

    def read(self, size):
        return self.body.read(size)


def _server(responses):
    """A connection class answering each request with the next response; it records the hosts."""
    answers = iter(responses)
    seen = []

    class Connection:
        def __init__(self, host, address, port=443):
            seen.append((host, address))

        def request(self, method, path, headers=None):
            self.path = path

        def getresponse(self):
            return next(answers)

        def close(self):
            pass

    return Connection, seen


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://iati.example.org/a.xml", "url-scheme"),
        ("ftp://iati.example.org/a.xml", "url-scheme"),
        ("https://user:secret@iati.example.org/a.xml", "url-credentials"),
        ("https://iati.example.org:8443/a.xml", "url-port"),
        ("https://127.0.0.1/a.xml", "url-private"),
        ("https://10.1.2.3/a.xml", "url-private"),
        ("https://169.254.169.254/latest/meta-data", "url-private"),
        ("https://[::1]/a.xml", "url-private"),
    ],
)
def test_an_address_sharaka_may_not_fetch_is_refused_before_any_network_use(url, code):
    with pytest.raises(Refused) as refused:
        fetching.check_address(url)
    assert refused.value.code == code


def test_a_name_that_resolves_to_a_private_address_is_refused():
    with pytest.raises(Refused) as refused:
        fetching.public_address("intranet.example.org", 443, _resolve(PUBLIC, "192.168.1.10"))
    assert refused.value.code == "url-private"
    assert fetching.public_address("iati.example.org", 443, _resolve(PUBLIC)) == PUBLIC


def test_the_file_is_downloaded_from_the_address_that_was_checked():
    connection, seen = _server([FakeResponse(200, b"<iati-activities/>")])
    out = io.BytesIO()
    size = fetching.download(
        "https://iati.example.org/a.xml", out, connect=connection, resolve=_resolve(PUBLIC)
    )
    assert (size, out.getvalue()) == (18, b"<iati-activities/>")
    assert seen == [("iati.example.org", PUBLIC)]


def test_a_redirection_to_a_private_address_is_refused():
    connection, _seen = _server([FakeResponse(302, headers={"Location": "https://10.0.0.5/a.xml"})])
    with pytest.raises(Refused) as refused:
        fetching.download(
            "https://iati.example.org/a.xml", io.BytesIO(), connect=connection, resolve=_resolve(PUBLIC)
        )
    assert refused.value.code == "url-private"


def test_a_file_over_the_limit_is_refused_announced_or_not(settings):
    settings.IATI_FETCH_MAX_BYTES = 1000
    announced, _ = _server([FakeResponse(200, b"x", headers={"Content-Length": "5000"})])
    silent, _ = _server([FakeResponse(200, b"x" * 5000)])
    for connection in (announced, silent):
        with pytest.raises(Refused) as refused:
            fetching.download(
                "https://iati.example.org/a.xml", io.BytesIO(), connect=connection, resolve=_resolve(PUBLIC)
            )
        assert refused.value.code == "url-size"


def test_an_error_status_is_refused_with_it():
    connection, _ = _server([FakeResponse(404)])
    with pytest.raises(Refused) as refused:
        fetching.download(
            "https://iati.example.org/a.xml", io.BytesIO(), connect=connection, resolve=_resolve(PUBLIC)
        )
    assert (refused.value.code, refused.value.params) == ("url-status", {"status": 404})


@pytest.mark.django_db
def test_an_address_given_on_the_page_is_fetched_by_the_worker_and_imported(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.officer)

    def download(url, destination, **kwargs):
        destination.write(activity_file(ACTIVITY_201))
        return destination.tell()

    with mock.patch.object(fetching, "download", download), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("iati_import_url"), {"url": "https://iati.example.org/afd.xml"})

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert (run.source, run.status, run.name) == ("url", "done", "https://iati.example.org/afd.xml")
    assert run.size > 0 and len(run.sha256) == 64
    assert ForeignActivity.objects.filter(identifier="FR-6-AFD-CMA1234").exists()


@pytest.mark.django_db
def test_a_plain_http_address_is_refused_on_the_same_page_with_what_was_typed(client, personas):
    client.force_login(personas.officer)
    response = client.post(reverse("iati_import_url"), {"url": "http://iati.example.org/afd.xml"})

    assert response.status_code == 200
    assert "https://" in str(response.context["address_form"].errors["url"])
    assert 'value="http://iati.example.org/afd.xml"' in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_a_refused_download_leaves_a_report_and_a_ledger_entry(personas):
    run = ImportRun.objects.create(
        source="url", name="https://iati.example.org/big.xml", requested_by=personas.officer
    )

    def too_big(url, destination, **kwargs):
        raise Refused("url-size", mb=500)

    with mock.patch.object(fetching, "download", too_big):
        tasks.fetch_run.call(run.pk)

    run.refresh_from_db()
    assert (run.status, run.refusal, run.refusal_params) == ("refused", "url-size", {"mb": 500})
    assert AuditEntry.objects.filter(action="iati.import.refused", object_id=str(run.pk)).exists()
