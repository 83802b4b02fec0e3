"""Applications: the list, one application with its road, opening, editing and moving one."""

from django.urls import path

from sharaka.funding import views_applications as views

urlpatterns = [
    path("applications/", views.application_list, name="funding_applications"),
    path("applications/add/", views.application_add, name="funding_application_add"),
    path("applications/<int:pk>/", views.application_detail, name="funding_application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="funding_application_edit"),
    path("applications/<int:pk>/move/", views.application_move, name="funding_application_move"),
]
