"""The partners in the Django admin. Saves and deletions go through the services, so they are audited.

The timeline (interactions, follow-ups) and the negotiation log are history: the admin shows them,
the partner pages write them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sharaka.core.admin_readonly import register_read_only
from sharaka.core.forms import SharakaModelForm
from sharaka.core.models import User
from sharaka.core.roles import Role
from sharaka.core.services import ConcurrentEdit
from sharaka.partners import services
from sharaka.partners.models import (
    Contact,
    FollowUp,
    Interaction,
    InteractionAttachment,
    NegotiationRound,
    Organisation,
    PartnerAccess,
)


class OrganisationAdminForm(SharakaModelForm):
    # Not "version": the model's own field of that name is not editable.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = [*services.ORGANISATION_FIELDS, "focus_areas"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version
            self._saved_legal_type = self.instance.legal_type
        else:
            self._saved_legal_type = None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                Organisation.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )
            if cleaned.get("opened_version") != current:
                raise ConcurrentEdit(
                    gettext(
                        "Someone else changed this partner while you were editing it. Nothing was saved. "
                        "Open it again to see their changes, then make yours."
                    )
                )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        try:
            services.validate_organisation(self.instance, previous_legal_type=self._saved_legal_type)
        except ValidationError as exc:
            self._update_errors(exc)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = [
        "__str__",
        "acronym",
        "model",
        "legal_type",
        "country",
        "stage",
        "project_count",
        "updated_at",
    ]
    list_filter = ["model", "stage", "legal_type", "focus_areas", "is_fictional"]
    search_fields = ["name_ar", "name_fr", "name_en", "acronym", "iati_identifier"]
    filter_horizontal = ["focus_areas"]
    readonly_fields = ["is_fictional", "created_at", "updated_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(project_total=Count("participations__project", distinct=True))
        )

    @admin.display(description=_("projects"), ordering="project_total")
    def project_count(self, obj):
        return obj.project_total

    def has_delete_permission(self, request, obj=None):
        """An organisation that takes part in a project is archived with it, never deleted."""
        if obj is not None and obj.participations.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in services.ORGANISATION_FIELDS
            if name in form.cleaned_data
        }
        focus_areas = form.cleaned_data.get("focus_areas", [])
        if change:
            saved = services.organisation_update(
                actor=request.user,
                organisation=obj,
                data=data,
                expected_version=form.cleaned_data.get("opened_version"),
                focus_areas=focus_areas,
            )
        else:
            saved = services.organisation_create(actor=request.user, data=data, focus_areas=focus_areas)
        obj.pk, obj.version = saved.pk, saved.version

    def save_related(self, request, form, formsets, change):
        # Focus areas were set by the service, with its audit entry; only inlines (none today) remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.organisation_delete(actor=request.user, organisation=obj)

    def delete_queryset(self, request, queryset):
        for org in queryset:
            try:
                services.organisation_delete(actor=request.user, organisation=org)
            except ValidationError as exc:
                self.message_user(request, f"{org}: {' '.join(exc.messages)}", messages.ERROR)


class ContactAdminForm(SharakaModelForm):
    class Meta:
        model = Contact
        fields = ["organisation", *services.CONTACT_FIELDS]

    def validate_constraints(self):
        # The service makes the new main contact the only one; the database constraint stays behind it.
        pass


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    form = ContactAdminForm
    list_display = ["name", "organisation", "position", "email", "phone", "is_primary"]
    list_filter = ["is_primary", "organisation__model"]
    search_fields = ["name", "position", "email", "phone", "organisation__name_ar", "organisation__name_fr"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name] for name in services.CONTACT_FIELDS if name in form.cleaned_data
        }
        if change:
            services.contact_update(actor=request.user, contact=obj, data=data)
        else:
            saved = services.contact_add(actor=request.user, organisation=obj.organisation, data=data)
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.contact_remove(actor=request.user, contact=obj)

    def delete_queryset(self, request, queryset):
        for contact in queryset:
            services.contact_remove(actor=request.user, contact=contact)


class HistoryAdmin(admin.ModelAdmin):
    """Read-only: what happened with a partner is recorded through the partner pages, with its audit entry."""

    form = SharakaModelForm

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    fields = ["description", "owner", "due_date", "done_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Interaction)
class InteractionAdmin(HistoryAdmin):
    list_display = ["date", "kind", "subject", "organisation", "recorded_by"]
    list_filter = ["kind", "date"]
    search_fields = [
        "subject",
        "summary",
        "organisation__name_ar",
        "organisation__name_fr",
        "organisation__name_en",
    ]
    list_select_related = ["organisation", "recorded_by"]
    date_hierarchy = "date"
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(HistoryAdmin):
    list_display = ["description", "owner", "due_date", "done_at", "interaction"]
    list_filter = ["due_date", ("done_at", admin.EmptyFieldListFilter), "owner"]
    search_fields = ["description", "interaction__subject"]
    list_select_related = ["owner", "interaction"]


@admin.register(NegotiationRound)
class NegotiationRoundAdmin(HistoryAdmin):
    list_display = ["topic", "round_number", "date", "organisation", "recorded_by"]
    list_filter = ["date"]
    search_fields = ["topic", "our_position", "their_position", "outcome", "organisation__name_fr"]
    list_select_related = ["organisation", "recorded_by"]


@admin.register(PartnerAccess)
class PartnerAccessAdmin(admin.ModelAdmin):
    form = SharakaModelForm
    list_display = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name_fr"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["organisation"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(role=Role.PARTNER_VIEWER, partner_access__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        saved = services.partner_access_grant(
            actor=request.user, user=obj.user, organisation=obj.organisation
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.partner_access_revoke(actor=request.user, access=obj)

    def delete_queryset(self, request, queryset):
        for access in queryset:
            services.partner_access_revoke(actor=request.user, access=access)


# An interaction's files are history too: added through the partner page (audited), read here.
register_read_only(InteractionAttachment)
