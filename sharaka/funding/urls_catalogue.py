"""The catalogue of calls and the commune's needs (views_catalogue.py)."""

from django.urls import path

from sharaka.funding import views_catalogue as views

urlpatterns = [
    path("calls/", views.call_list, name="funding_calls"),
    path("calls/new/", views.call_add, name="funding_call_add"),
    path("calls/<int:pk>/", views.call_detail, name="funding_call"),
    path("calls/<int:pk>/edit/", views.call_edit, name="funding_call_edit"),
    path("calls/<int:pk>/archive/", views.call_archive, name="funding_call_archive"),
    path("calls/<int:pk>/documents/new/", views.document_upload, name="funding_call_document_upload"),
    path(
        "calls/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="funding_call_document",
    ),
    path("needs/", views.needs_view, name="funding_needs"),
]
