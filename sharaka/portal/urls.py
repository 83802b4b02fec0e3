from django.urls import path

from sharaka.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("partners/", views.partner_list, name="partner_list"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("map/", views.project_map, name="map"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/<str:reference>/", views.feedback_sent, name="feedback_sent"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/projects.<str:fmt>", views.open_data_projects, name="open_data_projects"),
    path("open-data/transactions.<str:fmt>", views.open_data_transactions, name="open_data_transactions"),
    path("open-data/agreements.<str:fmt>", views.open_data_agreements, name="open_data_agreements"),
    path("open-data/results.<str:fmt>", views.open_data_results, name="open_data_results"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("iati/activities.xml", views.iati_activities, name="iati_activities"),
    path("iati/organisation.xml", views.iati_organisation, name="iati_organisation"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.<str:fmt>", views.ledger_download, name="ledger_download"),
    # the unit's pages
    path("publishing/", views.publishing, name="publishing"),
    path("publishing/<int:pk>/", views.publish, name="publish"),
    path("inquiries/", views.inquiries, name="inquiries"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
]
