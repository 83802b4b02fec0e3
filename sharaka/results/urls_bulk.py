"""The bulk update and narrative report pages of a project's results (included from sharaka/urls.py)."""

from django.urls import path

from sharaka.results import views_bulk, views_report

urlpatterns = [
    path("project/<int:pk>/bulk/", views_bulk.results_bulk, name="results_bulk"),
    path("project/<int:pk>/bulk/apply/", views_bulk.results_bulk_apply, name="results_bulk_apply"),
    path(
        "project/<int:pk>/bulk/template.xlsx",
        views_bulk.results_bulk_template,
        {"fmt": "xlsx"},
        name="results_bulk_template_xlsx",
    ),
    path(
        "project/<int:pk>/bulk/template.csv",
        views_bulk.results_bulk_template,
        {"fmt": "csv"},
        name="results_bulk_template_csv",
    ),
    path("project/<int:pk>/report/", views_report.results_report, name="results_report"),
]
