from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from sharaka.core.forms import SharakaModelForm
from sharaka.core.models import AuditEntry, Locality, Theme, User

admin.site.site_header = _("Sharaka administration")
admin.site.site_title = _("Sharaka")
admin.site.index_title = _("The commune of Aourir's partnership data")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "language", "is_active"]
    list_filter = ["role", "language", "is_active", "is_staff"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Sharaka"), {"fields": ["role", "language"]})]
    add_fieldsets = [*BaseUserAdmin.add_fieldsets, (_("Sharaka"), {"fields": ["role", "language"]})]

    def has_delete_permission(self, request, obj=None):
        # People leave: deactivate them. Their name stays on what they did, in the ledger.
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The ledger is read-only, here as everywhere."""

    list_display = ["id", "at", "actor", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "action", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    form = SharakaModelForm
    list_display = ["__str__", "kind", "code"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    form = SharakaModelForm
    list_display = ["name_ar", "name_fr", "name_en", "kind", "parent", "latitude", "longitude"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_fr", "name_en"]
