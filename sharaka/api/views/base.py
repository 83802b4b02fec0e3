"""What every endpoint shares: the requester's language, cursor pages, the pages' own filter forms,
and the ETag / If-Match of optimistic locking."""

from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics
from rest_framework.pagination import CursorPagination

from sharaka.api.errors import Invalid, PreconditionRequired
from sharaka.core.services import check_version


def requested_language(request) -> str | None:
    """Accept-Language, when the caller sends it: it wins over a signed-in user's language, so that a
    tool reads the same answer whoever's token it holds."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if not header:
        return None
    supported = {code for code, _name in settings.LANGUAGES}
    for accepted, _q in translation.trans_real.parse_accept_lang_header(header):
        if accepted == "*":
            break
        try:
            code = translation.get_supported_language_variant(accepted)
        except LookupError:
            continue
        if code in supported:
            return code
    return None


class Api(generics.GenericAPIView):
    """The base of every endpoint. Access is decided in each view by the app's access helpers."""

    def initial(self, request, *args, **kwargs):
        language = requested_language(request._request)
        if language:
            translation.activate(language)
            request._request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)  # authenticates: a token's user is known from here
        if not language and request.user.is_authenticated and getattr(request.user, "language", ""):
            translation.activate(request.user.language)


class Pages(CursorPagination):
    """Cursor pages (`next` and `previous` links): constant cost at any depth of a big list."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "size"
    ordering = ("-id",)

    def get_ordering(self, request, queryset, view):
        return getattr(view, "ordering", None) or self.ordering


# --- the pages' filter forms as query parameters ------------------------------------------------------


def form_filter(view, request, queryset):
    """Filter `queryset` with the page's own filter form (`view.filter_form(request, data)`): the same
    choices, the same words, the same messages. An invalid filter is a 400 naming it (the page
    shows it beside the field and ignores it)."""
    form = view.filter_form(request, request.query_params)
    if not form.is_valid():
        raise Invalid({field: [str(m) for m in messages] for field, messages in form.errors.items()})
    apply = getattr(view, "apply_filters", None)
    return apply(form, queryset) if apply else form.filter(queryset)


def form_parameters(names: dict[str, tuple[type, str]]):
    """The query parameters a filter form reads, for the schema: {name: (type, description)}."""
    kinds = {str: OpenApiTypes.STR, int: OpenApiTypes.INT, bool: OpenApiTypes.BOOL}
    return [
        OpenApiParameter(name, kinds[kind], OpenApiParameter.QUERY, required=False, description=description)
        for name, (kind, description) in names.items()
    ]


CURSOR = [
    OpenApiParameter("cursor", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False),
    OpenApiParameter("size", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False),
]


# --- optimistic locking -------------------------------------------------------------------------------


def etag(obj) -> str:
    return f'"{obj._meta.label_lower}-{obj.pk}-v{obj.version}"'


def expected_version(request, obj) -> int:
    """The version the caller read, from If-Match (the ETag it was given). Missing: 428; another
    record's or malformed: 412 like a stale one (nothing is changed)."""
    return version_in_if_match(request, f'"{obj._meta.label_lower}-{obj.pk}-v')


def version_in_if_match(request, prefix: str) -> int:
    """The version in the If-Match tag that starts with `prefix` (`"<kind>-<id>-v`), -1 if none does;
    428 without If-Match."""
    header = request.META.get("HTTP_IF_MATCH", "").strip()
    if not header:
        raise PreconditionRequired(
            translation.gettext("Send If-Match with the ETag you read: nothing was changed.")
        )
    for tag in (t.strip() for t in header.split(",")):
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag.startswith(prefix) and tag.endswith('"') and tag[len(prefix) : -1].isdigit():
            return int(tag[len(prefix) : -1])
    return -1


@contextmanager
def version_held(model, pk: int, version: int):
    """For a page's write that takes no version (a move, a waiver, a party set): the version the
    caller read is checked under a row lock, and the write made inside the same transaction."""
    with transaction.atomic():
        check_version(model.objects.select_for_update().get(pk=pk), version)
        yield


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the record as you read it; a stale one gets 412 and changes nothing.",
)

IF_MATCH_IF_ANY = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the record as you read it, once it exists; a stale one gets 412.",
)
