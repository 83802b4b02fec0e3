"""The administration of users and places. Every write goes through `core.services`, which writes
the audit ledger; the ledger, the themes and the role groups are read-only here."""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sharaka.core import services
from sharaka.core.admin_readonly import ReadOnlyAdmin
from sharaka.core.forms import SharakaForm, SharakaModelForm
from sharaka.core.models import AuditEntry, Locality, Theme, User
from sharaka.core.roles import role_label

admin.site.site_header = _("Sharaka administration")
admin.site.site_title = _("Sharaka")
admin.site.index_title = _("The commune of Aourir's partnership data")

# Who is changing a password: Django's password view builds the form without the request.
_ACTOR = ContextVar("sharaka_admin_actor")


class AuditedPasswordChangeForm(SharakaForm, AdminPasswordChangeForm):
    """Sets the password through `user_set_password`, which writes the ledger (never the hash)."""

    def save(self, commit=True):
        password = self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        saved = services.user_set_password(actor=_ACTOR.get(), user=self.user, password=password)
        self.user.password = saved.password  # the session of a user changing their own stays valid
        return self.user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Role, active flag, password and details change through the user services, each with its ledger
    entry. Superuser status and groups are read-only: a user's group is their role's."""

    list_display = ["username", "first_name", "last_name", "role_of_person", "language", "is_active"]
    list_filter = ["role", "language", "is_active", "is_staff"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "gender", "email", "language"]}),
        (_("Access"), {"fields": ["role", "is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [*BaseUserAdmin.add_fieldsets, (_("Sharaka"), {"fields": ["role", "gender", "language"]})]
    change_password_form = AuditedPasswordChangeForm

    @admin.display(description=_("role"), ordering="role")
    def role_of_person(self, obj):
        return role_label(obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["username", "is_superuser", "groups", "last_login", "date_joined"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or obj.pk != request.user.pk:
            return form

        class OwnAccountForm(form):
            def clean_is_active(self):
                if not self.cleaned_data.get("is_active"):
                    raise ValidationError(gettext("You cannot deactivate your own account."))
                return True

        return OwnAccountForm

    actions = ["unlock_sign_in", "reset_second_factor"]

    @admin.action(description=_("Unlock sign-in (forget the failed attempts)"))
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            services.user_unlock_sign_in(actor=request.user, user=user)
        self.message_user(
            request, _("Sign-in unlocked for %(count)d users.") % {"count": len(queryset)}, messages.SUCCESS
        )

    @admin.action(description=_("Reset the second factor (a new one is set up at the next sign-in)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.second_factor_reset(actor=request.user, user=user)
        self.message_user(
            request,
            _("Second factor reset for %(count)d users.") % {"count": len(queryset)},
            messages.SUCCESS,
        )

    def has_delete_permission(self, request, obj=None):
        # People leave: deactivate them. Their name stays on what they did, in the ledger.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            fields = [*services.USER_FIELDS, "role", "is_active"]
            services.user_update(actor=request.user, user=obj, data={k: data[k] for k in fields if k in data})
        else:
            password = data.get("password1") if data.get("set_usable_password", True) else None
            details = {k: data[k] for k in ["username", "role", *services.USER_FIELDS] if k in data}
            obj.pk = services.user_create(actor=request.user, data=details, password=password).pk

    def save_related(self, request, form, formsets, change):
        pass  # groups follow the role (user_set_role); nothing else is related

    def user_change_password(self, request, id, form_url=""):
        token = _ACTOR.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _ACTOR.reset(token)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The ledger is read-only, here as everywhere."""

    list_display = ["id", "at", "actor", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "action", "object_id"]
    date_hierarchy = "at"


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    """The seed's objectives and areas and the SDGs: fixed by migrations."""

    list_display = ["__str__", "kind", "code"]
    list_filter = ["kind"]


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    """Places are added and corrected through `locality_save` (audited); projects point at them, so
    they are never deleted."""

    form = SharakaModelForm
    list_display = ["name_ar", "name_fr", "name_en", "kind", "parent", "latitude", "longitude"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_fr", "name_en"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.locality_save(
            actor=request.user, locality=obj if change else None, data=form.cleaned_data
        )
        obj.pk = saved.pk


# The role groups and their permissions are made by `manage.py setup_roles`, from the code.
admin.site.unregister(Group)
admin.site.register(Group, ReadOnlyAdmin)
