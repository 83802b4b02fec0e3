from django.urls import path

from sharaka.projects import views

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/advance/", views.project_advance, name="project_advance"),
    path("<int:pk>/archive/", views.project_archive, name="project_archive"),
    path("<int:pk>/partners/new/", views.project_partner_add, name="project_partner_add"),
    path(
        "<int:pk>/partners/<int:participation_pk>/remove/",
        views.project_partner_remove,
        name="project_partner_remove",
    ),
    path("<int:pk>/documents/new/", views.project_document_upload, name="project_document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/edit/",
        views.project_document_edit,
        name="project_document_edit",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.project_document_download,
        name="project_document_download",
    ),
]
