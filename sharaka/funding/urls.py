"""The funding pages, under /funding/: one URL module per part, so that a newcomer finds each.

- urls_catalogue.py: the catalogue of calls and the commune's needs;
- urls_matching.py: ranked calls for a project, ranked projects for a call, the weights;
- urls_applications.py: applications, go / no-go and their road;
- urls_proposals.py: the proposal builder (sections, checklist, DOCX and PDF).
"""

from django.urls import include, path

urlpatterns = [
    path("", include("sharaka.funding.urls_catalogue")),
    path("", include("sharaka.funding.urls_matching")),
    path("", include("sharaka.funding.urls_applications")),
    path("", include("sharaka.funding.urls_proposals")),
]
