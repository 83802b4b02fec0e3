"""The results pages, under the project they belong to (`/projects/<pk>/results/…`)."""

from django.urls import path

from sharaka.results import views

P = "projects/<int:pk>/results/"

urlpatterns = [
    path(P, views.results_project, name="results_project"),
    path(P + "new/", views.result_add, name="results_result_add"),
    path(P + "<int:result_pk>/edit/", views.result_edit, name="results_result_edit"),
    path(P + "<int:result_pk>/indicators/new/", views.indicator_add, name="results_indicator_add"),
    path(P + "indicators/<int:indicator_pk>/edit/", views.indicator_edit, name="results_indicator_edit"),
    path(P + "indicators/<int:indicator_pk>/periods/new/", views.period_add, name="results_period_add"),
    path(P + "periods/<int:period_pk>/", views.period_detail, name="results_period"),
    path(P + "periods/<int:period_pk>/edit/", views.period_edit, name="results_period_edit"),
    path(P + "periods/<int:period_pk>/lock/", views.period_lock, name="results_period_lock"),
    path(P + "periods/<int:period_pk>/unlock/", views.period_unlock, name="results_period_unlock"),
    path(P + "periods/<int:period_pk>/updates/new/", views.update_add, name="results_update_add"),
    path(P + "updates/<int:update_pk>/", views.update_detail, name="results_update"),
    path(P + "updates/<int:update_pk>/edit/", views.update_edit, name="results_update_edit"),
    path(P + "updates/<int:update_pk>/move/", views.update_move, name="results_update_move"),
    path(P + "updates/<int:update_pk>/evidence/new/", views.evidence_upload, name="results_evidence_upload"),
    path(
        P + "updates/<int:update_pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="results_evidence_download",
    ),
]
