"""Every refusal of the API as one JSON shape, in the requester's language:

    {"detail": "…", "code": "invalid", "errors": {"amount": ["…"], "__all__": ["…"]}}

A form's or a service's refusal (django ValidationError) is a 400 with a message per field, worded
as on the page; a stale write (the record changed since the caller read it) is a 412.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from sharaka.core.services import ConcurrentEdit

ALL = "__all__"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "concurrent_edit"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "if_match_required"


class Invalid(exceptions.APIException):
    """Field messages already worded (a form's errors, a service's refusal)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: dict[str, list[str]], code: str = "invalid"):
        self.errors = errors
        super().__init__(detail=_("The request was not accepted: see the message of each field."), code=code)


def from_django(error: DjangoValidationError) -> Invalid:
    if hasattr(error, "error_dict"):
        errors = {
            (ALL if field in (None, "__all__", "non_field_errors") else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    else:
        errors = {ALL: [str(m) for m in error.messages]}
    codes = {e.code for e in error.error_list} if not hasattr(error, "error_dict") else set()
    return Invalid(errors, code=codes.pop() if len(codes) == 1 and None not in codes else "invalid")


def _flatten(data) -> dict[str, list[str]]:
    if isinstance(data, dict):
        out = {}
        for field, messages in data.items():
            key = ALL if field in ("non_field_errors", "__all__") else str(field)
            if isinstance(messages, dict):
                for sub, inner in _flatten(messages).items():
                    out[f"{key}.{sub}"] = inner
            else:
                out[key] = [str(m) for m in (messages if isinstance(messages, list) else [messages])]
        return out
    return {ALL: [str(m) for m in (data if isinstance(data, list) else [data])]}


def handler(exc, context):
    if isinstance(exc, ConcurrentEdit):
        exc = PreconditionFailed(detail=" ".join(str(m) for m in exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = from_django(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Invalid):
        response.data = {"detail": str(exc.detail), "code": exc.detail.code, "errors": exc.errors}
    elif isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("The request was not accepted: see the message of each field."),
            "code": "invalid",
            "errors": _flatten(exc.detail),
        }
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data.get("detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(detail), "code": str(code)}
    return response
