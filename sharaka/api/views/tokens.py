"""A user's personal API tokens: make one (shown once), see them, revoke one. Every signed-in user
may have tokens; a token reads and writes exactly what its user's role allows on the pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.api import tokens
from sharaka.api.forms import TokenForm
from sharaka.api.models import ApiToken
from sharaka.core.forms import apply_errors


@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = tokens.token_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "key": key,
        "tokens": ApiToken.objects.filter(user=request.user),
        "api_url": request.build_absolute_uri(reverse("api:me")),
    }
    status = 400 if request.method == "POST" and form.errors else 200
    response = render(request, "api/tokens.html", context, status=status)
    if key:
        response["Cache-Control"] = "no-store"  # the key is on this page only once
    return response


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("The token “%(name)s” was revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens")
