"""The projects in the back office, read-only.

Projects, their partners, sectors, documents and status history are written on the project pages,
through the services that check them and write the audit ledger (`project_update`,
`project_partner_add`, `document_upload`, `project_advance`…). The admin shows them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sharaka.core.admin_readonly import ReadOnlyAdmin, register_read_only
from sharaka.core.forms import SharakaModelForm
from sharaka.projects.models import (
    Document,
    Project,
    ProjectPartner,
    ProjectSector,
    PublicPartnerFigure,
    StatusChange,
    StatusFigure,
    ThemeCommitment,
    ThemeFigure,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProjectPartnerInline(ReadOnlyInline):
    model = ProjectPartner
    fields = ["organisation", "role", "committed_amount", "currency", "committed_on"]


class ProjectSectorInline(ReadOnlyInline):
    model = ProjectSector
    fields = ["code", "percentage"]


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["changed_at", "old_status", "new_status", "changed_by", "reason"]
    ordering = ["changed_at", "id"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_ar", "title_fr", "status", "priority", "manager", "archived_at"]
    list_filter = ["status", "priority", "archived_at", "is_fictional"]
    search_fields = ["code", "title_ar", "title_fr", "title_en", "pac_reference"]
    list_select_related = ["manager"]
    inlines = [ProjectPartnerInline, ProjectSectorInline, StatusChangeInline]


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(ReadOnlyAdmin):
    list_display = ["project", "organisation", "role", "committed_amount", "currency", "committed_on"]
    list_filter = ["role", "currency"]
    list_select_related = ["project", "organisation"]
    search_fields = ["project__code", "organisation__name_fr", "organisation__acronym"]


@admin.register(ProjectSector)
class ProjectSectorAdmin(ReadOnlyAdmin):
    list_display = ["project", "code", "label", "percentage"]
    list_select_related = ["project"]
    search_fields = ["project__code", "code"]

    @admin.display(description=_("DAC sector"))
    def label(self, obj):
        return obj.label


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["project", "old_status", "new_status", "changed_by", "changed_at"]
    list_filter = ["new_status"]
    list_select_related = ["project", "changed_by"]
    search_fields = ["project__code"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """A document's visibility decides who may read it: it changes on the project page only."""

    form = SharakaModelForm

    list_display = ["title", "project", "kind", "visibility", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "visibility"]
    list_select_related = ["project", "uploaded_by"]
    search_fields = ["title", "project__code"]


# The home's figures and the portal's public projects per partner, kept by the services (projects/figures.py): shown, never edited.
register_read_only(StatusFigure, ThemeFigure, ThemeCommitment, PublicPartnerFigure)
