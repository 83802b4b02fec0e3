from django.urls import path

from sharaka.funding import views_matching

urlpatterns = [
    path("projects/<int:pk>/calls/", views_matching.project_calls, name="funding_project_calls"),
    path("calls/<int:pk>/projects/", views_matching.call_projects, name="funding_call_projects"),
    path("weights/", views_matching.weights_edit, name="funding_weights"),
]
