from django.urls import path

from sharaka.partnerspace import views

app_name = "partnerspace"

urlpatterns = [
    # the partner's own pages
    path("", views.home, name="home"),
    path("agreements/<int:pk>/", views.agreement, name="agreement"),
    path("agreements/<int:pk>/documents/<int:document_pk>/", views.agreement_document, name="document"),
    path("obligations/<int:pk>/submit/", views.submit, name="submit"),
    path("projects/<int:pk>/messages/", views.project_thread, name="project_thread"),
    # both: the file of a submission (the partner its own, the unit every one)
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    # the unit's review
    path("review/", views.review, name="review"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/public/", views.submission_public, name="submission_public"),
    path("threads/<int:pk>/", views.thread, name="thread"),
    # the public: an accepted document the unit made public
    path("public/<int:pk>/", views.public_document, name="public_document"),
]
