from django.urls import path

from sharaka.workspace import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("my-work/", views.my_work, name="my_work"),
    path("my-work/digest/", views.my_work_digest, name="my_work_digest"),
]
