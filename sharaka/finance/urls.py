from django.urls import path

from sharaka.finance import views

urlpatterns = [
    path("", views.finance_dashboard, name="finance_dashboard"),
    path("transactions/", views.finance_transactions, name="finance_transactions"),
    path("rates/", views.finance_rates, name="finance_rates"),
    path("accounts/new/", views.finance_account_add, name="finance_account_add"),
    path("rates/import/", views.finance_rates_import, name="finance_rates_import"),
    path("projects/<int:pk>/", views.finance_project, name="finance_project"),
    path("projects/<int:pk>/funders/new/", views.finance_funder_add, name="finance_funder_add"),
    path("projects/<int:pk>/budget/new/", views.finance_budget_line_add, name="finance_budget_line_add"),
    path("projects/<int:pk>/tranches/new/", views.finance_tranche_add, name="finance_tranche_add"),
    path(
        "projects/<int:pk>/transactions/new/", views.finance_transaction_add, name="finance_transaction_add"
    ),
    path(
        "projects/<int:pk>/transactions/<int:tx_pk>/reverse/",
        views.finance_transaction_reverse,
        name="finance_transaction_reverse",
    ),
    path(
        "projects/<int:pk>/transactions/<int:tx_pk>/document/",
        views.finance_transaction_document,
        name="finance_transaction_document",
    ),
    path(
        "projects/<int:pk>/funders/<int:funder_pk>/edit/",
        views.finance_funder_edit,
        name="finance_funder_edit",
    ),
    path(
        "projects/<int:pk>/funders/<int:funder_pk>/remove/",
        views.finance_funder_remove,
        name="finance_funder_remove",
    ),
    path(
        "projects/<int:pk>/budget/<int:line_pk>/edit/",
        views.finance_budget_line_edit,
        name="finance_budget_line_edit",
    ),
    path(
        "projects/<int:pk>/budget/<int:line_pk>/remove/",
        views.finance_budget_line_remove,
        name="finance_budget_line_remove",
    ),
    path(
        "projects/<int:pk>/tranches/<int:tranche_pk>/edit/",
        views.finance_tranche_edit,
        name="finance_tranche_edit",
    ),
    path(
        "projects/<int:pk>/tranches/<int:tranche_pk>/remove/",
        views.finance_tranche_remove,
        name="finance_tranche_remove",
    ),
    path(
        "projects/<int:pk>/tranches/from-agreement/",
        views.finance_tranches_from_agreement,
        name="finance_tranches_from_agreement",
    ),
    path("projects/<int:pk>/reports/new/", views.finance_report_new, name="finance_report_new"),
    path("projects/<int:pk>/import/", views.finance_import, name="finance_import"),
    path("reports/<int:report_pk>.xlsx", views.finance_report_xlsx, name="finance_report_xlsx"),
    path("reports/<int:report_pk>.pdf", views.finance_report_pdf, name="finance_report_pdf"),
]
