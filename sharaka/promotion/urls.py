"""The unit's pages of the promotion app: opportunities, photos, events and sponsors, inquiries."""

from django.urls import path  # noqa: F401

app_name = "promotion"

urlpatterns = []

# --- inquiries part: the inquiries received from the portal, possible duplicates first ---
from sharaka.promotion import views_inquiries  # noqa: E402

urlpatterns += [
    path("inquiries/", views_inquiries.inquiry_list, name="inquiries"),
    path("inquiries/<int:pk>/", views_inquiries.inquiry_detail, name="inquiry"),
]
