"""The server error page (settings' handler500): the request id as the reference for the support."""

import logging

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.views.defaults import page_not_found

from sharaka.operations.requestlog import current_request_id

logger = logging.getLogger("sharaka.operations")

# The last resort when even the template cannot be rendered: the three languages, no template.
FALLBACK = (
    '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>خطأ · Erreur · Error</title>'
    "</head><body><h1>حدث خطأ · Une erreur est survenue · Something went wrong</h1>"
    "<p>Reference: <bdi>{reference}</bdi></p></body></html>"
)


def _language(request) -> str:
    """The language the request was being answered in: the one LocaleMiddleware chose, or the one it
    would have chosen when the error came before it."""
    code = getattr(request, "LANGUAGE_CODE", None)
    if not code:
        try:
            code = translation.get_language_from_request(request)
        except Exception:  # noqa: BLE001
            code = None
    known = {language for language, _ in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """The API answers its 404s in JSON (a path it does not know included); the pages, Django's page."""
    if _is_api(request):
        with translation.override(_language(request)):
            detail = translation.gettext("Not found.")
        return JsonResponse({"detail": detail, "code": "not_found"}, status=404)
    return page_not_found(request, exception)


def server_error(request, template_name="500.html"):
    """Like django.views.defaults.server_error, in the user's language and with the request id; never
    fails itself. The template gets no request context: nothing that could query the database or the
    session, which may be what failed. The API's is JSON, with the same reference."""
    reference = getattr(request, "request_id", None) or current_request_id.get() or "-"
    if _is_api(request):
        with translation.override(_language(request)):
            detail = translation.gettext("Something went wrong. Reference: %(reference)s") % {
                "reference": reference
            }
        return JsonResponse({"detail": detail, "code": "server_error", "reference": reference}, status=500)
    try:
        with translation.override(_language(request)):
            body = loader.get_template(template_name).render(
                {
                    "request_id": reference,
                    "LANGUAGE_CODE": translation.get_language(),
                    "LANGUAGE_BIDI": translation.get_language_bidi(),
                }
            )
    except Exception:  # noqa: BLE001 - the error page must not become a second error
        logger.exception("could not render %s", template_name)
        body = FALLBACK.format(reference=escape(reference))
    return HttpResponseServerError(body)
