from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sharaka.core.urls")),
    path("", include("sharaka.workspace.urls")),
    path("partners/", include("sharaka.partners.urls")),
    path("projects/", include("sharaka.projects.urls")),
    path("", include("sharaka.results.urls")),
    path("agreements/", include("sharaka.agreements.urls")),
    path("finance/", include("sharaka.finance.urls")),
    # the public catalogue of opportunities, on the portal (sharaka/promotion/urls_public.py)
    path("portal/opportunities/", include("sharaka.promotion.urls_public")),
    path("portal/", include("sharaka.portal.urls")),
    path("results/schedules/", include("sharaka.results.urls_schedules")),  # reporting schedules (results)
    # results: bulk updates and the narrative report (sharaka/results/urls_bulk.py)
    path("results/", include("sharaka.results.urls_bulk")),
    path("sustainability/", include("sharaka.sustainability.urls")),
    path("funding/", include("sharaka.funding.urls")),  # calls, needs, matching, applications, proposals
    path("intelligence/", include("sharaka.iati.urls")),  # other publishers' IATI files: donors, areas
    path("partner/", include("sharaka.partnerspace.urls")),  # the partners' workspace
    path("capacity/", include("sharaka.capacity.urls")),  # staff skills, assessments, trainings
    path("promotion/", include("sharaka.promotion.urls")),  # the unit's side of the showcase
    path("operations/", include("sharaka.operations.urls")),  # the running installation (administrator)
    path("api/v1/", include("sharaka.api.urls")),  # the REST API (docs/api.md)
    path("account/tokens/", include("sharaka.api.urls_tokens")),  # a user's personal API tokens
    path("admin/", admin.site.urls),
]

# The server error page, in the user's language with the request id (sharaka/operations/errors.py).
handler500 = "sharaka.operations.errors.server_error"
# The pages' 404 as Django makes it; the API's in JSON (a path it does not know included).
handler404 = "sharaka.operations.errors.not_found"
