from django.urls import path

from sharaka.partners import views

urlpatterns = [
    path("", views.partner_list, name="partner_list"),
    path("new/", views.partner_create, name="partner_create"),
    path("<int:pk>/", views.partner_detail, name="partner_detail"),
    path("<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("<int:pk>/contacts/new/", views.partner_contact_add, name="partner_contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.partner_contact_edit, name="partner_contact_edit"),
    path("<int:pk>/interactions/new/", views.partner_interaction_add, name="partner_interaction_add"),
    path(
        "<int:pk>/interactions/<int:interaction_pk>/files/new/",
        views.partner_interaction_attach,
        name="partner_interaction_attach",
    ),
    path(
        "<int:pk>/interactions/<int:interaction_pk>/files/<int:attachment_pk>/",
        views.partner_interaction_file,
        name="partner_interaction_file",
    ),
    path(
        "<int:pk>/follow-ups/<int:follow_up_pk>/done/",
        views.partner_follow_up_done,
        name="partner_follow_up_done",
    ),
    path("<int:pk>/negotiation/new/", views.partner_negotiation_add, name="partner_negotiation_add"),
    path(
        "<int:pk>/negotiation/<int:round_pk>/minutes/",
        views.partner_negotiation_minutes,
        name="partner_negotiation_minutes",
    ),
]
