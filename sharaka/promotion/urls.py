"""The unit's pages of the promotion app: opportunities, photos, events and sponsors, inquiries."""

from django.urls import path  # noqa: F401

from sharaka.promotion import views_events

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

# --- inquiries part: the inquiries received from the portal, possible duplicates first ---
from sharaka.promotion import views_inquiries  # noqa: E402

urlpatterns += [
    path("inquiries/", views_inquiries.inquiry_list, name="inquiries"),
    path("inquiries/<int:pk>/", views_inquiries.inquiry_detail, name="inquiry"),
]
