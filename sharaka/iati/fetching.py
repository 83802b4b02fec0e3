"""Fetching a donor's IATI file from the address a staff member gives, in the background worker.

A file on the web is fetched only when it cannot hurt the installation:

- `https` only, no user name or password in the address, the default port or 443;
- every address the host name resolves to must be a public one (no loopback, private, link-local,
  multicast or reserved address: the server must never be made to call itself or the commune's
  network), and the connection goes to the address that was checked, so a second DNS answer cannot
  swap it for another (DNS rebinding); the certificate is verified for the host name;
- at most MAX_REDIRECTS redirections, each checked the same way;
- at most settings.IATI_FETCH_MAX_BYTES bytes (announced or received), at most
  settings.IATI_FETCH_SECONDS seconds in all, and SOCKET_TIMEOUT seconds of silence.

A refusal raises `reading.Refused` with a code (url-*) that the import's report words.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from sharaka.iati.reading import Refused

MAX_REDIRECTS = 3
SOCKET_TIMEOUT = 30
CHUNK = 1 << 16


def check_address(url: str) -> tuple[str, int, str]:
    """(host, port, path) of an address Sharaka may fetch; Refused otherwise (before any network use)."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise Refused("url-scheme")
    if parts.username or parts.password:
        raise Refused("url-credentials")
    try:
        port = parts.port or 443
    except ValueError:
        raise Refused("url-scheme") from None
    if port != 443:
        raise Refused("url-port", port=port)
    host = parts.hostname
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None and not literal.is_global:
        raise Refused("url-private", host=host)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return host, port, path


def public_address(host: str, port: int, resolve=socket.getaddrinfo) -> str:
    """The first address of `host` when all its addresses are public; Refused otherwise."""
    try:
        answers = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused("url-unknown-host", host=host) from None
    addresses = [answer[4][0] for answer in answers]
    if not addresses:
        raise Refused("url-unknown-host", host=host)
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise Refused("url-private", host=host)
    return addresses[0]


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to the address that was checked, its certificate verified for the host."""

    def __init__(self, host, address, port=443, timeout=SOCKET_TIMEOUT):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def download(url: str, destination, *, connect=PinnedHTTPSConnection, resolve=socket.getaddrinfo) -> int:
    """Write the file at `url` into the binary file `destination`; its size. Refused on any limit."""
    max_bytes = settings.IATI_FETCH_MAX_BYTES
    deadline = time.monotonic() + settings.IATI_FETCH_SECONDS
    for _hop in range(MAX_REDIRECTS + 1):
        host, port, path = check_address(url)
        address = public_address(host, port, resolve)
        connection = connect(host, address, port)
        try:
            try:
                connection.request(
                    "GET", path, headers={"User-Agent": "Sharaka IATI import", "Accept": "application/xml"}
                )
                response = connection.getresponse()
            except (OSError, http.client.HTTPException) as error:
                raise Refused("url-error", detail=type(error).__name__) from None
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location") or ""
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise Refused("url-status", status=response.status)
            announced = response.getheader("Content-Length")
            if announced and announced.isdigit() and int(announced) > max_bytes:
                raise Refused("url-size", mb=max_bytes // 2**20)
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise Refused("url-time", seconds=settings.IATI_FETCH_SECONDS)
                try:
                    chunk = response.read(CHUNK)
                except (OSError, http.client.HTTPException) as error:
                    raise Refused("url-error", detail=type(error).__name__) from None
                if not chunk:
                    return size
                size += len(chunk)
                if size > max_bytes:
                    raise Refused("url-size", mb=max_bytes // 2**20)
                destination.write(chunk)
        finally:
            connection.close()
    raise Refused("url-redirects", count=MAX_REDIRECTS)
