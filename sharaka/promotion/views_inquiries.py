"""Inquiries part of promotion: the public inquiry form of an opportunity (namespace `showcase`) and the
unit's pages that list the inquiries and settle possible duplicates (namespace `promotion`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from sharaka.core import codelists, throttle
from sharaka.core.forms import apply_errors
from sharaka.core.roles import can
from sharaka.lib.client_ip import address_group, client_address
from sharaka.portal.views import LOOKUP_MISSES, LOOKUP_WINDOW, portal_page
from sharaka.promotion import inquiries
from sharaka.promotion.forms_inquiries import DecisionForm, OpportunityInquiryForm
from sharaka.promotion.models import Opportunity, OpportunityInquiry

PAGE_SIZE = 50


# --- public ------------------------------------------------------------------------------------------


@portal_page
def inquire(request, code):
    opportunity = get_object_or_404(Opportunity.objects.public(), code=code)
    if request.method == "POST":
        form = OpportunityInquiryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = inquiries.inquiry_submit(
                    opportunity=opportunity,
                    name=data["name"],
                    organisation_name=data["organisation_name"],
                    country=data["country"],
                    email=data["email"],
                    message=data["message"],
                    language=translation.get_language(),
                    address=client_address(request),
                    kind=data["kind"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("showcase:inquiry_sent", code=opportunity.code, reference=inquiry.reference)
    else:
        form = OpportunityInquiryForm()
    return render(request, "promotion/inquire.html", {"opportunity": opportunity, "form": form})


@portal_page
def inquiry_sent(request, code, reference):
    """The thanks, with the reference: nothing of what the sender wrote is shown again. References
    are not guessed: LOOKUP_MISSES misses in the hour from one sender network and it is refused."""
    sender = address_group(request)
    if throttle.exceeded("inquiry_lookup", sender, limit=LOOKUP_MISSES, window=LOOKUP_WINDOW):
        return render(request, "portal/feedback_throttled.html", status=429)
    inquiry = (
        OpportunityInquiry.objects.filter(reference=reference, opportunity__code=code)
        .select_related("opportunity")
        .only("reference", "received_at", "opportunity")
        .first()
    )
    if inquiry is None:
        throttle.count("inquiry_lookup", sender)
        raise Http404
    return render(
        request, "promotion/inquiry_sent.html", {"inquiry": inquiry, "opportunity": inquiry.opportunity}
    )


# --- the unit ----------------------------------------------------------------------------------------


def _require(user, capability):
    """403 for the commune's staff without the capability, 404 for partners and the prefecture."""
    if not can(user, capability):
        if can(user, "promotion.view"):
            raise PermissionDenied
        raise Http404


def inquiry_list(request):
    _require(request.user, "promotion.view")
    order_first = Case(
        When(resolution=OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    qs = (
        OpportunityInquiry.objects.select_related("opportunity", "organisation", "follow_up__owner")
        .annotate(first=order_first)
        .order_by("first", "-received_at", "-id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "promotion/inquiries.html",
        {
            "page": page,
            "to_check": OpportunityInquiry.objects.filter(
                resolution=OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE
            ).count(),
            "sees_people": can(request.user, "partners.view_contacts"),
        },
    )


def _organisation_facts(org):
    if org is None:
        return None
    return {
        "org": org,
        "contacts": org.contacts.count(),
        "interactions": org.interactions.count(),
    }


def inquiry_detail(request, pk):
    _require(request.user, "promotion.view")
    inquiry = get_object_or_404(
        OpportunityInquiry.objects.select_related(
            "opportunity", "organisation", "possible_duplicate", "interaction", "follow_up__owner"
        ),
        pk=pk,
    )
    may_decide = can(request.user, "promotion.edit")
    form = DecisionForm()
    if request.method == "POST":
        _require(request.user, "promotion.edit")
        form = DecisionForm(request.POST)
        if form.is_valid():
            action = (
                inquiries.inquiry_same_organisation
                if form.cleaned_data["decision"] == "same"
                else inquiries.inquiry_different_organisations
            )
            try:
                action(actor=request.user, inquiry=inquiry)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The inquiry was updated."))
                return redirect("promotion:inquiry", pk=inquiry.pk)
    pending = inquiry.resolution == OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE
    context = {
        "inquiry": inquiry,
        "form": form,
        "may_decide": may_decide and pending,
        "pending": pending,
        "landed": _organisation_facts(inquiry.organisation),
        "known": _organisation_facts(inquiry.possible_duplicate) if pending else None,
        "sees_people": can(request.user, "partners.view_contacts"),
        "country_name": codelists.country_name(inquiry.country),
    }
    return render(request, "promotion/inquiry_detail.html", context)
