"""The matching pages: the calls ranked for a project, the projects ranked for a call, the weights.

Reading: the commune's staff (funding.view); partners and the prefecture get 404. Project pages go
through `projects.access.get_project_for`, call pages through `funding.access.get_call_for`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sharaka.core.forms import apply_errors
from sharaka.core.roles import can
from sharaka.funding import access, matching, services_matching
from sharaka.funding.forms_matching import WeightsForm
from sharaka.funding.models import MatchingWeights
from sharaka.projects.access import get_project_for

PER_PAGE = 10
# Filtered-out calls listed on the page; beyond, the count only.
FILTERED_SHOWN = 20


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


@require_GET
def project_calls(request, pk):
    if not access.sees(request.user):
        raise Http404
    project = get_project_for(request.user, pk)
    index = matching.calls_index(project)
    page = _page(request, index.ranked)
    ranking = matching.calls_shown(
        project, index, [pk for pk, _total in page.object_list], index.filtered[:FILTERED_SHOWN]
    )
    page.object_list = ranking.matches
    return render(
        request,
        "funding/matching/project_calls.html",
        {
            "project": project,
            "ranking": ranking,
            "ranked_count": len(index.ranked),
            "filtered_count": len(index.filtered),
            "page": page,
            "filtered": ranking.filtered,
            "filtered_more": max(0, len(index.filtered) - FILTERED_SHOWN),
            "may_set": can(request.user, "funding.settings"),
            "may_apply": can(request.user, "funding.edit"),
        },
    )


@require_GET
def call_projects(request, pk):
    if not access.sees(request.user):
        raise Http404
    call = get_object_or_404(matching.calls_queryset(archived=True), pk=pk)
    refused = matching.refusals(call, timezone.localdate())
    if refused:
        index = matching.Index([], [])
        ranking = matching.Ranking([], [], MatchingWeights.current().as_dict(), timezone.localdate(), refused)
        page = _page(request, [])
    else:
        index = matching.projects_index(call)
        page = _page(request, index.ranked)
        ranking = matching.projects_shown(call, index, [pk for pk, _total in page.object_list])
        page.object_list = ranking.matches
    return render(
        request,
        "funding/matching/call_projects.html",
        {
            "call": call,
            "ranking": ranking,
            "ranked_count": len(index.ranked),
            "lead": ranking.matches[0] if ranking.matches else None,
            "page": page,
            "may_set": can(request.user, "funding.settings"),
            "may_apply": can(request.user, "funding.edit"),
        },
    )


@require_http_methods(["GET", "POST"])
def weights_edit(request):
    access.require(request.user, "funding.settings")
    current = MatchingWeights.current()
    form = WeightsForm(
        request.POST if request.method == "POST" else None,
        initial={**current.as_dict(), "version": current.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_matching.weights_save(
                actor=request.user,
                weights={part: form.cleaned_data[part] for part in MatchingWeights.PARTS},
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The matching weights were saved."))
            return redirect("funding_weights")
    return render(request, "funding/matching/weights.html", {"form": form, "weights": current})
