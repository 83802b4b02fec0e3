from django.urls import path

from sharaka.capacity import views, views_gaps, views_trainings

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
    # --- profiles part: creating and correcting a staff profile and its languages ---
    path("staff/add/", views.profile_add, name="profile_add"),
    path("staff/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("staff/<int:pk>/languages/", views.profile_languages, name="profile_languages"),
    # --- end of the profiles part ---
]

# --- gaps part: the dashboard, the gap matrix, the training plan (capacity/views_gaps.py) ---
urlpatterns += [
    path("", views_gaps.home, name="home"),
    path("gaps/", views_gaps.gaps, name="gaps"),
    path("plan/", views_gaps.plan, name="plan"),
]

# --- trainings and workshops (trainings part) ---
urlpatterns += [
    path("trainings/", views_trainings.training_list, name="trainings"),
    path("trainings/new/", views_trainings.training_create, name="training_create"),
    path("trainings/<int:pk>/", views_trainings.training_detail, name="training"),
    path("trainings/<int:pk>/edit/", views_trainings.training_edit, name="training_edit"),
    path("trainings/<int:pk>/status/", views_trainings.training_move, name="training_move"),
    path(
        "trainings/<int:pk>/participants/",
        views_trainings.training_participants,
        name="training_participants",
    ),
    path(
        "trainings/<int:pk>/participants/<int:participation_pk>/remove/",
        views_trainings.training_participant_remove,
        name="training_participant_remove",
    ),
    path("trainings/<int:pk>/attendance/", views_trainings.training_attendance, name="training_attendance"),
    path(
        "trainings/<int:pk>/participants/<int:participation_pk>/certificate/",
        views_trainings.training_certificate,
        name="training_certificate",
    ),
    path(
        "trainings/<int:pk>/participants/<int:participation_pk>/certificate/file/",
        views_trainings.training_certificate_file,
        name="training_certificate_file",
    ),
    path(
        "trainings/<int:pk>/participants/<int:participation_pk>/evaluation/",
        views_trainings.training_evaluation,
        name="training_evaluation",
    ),
]
