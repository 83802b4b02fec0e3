import codecs
import logging
from urllib.parse import unquote_to_bytes

from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sharaka.lib.text import clean_text

logger = logging.getLogger("sharaka.requests")


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's; it is remembered on the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


# UTF-8 that refuses bytes it cannot read, whatever the caller asks: Django's multipart parser decodes
# field names, values and file names with errors="replace", which would turn them silently into "�".
STRICT_UTF8 = "sharaka_strict_utf_8"


class _StrictDecoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data, errors, final):
        return codecs.utf_8_decode(data, "strict", final)


def _strict_codec(name):
    if name != STRICT_UTF8:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=STRICT_UTF8,
        encode=utf8.encode,
        decode=lambda data, errors="strict": codecs.utf_8_decode(data, "strict", True),
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_StrictDecoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
    )


codecs.register(_strict_codec)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _read_form_encoded(raw: bytes) -> None:
    """Raise UnicodeDecodeError unless every name and value of a query string or urlencoded body is UTF-8."""
    for part in raw.split(b"&"):
        unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")


def undecodable(request) -> str | None:
    """Why the request cannot be read as the UTF-8 every page of Sharaka speaks; None when it can."""
    charset = request.content_params.get("charset") if hasattr(request, "content_params") else None
    if charset:
        try:
            name = codecs.lookup(charset).name
        except LookupError:
            name = charset
        if name not in ("utf-8", "ascii"):
            return f"charset {charset[:40]!r}"
        request.encoding = (
            "utf-8"  # the spelling Django reads urlencoded bodies with (not "utf8", "us-ascii")
        )
    try:
        _read_form_encoded(request.META.get("QUERY_STRING", "").encode("iso-8859-1", "replace"))
    except UnicodeDecodeError:
        return "query string not UTF-8"
    if request.method in ("GET", "HEAD", "OPTIONS") or request.content_type not in FORM_TYPES:
        return None
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            _read_form_encoded(request.body)
        except UnicodeDecodeError:
            return "urlencoded body not UTF-8"
        return None
    request.encoding = STRICT_UTF8  # read now, strictly; the views get what was read
    try:
        request.POST  # noqa: B018 (reading parses the body)
    except UnicodeDecodeError:
        return "multipart part not UTF-8"
    except MultiPartParserError:
        return "multipart body unreadable"
    return None


def clean_query(query):
    """The query string's values cleaned by the one rule of every input (`lib/text.clean_text`): a NUL or
    a bidi override pasted into a search box or a list filter never reaches a view or the database
    (PostgreSQL refuses a NUL in a string: a server error)."""
    if all(clean_text(value) == value for values in query.lists() for value in values[1]):
        return query
    cleaned = query.copy()
    for key, values in query.lists():
        cleaned.setlist(key, [clean_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


class UndecodableRequestMiddleware:
    """A request whose text Sharaka cannot read gets a 400 page in the site's layout, logged as one line.

    Forms are UTF-8: a body declared in another charset (UTF-16, UTF-32, EBCDIC...), bytes that are not
    UTF-8 in a query string, a urlencoded body or a multipart part are refused here, before any
    middleware or view reads them (the CSRF check would otherwise fail on them, then fail again while
    reporting its failure: a 500 with chained tracebacks). What it lets through has its query string
    cleaned like every form's text (`clean_query`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = undecodable(request)
        if reason is None:
            request.GET = clean_query(request.GET)
            return self.get_response(request)
        logger.warning("Refused an undecodable request: %s %r (%s)", request.method, request.path, reason)
        response = render(
            request,
            "400.html",
            {
                "message": _(
                    "Sharaka could not read what was sent: its characters are not in the UTF-8 encoding "
                    "the site uses. Go back to the page and send the form again."
                )
            },
            status=400,
        )
        response._has_been_logged = True  # this one line is the log: not Django's "Bad Request" as well
        return response
