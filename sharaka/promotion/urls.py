"""The unit's pages of the promotion app: opportunities, photos, events and sponsors, inquiries."""

from django.urls import path

from sharaka.promotion import views, views_events, views_inquiries

app_name = "promotion"

urlpatterns = [
    # --- events and sponsors (events part) ---
    path("events/", views_events.event_list, name="events"),
    path("events/new/", views_events.event_add, name="event_add"),
    path("events/<int:pk>/", views_events.event_detail, name="event"),
    path("events/<int:pk>/edit/", views_events.event_edit, name="event_edit"),
    path("events/<int:pk>/publish/", views_events.event_publish, name="event_publish"),
    path("events/<int:pk>/unpublish/", views_events.event_unpublish, name="event_unpublish"),
    path("events/<int:pk>/archive/", views_events.event_archive, name="event_archive"),
    path("events/<int:pk>/sponsors/new/", views_events.sponsorship_add, name="sponsorship_add"),
    path(
        "events/<int:pk>/sponsors/<int:sponsorship_pk>/edit/",
        views_events.sponsorship_edit,
        name="sponsorship_edit",
    ),
    path(
        "events/<int:pk>/sponsors/<int:sponsorship_pk>/remove/",
        views_events.sponsorship_remove,
        name="sponsorship_remove",
    ),
    # --- end of events and sponsors ---
]

urlpatterns += [
    # --- inquiries part: the inquiries received from the portal, possible duplicates first ---
    path("inquiries/", views_inquiries.inquiry_list, name="inquiries"),
    path("inquiries/<int:pk>/", views_inquiries.inquiry_detail, name="inquiry"),
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
