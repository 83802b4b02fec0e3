"""The administrator's page on the running installation: scheduled jobs, the worker, failed tasks."""

from django.urls import path  # noqa: F401

app_name = "operations"
urlpatterns: list = []
