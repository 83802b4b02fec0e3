from django.urls import path

from sharaka.capacity import views, views_gaps

app_name = "capacity"

urlpatterns = [
    # --- staff and assessments (staff part) ---
    path("staff/", views.staff, name="staff"),
    path("staff/<int:pk>/", views.profile, name="profile"),
    path("staff/<int:pk>/assess/", views.assess, name="assess"),
    path("me/", views.me, name="me"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("skills/", views.skills, name="skills"),
    path("skills/<int:pk>/edit/", views.skill_edit, name="skill_edit"),
    path("positions/<int:pk>/needs/", views.position_needs, name="position_needs"),
    # --- end of the staff part ---
]

# --- gaps part: the dashboard, the gap matrix, the training plan (capacity/views_gaps.py) ---
urlpatterns += [
    path("", views_gaps.home, name="home"),
    path("gaps/", views_gaps.gaps, name="gaps"),
    path("plan/", views_gaps.plan, name="plan"),
]
