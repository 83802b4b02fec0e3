from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sharaka.core.audit import verify_chain
from sharaka.core.models import AuditEntry
from sharaka.core.roles import can
from sharaka.lib.language_cookie import set_language_cookie


@login_not_required
@require_POST
def set_language(request):
    """Switch the interface language; remembered on the user when signed in, in a cookie otherwise."""
    from django.conf import settings

    code = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"  # only a path of this site; redirect() would read a bare word as a URL name
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = code
            request.user.save(update_fields=["language"])
        translation.activate(code)
        set_language_cookie(response, settings.LANGUAGE_COOKIE_NAME, code)
    return response


def audit_log(request):
    if not can(request.user, "audit.view"):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("actor").order_by("-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    ok, broken_at = verify_chain() if request.GET.get("verify") else (None, None)
    return render(request, "core/audit_log.html", {"page": page, "chain_ok": ok, "broken_at": broken_at})
