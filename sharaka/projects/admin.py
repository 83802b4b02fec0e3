"""The projects in the back office.

The pipeline is moved by `project_advance` only, so the status and its history are read-only here.
A project in a funded status is never deleted, nor is any status change or document. Changes made
here go into the audit ledger like any other.
"""

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sharaka.core import audit
from sharaka.core.forms import SharakaModelForm
from sharaka.projects import pipeline, services
from sharaka.projects.models import Document, Project, ProjectPartner, ProjectSector, StatusChange


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    raw_id_fields = ["organisation"]

    def has_delete_permission(self, request, obj=None):
        # obj is the project: the funders of a funded project stay.
        if obj is not None and obj.is_funded:
            return False
        return super().has_delete_permission(request, obj)


class ProjectSectorInline(admin.TabularInline):
    model = ProjectSector
    extra = 0


class StatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["changed_at", "old_status", "new_status", "changed_by", "reason"]
    readonly_fields = fields
    ordering = ["changed_at", "id"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    form = SharakaModelForm
    list_display = ["code", "title_ar", "title_fr", "status", "priority", "manager", "archived_at"]
    list_filter = ["status", "priority", "archived_at", "is_fictional"]
    search_fields = ["code", "title_ar", "title_fr", "title_en", "pac_reference"]
    list_select_related = ["manager"]
    readonly_fields = ["status", "version", "created_at", "updated_at"]
    filter_horizontal = ["themes", "localities"]
    inlines = [ProjectPartnerInline, ProjectSectorInline, StatusChangeInline]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status in pipeline.FUNDED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # The bulk "delete selected" would not ask about each project's status.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = {}
            if change:
                before = services._snapshot(Project.objects.get(pk=obj.pk))
                obj.version += 1
            super().save_model(request, obj, form, change)
            after = audit.snapshot(obj, fields=services.PROJECT_FIELDS + ["status"])
            old, new = audit.diff(before, after) if change else (None, after)
            audit.record(
                actor=request.user,
                action="project.admin_change" if change else "project.admin_create",
                obj=obj,
                before=old,
                after=new,
            )
            if not change:
                StatusChange.objects.create(
                    project=obj, old_status="", new_status=obj.status, changed_by=request.user
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.index_project(form.instance)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(
                actor=request.user, action="project.admin_delete", obj=obj, before=services._snapshot(obj)
            )
            super().delete_model(request, obj)


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(admin.ModelAdmin):
    form = SharakaModelForm
    list_display = ["project", "organisation", "role", "committed_amount", "currency", "committed_on"]
    list_filter = ["role", "currency"]
    list_select_related = ["project", "organisation"]
    search_fields = ["project__code", "organisation__name_fr", "organisation__acronym"]
    autocomplete_fields = ["project"]
    raw_id_fields = ["organisation"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.project.is_funded and obj.role == ProjectPartner.Role.FUNDING:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ProjectSector)
class ProjectSectorAdmin(admin.ModelAdmin):
    form = SharakaModelForm
    list_display = ["project", "code", "label", "percentage"]
    list_select_related = ["project"]
    search_fields = ["project__code", "code"]
    autocomplete_fields = ["project"]

    @admin.display(description=_("DAC sector"))
    def label(self, obj):
        return obj.label


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["project", "old_status", "new_status", "changed_by", "changed_at"]
    list_filter = ["new_status"]
    list_select_related = ["project", "changed_by"]
    search_fields = ["project__code"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Uploads go through the project page, where the type and size are checked; here only the labels change."""

    form = SharakaModelForm

    list_display = ["title", "project", "kind", "visibility", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "visibility"]
    list_select_related = ["project", "uploaded_by"]
    search_fields = ["title", "project__code"]
    readonly_fields = ["project", "file", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
