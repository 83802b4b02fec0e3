"""The administration of the agreements: the public-holiday calendar, where the Hijri holidays of each
year are entered, through the agreements' services, which write the audit ledger. The rest is read-only."""

from django.contrib import admin

from sharaka.agreements import models, services
from sharaka.agreements.models import PublicHoliday
from sharaka.core.admin_readonly import register_read_only
from sharaka.core.forms import SharakaModelForm


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    """Saves and deletions go through `holiday_save` and `holiday_delete`, which write the ledger."""

    form = SharakaModelForm
    list_display = ["__str__", "year", "month", "day"]
    list_filter = ["year"]
    ordering = ["-year", "month", "day"]

    def save_model(self, request, obj, form, change):
        saved = services.holiday_save(
            actor=request.user, holiday=obj if change else None, data=form.cleaned_data
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.holiday_delete(actor=request.user, holiday=obj)

    def delete_queryset(self, request, queryset):
        for holiday in queryset:
            services.holiday_delete(actor=request.user, holiday=holiday)


# The road, votes and obligations change only through the agreements' services, which audit them.
register_read_only(
    models.Agreement,
    models.AgreementParty,
    models.StatusChange,
    models.AgreementDocument,
    models.Obligation,
    models.CouncilSession,
    models.AgendaItem,
    models.MemberVote,
    models.Delegation,
    models.PlanAction,
    models.ObligationStateChange,
    models.PlanActionStateChange,
)
register_read_only(models.CalendarToken, secret_fields=("token",))
