"""The public catalogue on the portal (/portal/opportunities/): opportunities, events, the inquiry
form and the brochure. Read through `Opportunity.objects.public()` only."""

from django.urls import path  # noqa: F401

app_name = "showcase"

urlpatterns = []
