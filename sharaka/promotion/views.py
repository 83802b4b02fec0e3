"""The unit's side of the catalogue: the list of opportunities (filters, CSV/XLSX), an opportunity with
its history, photos and actions, the forms that create and correct it. Access: `promotion/access.py`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core import exports
from sharaka.core.forms import apply_errors
from sharaka.core.multilingual import best
from sharaka.promotion import access, renditions, services
from sharaka.promotion.forms import ArchiveForm, MoveForm, OpportunityForm, PhotoForm, PhotoMoveForm
from sharaka.promotion.models import Opportunity, Photo
from sharaka.promotion.pipeline import PIPELINE

PAGE_SIZE = 50

COLUMNS = [
    exports.Column(_l("Code"), lambda o: o.code),
    exports.Column(_l("Title"), lambda o: best(o, "title")),
    exports.Column(_l("Kind"), lambda o: o.get_kind_display()),
    exports.Column(_l("Partner sought"), lambda o: o.get_partner_sought_display()),
    exports.Column(_l("Status"), lambda o: o.get_status_display()),
    exports.Column(_l("Estimated cost"), lambda o: o.estimated_cost),
    exports.Column(_l("Currency"), lambda o: o.currency),
    exports.Column(_l("Locality"), lambda o: str(o.locality) if o.locality_id else ""),
    exports.Column(_l("Handled by"), lambda o: str(o.owner)),
    exports.Column(_l("Published"), lambda o: o.published_at),
    exports.Column(_l("Archived"), lambda o: o.archived_at),
]


@require_http_methods(["GET", "HEAD"])
def home(request):
    """Every opportunity, filtered by status and kind; archived ones on request."""
    access.require(request.user)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    archived = request.GET.get("archived") == "1"
    opportunities = Opportunity.objects.select_related("locality", "owner").order_by("kind", "code")
    if status in Opportunity.Status.values:
        opportunities = opportunities.filter(status=status)
    if kind in Opportunity.Kind.values:
        opportunities = opportunities.filter(kind=kind)
    opportunities = opportunities.filter(archived_at__isnull=not archived)
    exported = exports.respond(request, opportunities, COLUMNS, name="opportunities")
    if exported is not None:
        return exported
    page = Paginator(opportunities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "promotion/home.html",
        {
            "page": page,
            "statuses": Opportunity.Status.choices,
            "kinds": Opportunity.Kind.choices,
            "status": status,
            "kind": kind,
            "archived": archived,
            "may_edit": access.may_edit(request.user),
        },
    )


def _detail(request, opportunity, *, move_form=None, archive_form=None, status=200):
    may_edit = access.may_edit(request.user) and opportunity.archived_at is None
    history = opportunity.status_changes.select_related("changed_by").order_by("changed_at", "id")
    photos = list(opportunity.photos.order_by("order", "id"))
    context = {
        "opportunity": opportunity,
        "history": history,
        "photos": photos,
        "may_edit": may_edit,
        "problems": services.publish_problems(opportunity),
        "max_photos": services.MAX_PHOTOS,
    }
    if may_edit:
        targets = PIPELINE.allowed_targets(request.user, opportunity)
        context["move_form"] = move_form or (
            MoveForm(opportunity=opportunity, user=request.user, auto_id="move_%s") if targets else None
        )
        context["archive_form"] = archive_form or ArchiveForm(auto_id="archive_%s")
    return render(request, "promotion/opportunity.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def opportunity(request, pk):
    return _detail(request, access.get_opportunity_for(request.user, pk))


@require_http_methods(["GET", "HEAD", "POST"])
def opportunity_create(request):
    access.require(request.user, "promotion.edit")
    form = OpportunityForm(request.POST if request.method == "POST" else None, creator=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.opportunity_create(actor=request.user, data=form.opportunity_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The opportunity was created as a draft."))
            return redirect("promotion:opportunity", pk=created.pk)
    return render(request, "promotion/opportunity_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def opportunity_edit(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk, write=True)
    if opportunity.archived_at is not None:
        messages.warning(request, _("This opportunity is archived: it can no longer be changed."))
        return redirect("promotion:opportunity", pk=pk)
    # The form works on a copy, so that a refused save leaves the page's heading as it was.
    form = OpportunityForm(
        request.POST if request.method == "POST" else None, instance=Opportunity.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                actor=request.user,
                opportunity=opportunity,
                data=form.opportunity_data(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("promotion:opportunity", pk=pk)
    return render(request, "promotion/opportunity_form.html", {"form": form, "opportunity": opportunity})


@require_POST
def opportunity_move(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk, write=True)
    form = MoveForm(request.POST, opportunity=opportunity, user=request.user, auto_id="move_%s")
    if form.is_valid():
        try:
            services.opportunity_move(
                actor=request.user,
                opportunity=opportunity,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The opportunity moved to “%(status)s”.")
                % {"status": PIPELINE.label(form.cleaned_data["to"])},
            )
            return redirect("promotion:opportunity", pk=pk)
    return _detail(request, opportunity, move_form=form)


@require_POST
def opportunity_publish(request, pk):
    """Publish (`publish=1`) or take off the portal (`publish=0`)."""
    opportunity = access.get_opportunity_for(request.user, pk, write=True)
    try:
        if request.POST.get("publish") == "0":
            services.opportunity_unpublish(actor=request.user, opportunity=opportunity)
            messages.success(request, _("The opportunity is no longer shown on the portal."))
        else:
            services.opportunity_publish(actor=request.user, opportunity=opportunity)
            messages.success(request, _("The opportunity is published on the portal."))
    except ValidationError as error:
        messages.error(request, _("Not published: %(missing)s") % {"missing": " ".join(error.messages)})
    return redirect("promotion:opportunity", pk=pk)


@require_POST
def opportunity_archive(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk, write=True)
    form = ArchiveForm(request.POST, auto_id="archive_%s")
    if form.is_valid():
        try:
            services.opportunity_archive(
                actor=request.user, opportunity=opportunity, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The opportunity is archived: it is no longer on the portal."))
        return redirect("promotion:opportunity", pk=pk)
    return _detail(request, opportunity, archive_form=form)


@require_http_methods(["GET", "HEAD", "POST"])
def photo_add(request, pk):
    opportunity = access.get_opportunity_for(request.user, pk, write=True)
    if opportunity.archived_at is not None:
        messages.warning(request, _("This opportunity is archived: it can no longer be changed."))
        return redirect("promotion:opportunity", pk=pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.photo_add(
                actor=request.user,
                opportunity=opportunity,
                upload=form.cleaned_data["image"],
                captions=form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The photo was added, without its location data."))
            return redirect("promotion:opportunity", pk=pk)
    return render(
        request,
        "promotion/photo_form.html",
        {"form": form, "opportunity": opportunity, "max_photos": services.MAX_PHOTOS},
    )


def _photo_for(user, pk, *, write=False) -> Photo:
    access.require(user, "promotion.edit" if write else "promotion.view")
    return get_object_or_404(Photo.objects.select_related("opportunity"), pk=pk)


@require_POST
def photo_remove(request, pk):
    photo = _photo_for(request.user, pk, write=True)
    services.photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("promotion:opportunity", pk=photo.opportunity_id)


@require_POST
def photo_move(request, pk):
    photo = _photo_for(request.user, pk, write=True)
    form = PhotoMoveForm(request.POST)
    if form.is_valid():
        services.photo_move(actor=request.user, photo=photo, step=form.cleaned_data["step"])
    return redirect("promotion:opportunity", pk=photo.opportunity_id)


@require_http_methods(["GET", "HEAD"])
def photo(request, pk):
    """A photo for the unit's pages, at the small size, whether or not it is public."""
    return renditions.serve(_photo_for(request.user, pk), "small", public=False)
