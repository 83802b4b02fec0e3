"""The unit's pages of the promotion app: opportunities, photos, events and sponsors, inquiries."""

from django.urls import path

from sharaka.promotion import views

app_name = "promotion"

urlpatterns = [
    # --- catalogue (opportunities and their photos) ---
    path("", views.home, name="home"),
    path("opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", views.opportunity, name="opportunity"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/move/", views.opportunity_move, name="opportunity_move"),
    path("opportunities/<int:pk>/publish/", views.opportunity_publish, name="opportunity_publish"),
    path("opportunities/<int:pk>/archive/", views.opportunity_archive, name="opportunity_archive"),
    path("opportunities/<int:pk>/photos/new/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("photos/<int:pk>/move/", views.photo_move, name="photo_move"),
    # --- end of catalogue ---
]
