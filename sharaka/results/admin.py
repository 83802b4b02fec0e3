"""The results in the back office, read-only.

Results chains, updates, locks and evidence are written on the results pages through the services
that check them and write the audit ledger (`result_save`, `update_move`, `period_unlock`…); the
admin shows them.
"""

from django.contrib import admin

from sharaka.core.admin_readonly import ReadOnlyAdmin
from sharaka.results.models import (
    Disaggregation,
    DueReport,
    Evidence,
    Indicator,
    Period,
    ReportingSchedule,
    Result,
    Update,
    UpdateStatusChange,
)


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["project", "type", "title_ar", "title_fr", "position"]
    list_filter = ["type"]
    list_select_related = ["project"]
    search_fields = ["project__code", "title_ar", "title_fr", "title_en"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = [
        "result",
        "title_ar",
        "title_fr",
        "measure",
        "ascending",
        "baseline_value",
        "baseline_year",
    ]
    list_filter = ["measure", "ascending"]
    list_select_related = ["result"]
    search_fields = ["result__project__code", "title_ar", "title_fr", "title_en"]


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "start", "end", "target", "actual", "locked_at"]
    list_filter = ["locked_at"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__result__project__code", "indicator__title_fr"]


@admin.register(Update)
class UpdateAdmin(ReadOnlyAdmin):
    list_display = ["period", "status", "value", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["period", "created_by"]
    search_fields = ["period__indicator__result__project__code"]


@admin.register(UpdateStatusChange)
class UpdateStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["update", "old_status", "new_status", "changed_by", "changed_at"]
    list_filter = ["new_status"]
    list_select_related = ["update__period", "changed_by"]


@admin.register(Disaggregation)
class DisaggregationAdmin(ReadOnlyAdmin):
    list_display = ["update", "dimension", "category", "locality", "value"]
    list_filter = ["dimension"]
    list_select_related = ["update__period", "locality"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "update", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["update__period", "uploaded_by"]
    search_fields = ["title"]


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(ReadOnlyAdmin):
    list_display = ["project", "obligation", "frequency", "starts_on", "ends_on", "responsible", "active"]
    list_filter = ["frequency", "active"]
    list_select_related = ["project", "obligation", "responsible"]


@admin.register(DueReport)
class DueReportAdmin(ReadOnlyAdmin):
    list_display = ["schedule", "period_start", "period_end", "due_on", "done_at"]
    list_select_related = ["schedule"]
