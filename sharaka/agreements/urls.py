from django.urls import path

from sharaka.agreements import views, views_calendar, views_council

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("new/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/party/", views.agreement_party, name="agreement_party"),
    path("<int:pk>/advance/", views.agreement_advance, name="agreement_advance"),
    path("<int:pk>/amend/", views.agreement_amend, name="agreement_amend"),
    path("<int:pk>/documents/new/", views.agreement_document_add, name="agreement_document_add"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.agreement_document_download,
        name="agreement_document_download",
    ),
    path("<int:pk>/draft.docx", views.agreement_draft, name="agreement_draft"),
    path("<int:pk>/obligations/new/", views.obligation_add, name="obligation_add"),
    path("<int:pk>/obligations/<int:obligation_pk>/done/", views.obligation_done, name="obligation_done"),
    path("<int:pk>/delegations/new/", views.delegation_add, name="delegation_add"),
    path("<int:pk>/plan/new/", views.plan_action_add, name="plan_action_add"),
    path("<int:pk>/plan/<int:action_pk>/state/", views.plan_action_state, name="plan_action_state"),
    path("due/", views.obligations_due, name="obligations_due"),
    path("prefecture/", views.prefecture_inbox, name="prefecture_inbox"),
    path("sessions/", views_council.session_list, name="session_list"),
    path("sessions/new/", views_council.session_create, name="session_create"),
    path("sessions/<int:pk>/", views_council.session_detail, name="session_detail"),
    path("sessions/<int:pk>/attendance/", views_council.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/items/<int:item_pk>/vote/", views_council.item_vote, name="item_vote"),
    path("calendar/", views_calendar.my_calendar, name="my_calendar"),
    path("calendar/new-link/", views_calendar.calendar_token_reset, name="calendar_token_reset"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]
