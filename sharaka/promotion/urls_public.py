"""The public catalogue on the portal (/portal/opportunities/): opportunities, events, the inquiry
form and the brochure. Read through `Opportunity.objects.public()` only."""

from django.urls import path  # noqa: F401

app_name = "showcase"

urlpatterns = []

# --- inquiries part: the inquiry form of an opportunity and its thanks ---
from sharaka.promotion import views_inquiries  # noqa: E402

urlpatterns += [
    path("<slug:code>/inquire/", views_inquiries.inquire, name="inquire"),
    path("<slug:code>/inquire/sent/<str:reference>/", views_inquiries.inquiry_sent, name="inquiry_sent"),
]
