"""The public pages of events and the brochure (no login, in the portal's language): published events
with their sponsors marked public, and the PDF of the open opportunities."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from sharaka.portal.views import portal_page
from sharaka.promotion import brochure
from sharaka.promotion.access_events import public_events
from sharaka.promotion.models import Sponsorship

PAGE_SIZE = 24


def _with_public_sponsors(events):
    return events.select_related("locality").prefetch_related(
        Prefetch(
            "sponsorships",
            queryset=Sponsorship.objects.filter(is_public=True).select_related("organisation"),
            to_attr="public_sponsors",
        )
    )


@portal_page
def events(request):
    """Upcoming and current events first (soonest first), then past ones (latest first): three queries
    whatever the number of events and sponsors."""
    today = timezone.localdate()
    found = list(_with_public_sponsors(public_events()).order_by("starts_on", "id"))
    upcoming = [event for event in found if event.ends_on >= today]
    past = sorted(
        (event for event in found if event.ends_on < today), key=lambda e: (e.starts_on, e.id), reverse=True
    )
    page = Paginator([*upcoming, *past], PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.is_upcoming = event.ends_on >= today
    return render(request, "showcase/events.html", {"page": page, "today": today})


@portal_page
def event(request, pk):
    found = get_object_or_404(_with_public_sponsors(public_events()), pk=pk)
    found.is_upcoming = found.ends_on >= timezone.localdate()
    return render(request, "showcase/event.html", {"event": found})


@portal_page
def brochure_pdf(request):
    language = brochure.language_for(request.GET.get("lang"), request.LANGUAGE_CODE)
    response = HttpResponse(brochure.to_pdf(language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{brochure.filename(language)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
