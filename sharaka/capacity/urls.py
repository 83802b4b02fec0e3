from django.urls import path  # noqa: F401

from sharaka.capacity import views_gaps

app_name = "capacity"

urlpatterns = []

# --- gaps part: the dashboard, the gap matrix, the training plan (capacity/views_gaps.py) ---
urlpatterns += [
    path("", views_gaps.home, name="home"),
    path("gaps/", views_gaps.gaps, name="gaps"),
    path("plan/", views_gaps.plan, name="plan"),
]
