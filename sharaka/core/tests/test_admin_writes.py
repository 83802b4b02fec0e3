"""Every write made in the Django admin goes through a service and its ledger entry, or is refused.

The list of models the admin may write (through their services) is written here by hand: a new
admin that can add, change or delete a model directly fails `test_no_admin_writes_a_model_directly`.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from sharaka.agreements.models import PublicHoliday
from sharaka.core.models import AuditEntry, Locality, User
from sharaka.core.roles import Role

pytestmark = pytest.mark.django_db

# model -> the services its admin writes through (checked below: its save and delete are overridden)
THROUGH_SERVICES = {
    "core.User": "user_create, user_update, user_set_role, user_set_active, user_set_password",
    "core.Locality": "locality_save",
    "partners.Organisation": "organisation_create, organisation_update, organisation_delete",
    "partners.Contact": "contact_add, contact_update, contact_remove",
    "partners.PartnerAccess": "partner_access_grant, partner_access_revoke",
    "agreements.PublicHoliday": "holiday_save, holiday_delete",
}


@pytest.fixture
def admin_request(personas):
    request = RequestFactory().get("/admin/")
    request.user = personas.admin
    return request


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_no_admin_writes_a_model_directly(world, admin_request):
    direct = []
    for model, model_admin in _registered():
        label = model._meta.label
        row = model.objects.first()
        may = {
            "add": model_admin.has_add_permission(admin_request),
            "change": model_admin.has_change_permission(admin_request, row),
            "delete": model_admin.has_delete_permission(admin_request, row),
        }
        for inline in model_admin.get_inline_instances(admin_request, row):
            if inline.has_add_permission(admin_request, row) or inline.has_change_permission(
                admin_request, row
            ):
                direct.append(f"{label}: inline {inline.model._meta.label} writes directly")
        if label in THROUGH_SERVICES:
            cls = type(model_admin)
            base = DjangoUserAdmin if model is User else admin.ModelAdmin
            if (may["add"] or may["change"]) and cls.save_model is base.save_model:
                direct.append(f"{label}: saves without its service")
            if may["delete"] and (
                cls.delete_model is base.delete_model or cls.delete_queryset is base.delete_queryset
            ):
                direct.append(f"{label}: deletes without its service")
        elif any(may.values()):
            direct.append(f"{label}: {[k for k, v in may.items() if v]} directly")
    assert direct == []


def test_every_model_the_admin_writes_is_still_registered():
    registered = {model._meta.label for model, _ in _registered()}

    assert set(THROUGH_SERVICES) <= registered
    assert "auth.Group" in registered  # shown read-only: the role groups come from setup_roles


def _change_form_data(client, url):
    """What the admin's change form would post back unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    return data


def test_changing_a_role_in_the_admin_writes_one_entry_naming_both_roles(client, personas):
    client.force_login(personas.admin)
    url = reverse("admin:core_user_change", args=[personas.council.pk])
    data = _change_form_data(client, url) | {"role": Role.FINANCE_OFFICER}
    before = AuditEntry.objects.count()

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(pk=personas.council.pk).role == Role.FINANCE_OFFICER
    entries = list(AuditEntry.objects.filter(pk__gt=0).order_by("id")[before:])
    assert [(e.action, e.before, e.after) for e in entries] == [
        ("user.set_role", {"role": "council_member"}, {"role": "finance_officer"})
    ]
    assert entries[0].actor == personas.admin
    assert entries[0].object_id == str(personas.council.pk)


def test_a_new_role_moves_the_user_into_its_group(client, personas):
    council_group = Group.objects.create(name=Role.COUNCIL_MEMBER)
    finance_group = Group.objects.create(name=Role.FINANCE_OFFICER)
    personas.council.groups.add(council_group)
    client.force_login(personas.admin)
    url = reverse("admin:core_user_change", args=[personas.council.pk])

    client.post(url, _change_form_data(client, url) | {"role": Role.FINANCE_OFFICER})

    assert list(User.objects.get(pk=personas.council.pk).groups.all()) == [finance_group]


def test_deactivating_a_user_in_the_admin_writes_one_entry(client, personas):
    client.force_login(personas.admin)
    url = reverse("admin:core_user_change", args=[personas.auditor.pk])
    data = _change_form_data(client, url)
    del data["is_active"]
    before = AuditEntry.objects.count()

    assert client.post(url, data).status_code == 302

    assert not User.objects.get(pk=personas.auditor.pk).is_active
    assert [(e.action, e.after) for e in AuditEntry.objects.order_by("id")[before:]] == [
        ("user.deactivate", {"is_active": False})
    ]


def test_an_unchanged_user_form_writes_nothing(client, personas):
    client.force_login(personas.admin)
    url = reverse("admin:core_user_change", args=[personas.officer.pk])
    before = AuditEntry.objects.count()

    assert client.post(url, _change_form_data(client, url)).status_code == 302

    assert AuditEntry.objects.count() == before


def test_setting_a_password_in_the_admin_writes_one_entry_without_the_hash(client, personas):
    client.force_login(personas.admin)
    url = reverse("admin:auth_user_password_change", args=[personas.officer.pk])
    before = AuditEntry.objects.count()

    response = client.post(
        url,
        {"password1": "Tafraout-2026-long", "password2": "Tafraout-2026-long", "usable_password": "true"},
    )

    assert response.status_code == 302
    officer = User.objects.get(pk=personas.officer.pk)
    assert officer.check_password("Tafraout-2026-long")
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.action, e.after) for e in entries] == [("user.set_password", {"password_sign_in": True})]
    assert officer.password not in str(entries[0].after)


def test_a_user_added_in_the_admin_is_in_the_ledger_with_its_role(client, personas):
    client.force_login(personas.admin)

    response = client.post(
        reverse("admin:core_user_add"),
        {
            "username": "fatima",
            "usable_password": "true",
            "password1": "Tafraout-2026-long",
            "password2": "Tafraout-2026-long",
            "role": Role.AUDITOR,
            "language": "fr",
        },
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="user.create")
    assert (entry.after["username"], entry.after["role"]) == ("fatima", "auditor")
    assert User.objects.get(username="fatima").check_password("Tafraout-2026-long")


def test_a_locality_corrected_in_the_admin_writes_one_entry(client, personas):
    locality = Locality.objects.create(
        name_ar="أورير",
        name_fr="Aourir",
        name_en="Aourir",
        kind="centre",
        latitude="30.49",
        longitude="-9.63",
    )
    client.force_login(personas.admin)
    url = reverse("admin:core_locality_change", args=[locality.pk])
    before = AuditEntry.objects.count()

    response = client.post(url, _change_form_data(client, url) | {"name_fr": "Aourir-centre"})

    assert response.status_code == 302
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.action, e.after) for e in entries] == [("locality.update", {"name_fr": "Aourir-centre"})]


def test_holidays_deleted_in_bulk_in_the_admin_are_each_in_the_ledger(client, personas):
    holidays = [PublicHoliday.objects.create(year=2031, month=4, day=d, name_fr="Aïd") for d in (1, 2)]
    client.force_login(personas.admin)

    response = client.post(
        reverse("admin:agreements_publicholiday_changelist"),
        {"action": "delete_selected", "_selected_action": [h.pk for h in holidays], "post": "yes"},
    )

    assert response.status_code == 302
    assert not PublicHoliday.objects.filter(year=2031).exists()
    assert AuditEntry.objects.filter(action="holiday.delete").count() == 2


def test_a_document_made_public_by_an_admin_post_is_refused_without_a_ledger_entry(client, world):
    client.force_login(world.personas.admin)
    url = reverse("admin:projects_document_change", args=[world.document.pk])
    before = AuditEntry.objects.count()

    response = client.post(url, {"title": "Note", "kind": "concept_note", "visibility": "public"})

    assert response.status_code == 403
    world.document.refresh_from_db()
    assert world.document.visibility == "private"
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("role", ["cooperation_officer", "auditor", "president"])
def test_only_an_administrator_may_change_a_role(personas, role):
    from django.core.exceptions import PermissionDenied

    from sharaka.core import services

    with pytest.raises(PermissionDenied):
        services.user_set_role(actor=personas.by_role()[role], user=personas.council, role=Role.ADMINISTRATOR)

    assert User.objects.get(pk=personas.council.pk).role == Role.COUNCIL_MEMBER
    assert not AuditEntry.objects.filter(action="user.set_role").exists()


def test_an_administrator_cannot_deactivate_their_own_account_in_the_admin(client, personas):
    client.force_login(personas.admin)
    url = reverse("admin:core_user_change", args=[personas.admin.pk])
    data = _change_form_data(client, url)
    del data["is_active"]
    before = AuditEntry.objects.count()

    response = client.post(url, data)

    assert response.status_code == 200
    assert "لا يمكنك تعطيل حسابك أنت." in response.content.decode()
    assert User.objects.get(pk=personas.admin.pk).is_active
    assert AuditEntry.objects.count() == before
