"""The administration of the agreements: the public-holiday calendar, where the Hijri holidays of each
year are entered. Changes go into the audit ledger like any other."""

from django.contrib import admin
from django.db import transaction

from sharaka.agreements import models
from sharaka.agreements.models import PublicHoliday
from sharaka.core import audit
from sharaka.core.admin_readonly import register_read_only


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "month", "day"]
    list_filter = ["year"]
    ordering = ["-year", "month", "day"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = audit.snapshot(PublicHoliday.objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user, action="holiday.save", obj=obj, before=before, after=audit.snapshot(obj)
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(actor=request.user, action="holiday.delete", obj=obj, before=audit.snapshot(obj))
            super().delete_model(request, obj)


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
