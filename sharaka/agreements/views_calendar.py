"""The personal iCalendar feed: a page with the secret link, and the feed itself (no login: the token is the key)."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sharaka.agreements import access, ics
from sharaka.agreements.models import CalendarToken
from sharaka.core import audit


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def my_calendar(request):
    access.require(request.user, "agreements.view")
    token = CalendarToken.objects.filter(user=request.user).first()
    link = (
        request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token.token})) if token else ""
    )
    return render(
        request, "agreements/calendar.html", {"link": link, "deadlines": ics.deadlines_of(request.user)}
    )


@require_POST
def calendar_token_reset(request):
    """Make a new secret link; the old one stops working at once."""
    access.require(request.user, "agreements.view")
    with transaction.atomic():
        token, _created = CalendarToken.objects.update_or_create(
            user=request.user, defaults={"token": _new_token()}
        )
        audit.record(actor=request.user, action="calendar.token", obj=token, after={"user": request.user.pk})
    messages.success(request, _("Your calendar has a new secret link. The old link no longer works."))
    return redirect("my_calendar")


@login_not_required
@require_GET
def calendar_feed(request, token):
    candidate = CalendarToken.objects.filter(token=token).select_related("user").first()
    # Compare in constant time even when the lookup found nothing, so the timing tells nothing.
    expected = candidate.token if candidate else _new_token()
    if (
        not secrets.compare_digest(expected.encode(), token.encode())
        or not candidate
        or not candidate.user.is_active
    ):
        raise Http404
    response = HttpResponse(ics.calendar_for(candidate.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
