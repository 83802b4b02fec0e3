"""The administrator's page on the running installation: scheduled jobs, the worker, failed tasks."""

from django.urls import path

from sharaka.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.home, name="home"),
]
