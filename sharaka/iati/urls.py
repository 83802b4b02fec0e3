"""The unit's IATI pages: donors and areas from imported files, the imports, the proposed matches."""

from django.urls import path

from sharaka.iati import views

urlpatterns = [
    path("", views.home, name="iati_home"),
    path("donors/<int:pk>/", views.donor, name="iati_donor"),
    path("areas/<slug:code>/", views.area, name="iati_area"),
    path("activities/<int:pk>/", views.activity, name="iati_activity"),
    path("imports/", views.imports, name="iati_imports"),
    path("imports/address/", views.import_address, name="iati_import_url"),
    path("imports/<int:pk>/", views.import_detail, name="iati_import"),
    path("matches/", views.matches, name="iati_matches"),
    path("matches/<int:pk>/confirm/", views.match_decide, {"decision": "confirm"}, name="iati_match_confirm"),
    path("matches/<int:pk>/reject/", views.match_decide, {"decision": "reject"}, name="iati_match_reject"),
]
