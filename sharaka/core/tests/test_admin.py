"""Every model of the application is in the Django admin, and the admin pages answer in Arabic."""

import pytest
from django.apps import apps
from django.contrib import admin

INTERNAL = {
    "core.SearchEntry",  # a derived index, rebuilt by the services
    "core.ThrottleEvent",  # counts of throttled attempts, kept and pruned by sharaka/core/throttle.py
}


def test_every_model_is_in_the_admin():
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("sharaka.")
        and m._meta.label not in INTERNAL
        and m not in admin.site._registry
    ]
    assert not missing, missing


@pytest.mark.parametrize(
    "model_label", sorted(m._meta.label for m in admin.site._registry if m.__module__.startswith("sharaka."))
)
def test_every_admin_list_opens_in_arabic(client, personas, world, model_label):
    client.force_login(personas.admin)
    app_label, model_name = model_label.lower().split(".")
    response = client.get(f"/admin/{app_label}/{model_name}/")
    assert response.status_code == 200, model_label
    assert 'lang="ar"' in response.content.decode()


def test_money_cannot_be_added_through_the_admin(client, personas):
    client.force_login(personas.admin)
    assert client.get("/admin/finance/transaction/add/").status_code == 403
