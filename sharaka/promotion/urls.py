"""The unit's pages of the promotion app: opportunities, photos, events and sponsors, inquiries."""

from django.urls import path  # noqa: F401

app_name = "promotion"

urlpatterns = []
