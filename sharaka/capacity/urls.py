from django.urls import path  # noqa: F401

from sharaka.capacity import views_trainings

app_name = "capacity"

urlpatterns = []

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
