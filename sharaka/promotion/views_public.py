"""The public catalogue on the portal: the list of opportunities (by kind) with where they are, an
opportunity's page, and its photos. Everything is read through `Opportunity.objects.public()`
(`promotion/queries.py`); the owner, the internal notes and the inquiries are never read here."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from sharaka.portal.views import portal_page
from sharaka.promotion import queries, renditions
from sharaka.promotion.models import Opportunity

PAGE_SIZE = 24


@require_http_methods(["GET", "HEAD"])
@portal_page
def catalogue(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Opportunity.Kind.values else ""
    page = Paginator(queries.public_opportunities(kind), PAGE_SIZE).get_page(request.GET.get("page"))
    opportunities = list(page.object_list)
    queries.attach_mad(opportunities)
    queries.attach_sizes(opportunities)
    located = [(o, p) for o in opportunities if (p := queries.point(o))]
    plot, landmarks = queries.plot_with_landmarks(located) if located else ([], [])
    return render(
        request,
        "showcase/list.html",
        {
            "page": page,
            "opportunities": opportunities,
            "kinds": Opportunity.Kind.choices,
            "kind": kind,
            "plot": plot,
            "landmarks": landmarks,
        },
    )


@require_http_methods(["GET", "HEAD"])
@portal_page
def detail(request, code):
    opportunity = get_object_or_404(queries.public_opportunities(), code=code)
    queries.attach_mad([opportunity])
    queries.attach_sizes([opportunity])
    where = queries.point(opportunity)
    plot, landmarks = queries.plot_with_landmarks([(opportunity, where)]) if where else ([], [])
    return render(
        request,
        "showcase/detail.html",
        {
            "opportunity": opportunity,
            "photos": opportunity.ordered_photos,
            "plot": plot,
            "landmarks": landmarks,
        },
    )


@require_http_methods(["GET", "HEAD"])
@login_not_required
def photo(request, code, pk, size):
    """A photo of a public opportunity, at a size that keeps the page light; 404 once it is not public."""
    found = queries.public_photo(code, pk)
    if found is None or size not in renditions.SIZES:
        raise Http404
    return renditions.serve(found, size, public=True)
