from django.urls import path

from sharaka.funding import views_proposals as views

urlpatterns = [
    path("applications/<int:pk>/proposal/", views.proposal, name="funding_proposal"),
    path(
        "applications/<int:pk>/proposal/sections/<slug:key>/",
        views.proposal_section,
        name="funding_proposal_section",
    ),
    path("applications/<int:pk>/proposal/reuse/", views.proposal_reuse, name="funding_proposal_reuse"),
    path(
        "applications/<int:pk>/proposal/download/", views.proposal_download, name="funding_proposal_download"
    ),
]
