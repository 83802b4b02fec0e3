from django.urls import path

from sharaka.sustainability import views

urlpatterns = [
    path("", views.dashboard, name="sustainability_dashboard"),
    path("settings/", views.settings_edit, name="sustainability_settings"),
    path("projects/<int:pk>/", views.plan_detail, name="sustainability_plan"),
    path("projects/<int:pk>/plan/", views.plan_edit, name="sustainability_plan_edit"),
    path("projects/<int:pk>/waive/", views.plan_waive, name="sustainability_plan_waive"),
    path("projects/<int:pk>/costs/new/", views.cost_edit, name="sustainability_cost_add"),
    path("projects/<int:pk>/costs/<int:cost_pk>/", views.cost_edit, name="sustainability_cost_edit"),
    path(
        "projects/<int:pk>/costs/<int:cost_pk>/remove/", views.cost_remove, name="sustainability_cost_remove"
    ),
    path("projects/<int:pk>/evidence/new/", views.evidence_upload, name="sustainability_evidence_upload"),
    path(
        "projects/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="sustainability_evidence_download",
    ),
    path("projects/<int:pk>/risks/new/", views.risk_edit, name="sustainability_risk_add"),
    path("projects/<int:pk>/risks/<int:risk_pk>/", views.risk_edit, name="sustainability_risk_edit"),
    path("projects/<int:pk>/risks/<int:risk_pk>/move/", views.risk_move, name="sustainability_risk_move"),
    path("projects/<int:pk>/checks/<int:check_pk>/", views.check_record, name="sustainability_check_record"),
    path(
        "projects/<int:pk>/checks/<int:check_pk>/photos/<int:photo_pk>/",
        views.check_photo,
        name="sustainability_check_photo",
    ),
]
