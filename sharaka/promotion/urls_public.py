"""The public catalogue on the portal (/portal/opportunities/): opportunities, events, the inquiry
form and the brochure. Read through `Opportunity.objects.public()` only.

Fixed words (events/, brochure.pdf) come before `<slug:code>/`, which would take them for a code
(services refuse those words as codes too)."""

from django.urls import path

from sharaka.promotion import views_inquiries, views_public, views_showcase_events

app_name = "showcase"

urlpatterns = [
    # --- events and the brochure (events part) ---
    path("events/", views_showcase_events.events, name="events"),
    path("events/<int:pk>/", views_showcase_events.event, name="event"),
    path("brochure.pdf", views_showcase_events.brochure_pdf, name="brochure"),
    # --- catalogue (the list, an opportunity, its photos) ---
    path("", views_public.catalogue, name="list"),
    path("<slug:code>/", views_public.detail, name="detail"),
    path("<slug:code>/photos/<int:pk>/<str:size>.jpg", views_public.photo, name="photo"),
    # --- inquiries: the inquiry form of an opportunity and its thanks ---
    path("<slug:code>/inquire/", views_inquiries.inquire, name="inquire"),
    path("<slug:code>/inquire/sent/<str:reference>/", views_inquiries.inquiry_sent, name="inquiry_sent"),
]
