"""Partner pages. Every view that shows one organisation goes through access.get_organisation_for."""

import copy
import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sharaka.capacity import trainings as capacity_trainings
from sharaka.core import exports, uploads
from sharaka.core.forms import apply_errors
from sharaka.core.multilingual import best
from sharaka.core.roles import can
from sharaka.core.services import ConcurrentEdit
from sharaka.iati import intelligence as iati_intelligence
from sharaka.lib.text import isolate
from sharaka.partners import services
from sharaka.partners.access import (
    get_organisation_for,
    may_list,
    require,
    sees_contacts,
    sees_internal,
    visible_organisations,
)
from sharaka.partners.forms import (
    AttachForm,
    ContactForm,
    FollowUpFormSet,
    InteractionForm,
    NegotiationRoundForm,
    OrganisationEditForm,
    OrganisationForm,
    PartnerFilterForm,
)
from sharaka.partners.models import FollowUp, Organisation, name_in_reading_order
from sharaka.projects import mad
from sharaka.projects.models import ProjectPartner
from sharaka.promotion.events import sponsorships_for_partner

PAGE_SIZE = 25


def _name_in_reading_order():
    """The name a reader sees (their language first, then the fallbacks), for sorting."""
    return name_in_reading_order((translation.get_language() or "ar").split("-")[0])


STAGE_ORDER = Case(
    *[When(stage=stage, then=Value(rank)) for rank, stage in enumerate(Organisation.Stage.values)],
    output_field=IntegerField(),
)


# The columns of the list page, in its order (exports.respond).
EXPORT_COLUMNS = [
    exports.Column(_l("Name"), lambda org: best(org, "name")),
    exports.Column(_l("Acronym"), lambda org: org.acronym),
    exports.Column(_l("Partnership model"), lambda org: org.get_model_display()),
    exports.Column(_l("Country"), lambda org: org.country_name),
    exports.Column(_l("Relationship stage"), lambda org: org.get_stage_display()),
    exports.Column(_l("Projects"), lambda org: org.project_count),
]


def _with_project_counts(orgs):
    return orgs.annotate(project_count=Count("participations__project", distinct=True))


def _count_projects(orgs: list) -> list:
    """Sets `project_count` on a page of partners: their projects only, not every partner's (one query)."""
    counts = dict(
        ProjectPartner.objects.filter(organisation__in=orgs)
        .values("organisation")
        .annotate(projects=Count("project", distinct=True))
        .values_list("organisation", "projects")
    )
    for org in orgs:
        org.project_count = counts.get(org.pk, 0)
    return orgs


def partner_list(request):
    if not may_list(request.user):
        raise Http404
    visible = visible_organisations(request.user)
    countries = visible.order_by().values_list("country", flat=True).distinct()
    filters = PartnerFilterForm(request.GET or None, countries=list(countries))

    orgs = filters.filter(visible)
    sort = filters.value("sort") or "name"
    if sort == "stage":
        orgs = orgs.order_by(STAGE_ORDER, _name_in_reading_order(), "pk")
    elif sort == "updated":
        orgs = orgs.order_by("-updated_at", "-pk")
    else:
        orgs = orgs.order_by(_name_in_reading_order(), "pk")

    if exports.requested(request):
        return exports.respond(request, _with_project_counts(orgs), EXPORT_COLUMNS, name="partners")
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _count_projects(list(page.object_list))
    filtered = any(filters.value(name) for name in ("q", "model", "stage", "country", "area"))
    return render(
        request,
        "partners/organisation_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "can_edit": can(request.user, "partners.edit"),
        },
    )


def partner_detail(request, pk):
    org = get_organisation_for(request.user, pk)
    internal = sees_internal(request.user)
    context = {
        "org": org,
        "internal": internal,
        "focus_areas": list(org.focus_areas.all()),
        # A partner viewer's own organisation: every project it takes part in is shared with it.
        "participations": _with_mad(
            org.participations.select_related("project").order_by("project__code", "role")
        ),
        "can_edit": can(request.user, "partners.edit"),
        "can_log": can(request.user, "partners.log_interaction"),
        "sees_contacts": sees_contacts(request.user),
    }
    if context["sees_contacts"]:
        context["contacts"] = list(org.contacts.all())
    if internal:
        interactions = org.interactions.select_related("recorded_by", "opportunity_inquiry").prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner")), "attachments"
        )
        if context["sees_contacts"]:  # the people met are contacts
            interactions = interactions.prefetch_related("contacts")
        context["interactions"] = list(interactions)
        context["negotiation_rounds"] = list(org.negotiation_rounds.select_related("recorded_by"))
    context["sponsorships"] = sponsorships_for_partner(request.user, org)  # promotion: events sponsored
    context["partner_trainings"] = capacity_trainings.for_partner(org, request.user)
    context["partner_iati"] = iati_intelligence.for_partner(org, request.user)  # what its IATI files say
    return render(request, "partners/organisation_detail.html", context)


def partner_create(request):
    require(request.user, "partners.edit")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        focus_areas = data.pop("focus_areas")
        try:
            org = services.organisation_create(actor=request.user, data=data, focus_areas=focus_areas)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The partner %(name)s was added.") % {"name": isolate(org)})
            return redirect("partner_detail", pk=org.pk)
    return render(request, "partners/organisation_form.html", {"form": form, "org": None})


def partner_edit(request, pk):
    org = get_organisation_for(request.user, pk, write=True)
    conflict = False
    if request.method == "POST":
        # The form works on a copy: the page keeps the saved name in its heading whatever is typed.
        form = OrganisationEditForm(request.POST, instance=copy.copy(org))
        if form.is_valid():
            data = dict(form.cleaned_data)
            focus_areas = data.pop("focus_areas")
            try:
                org = services.organisation_update(
                    actor=request.user,
                    organisation=org,
                    data=data,
                    expected_version=data.pop("version"),
                    focus_areas=focus_areas,
                )
            except ConcurrentEdit:
                conflict = True
                form.add_error(
                    None,
                    _(
                        "Someone else changed this partner while you were editing it. Nothing was saved. "
                        "What you typed is still below: open the current version, compare, then make your "
                        "changes there."
                    ),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The changes to %(name)s were saved.") % {"name": isolate(org)})
                return redirect("partner_detail", pk=org.pk)
    else:
        form = OrganisationEditForm(instance=org, initial={"version": org.version})
    return render(
        request, "partners/organisation_form.html", {"form": form, "org": org, "conflict": conflict}
    )


def partner_contact_add(request, pk):
    org = get_organisation_for(request.user, pk, write=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_add(actor=request.user, organisation=org, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The contact %(name)s was added.") % {"name": isolate(contact.name)})
            if request.GET.get("next") == "interaction":  # came from "people met" on the interaction form
                return redirect("partner_interaction_add", org.pk)
            return redirect(reverse("partner_detail", args=[org.pk]) + "#contacts")
    return render(request, "partners/contact_form.html", {"form": form, "org": org, "contact": None})


def partner_contact_edit(request, pk, contact_pk):
    org = get_organisation_for(request.user, pk, write=True)
    contact = get_object_or_404(org.contacts, pk=contact_pk)
    form = ContactForm(request.POST or None, instance=copy.copy(contact))
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_update(actor=request.user, contact=contact, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The contact %(name)s was saved.") % {"name": isolate(contact.name)})
            return redirect(reverse("partner_detail", args=[org.pk]) + "#contacts")
    return render(request, "partners/contact_form.html", {"form": form, "org": org, "contact": contact})


def partner_interaction_add(request, pk):
    """An interaction and up to three follow-ups: one form, one transaction."""
    org = get_organisation_for(request.user, pk, write=True, capability="partners.log_interaction")
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = InteractionForm(data, files, organisation=org, with_contacts=sees_contacts(request.user))
    follow_ups = FollowUpFormSet(data, prefix="follow_up", form_kwargs={"default_owner": request.user})
    if data is not None and form.is_valid() and follow_ups.is_valid():
        fields = dict(form.cleaned_data)
        contacts = fields.pop("contacts", [])
        attachments = fields.pop("attachments", [])
        items = [row.cleaned_data for row in follow_ups if row.has_changed() and row.cleaned_data]
        try:
            services.interaction_log(
                actor=request.user,
                organisation=org,
                data=fields,
                contacts=contacts,
                follow_ups=items,
                attachments=attachments,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The interaction was added to the timeline."))
            return redirect(reverse("partner_detail", args=[org.pk]) + "#timeline")
    context = {"form": form, "follow_ups": follow_ups, "org": org}
    context["may_add_contact"] = can(request.user, "partners.edit")
    return render(request, "partners/interaction_form.html", context)


def _with_mad(participations) -> list:
    """The organisation's commitments, each with its value in dirhams at the rate of a stated date
    ("≈ 1,984,302.00 MAD at the rate of 2023-06-01"), as on the project pages."""
    rows = list(mad.with_rates(participations))
    for row in rows:
        mad.attach(row)
    return rows


def _interaction_for(user, pk, interaction_pk, *, write=False):
    """An interaction of a partner: the commune's staff read the timeline; logging rights add to it."""
    capability = "partners.log_interaction"
    org = get_organisation_for(user, pk, write=write, capability=capability)
    if not sees_internal(user):
        raise Http404
    return org, get_object_or_404(org.interactions, pk=interaction_pk)


def partner_interaction_attach(request, pk, interaction_pk):
    """Add files to an interaction already in the timeline (the minutes often come days later)."""
    org, interaction = _interaction_for(request.user, pk, interaction_pk, write=True)
    form = AttachForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.interaction_attach(
                actor=request.user, interaction=interaction, files=form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(count)s file was added.", "%(count)s files were added.", len(added))
                % {"count": len(added)},
            )
            return redirect(reverse("partner_detail", args=[org.pk]) + f"#interaction-{interaction.pk}")
    return render(
        request, "partners/interaction_attach.html", {"form": form, "org": org, "interaction": interaction}
    )


def partner_interaction_file(request, pk, interaction_pk, attachment_pk):
    """One file of an interaction, for those who read the timeline: never a partner or public link."""
    _org, interaction = _interaction_for(request.user, pk, interaction_pk)
    attachment = get_object_or_404(interaction.attachments, pk=attachment_pk)
    return uploads.serve(attachment.file, attachment.content_type)


@require_POST
def partner_follow_up_done(request, pk, follow_up_pk):
    """Mark a follow-up done. An htmx request gets the follow-up's row back; a plain form, the page."""
    org = get_organisation_for(request.user, pk)
    if not sees_internal(request.user):
        raise Http404
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("owner"), pk=follow_up_pk, interaction__organisation=org
    )
    can_log = can(request.user, "partners.log_interaction")
    if not (can_log or follow_up.owner_id == request.user.pk):
        raise PermissionDenied
    follow_up = services.follow_up_complete(actor=request.user, follow_up=follow_up)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "partners/partials/follow_up.html",
            {"follow_up": follow_up, "org": org, "can_log": can_log},
        )
    messages.success(request, _("The follow-up is marked as done."))
    return redirect(reverse("partner_detail", args=[org.pk]) + f"#follow-up-{follow_up.pk}")


def partner_negotiation_add(request, pk):
    org = get_organisation_for(request.user, pk, write=True)
    form = NegotiationRoundForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.negotiation_round_record(
                actor=request.user, organisation=org, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Round %(number)s of “%(topic)s” was recorded.")
                % {"number": round_.round_number, "topic": isolate(round_.topic)},
            )
            return redirect(reverse("partner_detail", args=[org.pk]) + "#negotiation")
    topics = org.negotiation_rounds.order_by("topic").values_list("topic", flat=True).distinct()
    return render(request, "partners/negotiation_form.html", {"form": form, "org": org, "topics": topics})


def partner_negotiation_minutes(request, pk, round_pk):
    """The minutes of a round, for the commune's staff only: never a public or partner link."""
    org = get_organisation_for(request.user, pk)
    if not sees_internal(request.user):
        raise Http404
    round_ = get_object_or_404(org.negotiation_rounds, pk=round_pk)
    if not round_.minutes:
        raise Http404
    try:
        handle = round_.minutes.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = os.path.basename(round_.minutes.name)
    kind = uploads.KINDS.get(os.path.splitext(name)[1].lower())
    content_type = kind.content_type if kind else None
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
