"""The public catalogue on the portal (/portal/opportunities/): opportunities, events, the inquiry
form and the brochure. Read through `Opportunity.objects.public()` only."""

from django.urls import path  # noqa: F401

from sharaka.promotion import views_showcase_events

app_name = "showcase"

urlpatterns = [
    # --- events and the brochure (events part): keep BEFORE the catalogue's `<slug:code>/`, which
    # would otherwise take "events" for an opportunity's code ---
    path("events/", views_showcase_events.events, name="events"),
    path("events/<int:pk>/", views_showcase_events.event, name="event"),
    path("brochure.pdf", views_showcase_events.brochure_pdf, name="brochure"),
    # --- end of events and the brochure ---
]

# --- inquiries part: the inquiry form of an opportunity and its thanks ---
from sharaka.promotion import views_inquiries  # noqa: E402

urlpatterns += [
    path("<slug:code>/inquire/", views_inquiries.inquire, name="inquire"),
    path("<slug:code>/inquire/sent/<str:reference>/", views_inquiries.inquiry_sent, name="inquiry_sent"),
]
