from django.urls import path

from sharaka.results import views_schedules as views

urlpatterns = [
    path("projects/<int:pk>/", views.schedule_project, name="schedule_project"),
    path("projects/<int:pk>/new/", views.schedule_project_add, name="schedule_project_add"),
    path("obligations/<int:pk>/", views.schedule_obligation, name="schedule_obligation"),
    path("obligations/<int:pk>/new/", views.schedule_obligation_add, name="schedule_obligation_add"),
    path("<int:pk>/edit/", views.schedule_edit, name="schedule_edit"),
    path("<int:pk>/active/", views.schedule_active, name="schedule_active"),
    path("due/<int:pk>/done/", views.due_report_done, name="due_report_done"),
    path("due/<int:pk>/reopen/", views.due_report_reopen, name="due_report_reopen"),
    path("not-reported/", views.not_reported, name="not_reported"),
]
