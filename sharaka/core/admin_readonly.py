"""A read-only admin for models whose changes must go through their services (and the ledger)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows the rows; adding, changing and deleting happen in the application's pages, audited."""

    secret_fields: tuple = ()

    def get_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.secret_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register_read_only(*models, **options):
    for model in models:
        admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), dict(options)))
