"""One log line per request with its request id, and the formatters of every log line (settings.LOGGING).

RequestIdMiddleware gives each request an id: a fresh random one, or the one the reverse proxy sent
in X-Request-ID (nginx's $request_id) when Sharaka sits behind trusted proxies
(settings.TRUSTED_PROXIES > 0) and the value is a plain token of 8 to 64 letters, digits, dots,
dashes or underscores. Without trusted proxies the header is ignored: anyone could write it. The id
is `request.request_id`, the response's X-Request-ID header, the reference on the error pages
(sharaka/operations/errors.py), and it is on every log record written during the request (a
contextvar read by RequestIdFilter), so the request line and Django's "Internal Server Error"
traceback can be matched.

The request line (logger "sharaka.request", INFO): method, path, status, duration in milliseconds,
response size when known, the user's id (never the name) or "-", the client's address
(sharaka/lib/client_ip.py) and the request id. The path is written without its query string, which
may carry what a person typed (a search for a name, an e-mail address), and a secret in the path
(a password-reset or calendar link's token) is written as "<token>".
"""

import contextvars
import datetime
import json
import logging
import re
import secrets
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.signals import request_finished
from django.utils.encoding import escape_uri_path
from django.utils.functional import SimpleLazyObject, empty

from sharaka.lib.client_ip import client_address

logger = logging.getLogger("sharaka.request")

HEADER = "X-Request-ID"
INCOMING = re.compile(r"[A-Za-z0-9._-]{8,64}")
# URL arguments that are secrets: written as "<name>" in the logged path.
SECRET_ARGUMENTS = ("token",)
# The request fields of a request line, in the order the text format writes them.
FIELDS = ("method", "path", "status", "duration_ms", "size", "user_id", "client", "request_id")

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def new_request_id() -> str:
    return secrets.token_hex(8)


def incoming_request_id(request) -> str | None:
    """The proxy's X-Request-ID, when proxies are trusted and the value is a plain token."""
    if settings.TRUSTED_PROXIES <= 0:
        return None
    value = request.headers.get(HEADER) or ""
    return value if INCOMING.fullmatch(value) else None


def logged_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in SECRET_ARGUMENTS:
            value = match.kwargs.get(name)
            if isinstance(value, str) and value:
                path = path.replace(value, f"<{name}>")
    # percent-encoded again: a decoded %0A would otherwise start a forged line in the text format
    return escape_uri_path(path).replace("%3C", "<").replace("%3E", ">")


def _user_id(request) -> str:
    """The signed-in user's id, or "-", without a query of its own: the log line must not cost one.

    request.user is loaded lazily; when nothing in the request read it (a public page), the id is the
    one the already-loaded session holds, if any.
    """
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        session = request.__dict__.get("session")
        cache = getattr(session, "_session_cache", None) if session is not None else None
        user_id = cache.get(SESSION_KEY) if isinstance(cache, dict) else None
        return str(user_id) if user_id else "-"
    try:
        return str(user.pk) if user is not None and user.is_authenticated else "-"
    except Exception:  # noqa: BLE001 - a broken user must not break the log line
        return "-"


def _size(response) -> int | None:
    if response is None:
        return None
    length = response.get("Content-Length")  # a file download (WhiteNoise, FileResponse) says it
    if length and length.isdigit():
        return int(length)
    if getattr(response, "streaming", False):
        return None  # not known before it is sent
    return len(response.content)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request) or new_request_id()
        request.request_id = request_id
        current_request_id.set(request_id)
        started = time.perf_counter()
        response = None
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            return response
        finally:
            # Written even when an exception escapes (then as a 500, which is what the client gets).
            self.log(request, response, started)
            # The id stays current until the response is finished (forget_request_id below): Django
            # writes "Not Found: /path" and the other 4xx records after the middleware has returned.

    @staticmethod
    def log(request, response, started):
        if not logger.isEnabledFor(logging.INFO):
            return
        try:
            fields = {
                "method": request.method,
                "path": logged_path(request),
                "status": response.status_code if response is not None else 500,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "size": _size(response),
                "user_id": _user_id(request),
                "client": client_address(request) or "-",
                "request_id": request.request_id,
            }
            logger.info(
                "%s %s %s %sms",
                fields["method"],
                fields["path"],
                fields["status"],
                fields["duration_ms"],
                extra=fields,
            )
        except Exception:  # noqa: BLE001 - the log line never turns an answer into an error
            logging.getLogger("sharaka.operations").exception("could not write the request line")


def forget_request_id(**kwargs):
    current_request_id.set(None)


request_finished.connect(forget_request_id, dispatch_uid="sharaka.operations.requestlog.forget_request_id")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (None outside a request)."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id.get()
        return True


def _utc_iso(record) -> str:
    moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """One readable line: time (UTC), level, logger, [request id], message, then the request's fields.

    2026-12-05T15:32:29.123Z INFO sharaka.request [3f9c0a1b2c3d4e5f] GET /projects/ 200 41.2ms size=5123 user=4 client=203.0.113.7
    """

    def format(self, record):
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        line = (
            f"{_utc_iso(record)} {record.levelname} {record.name} [{request_id or '-'}] {record.getMessage()}"
        )
        if record.name == logger.name:
            size = getattr(record, "size", None)
            line += f" size={'-' if size is None else size} user={getattr(record, 'user_id', '-')}"
            line += f" client={getattr(record, 'client', '-')}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        elif record.exc_text:
            line += "\n" + record.exc_text
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the request's fields as
    keys, and the exception's traceback as "traceback"."""

    def format(self, record):
        entry = {
            "time": _utc_iso(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        if request_id:
            entry["request_id"] = request_id
        for field in FIELDS:
            if field != "request_id" and hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["traceback"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
