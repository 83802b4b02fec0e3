"""The public catalogue on the portal (/portal/opportunities/): opportunities, events, the inquiry
form and the brochure. Read through `Opportunity.objects.public()` only."""

from django.urls import path

from sharaka.promotion import views_public

app_name = "showcase"

urlpatterns = [
    # --- catalogue (the list, an opportunity, its photos) ---
    path("", views_public.catalogue, name="list"),
    path("<slug:code>/", views_public.detail, name="detail"),
    path("<slug:code>/photos/<int:pk>/<str:size>.jpg", views_public.photo, name="photo"),
    # --- end of catalogue ---
]
