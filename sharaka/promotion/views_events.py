"""The unit's pages of events and their sponsors. Every event page goes through
`access_events.get_event_for`; the rules live in events.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core.forms import apply_errors
from sharaka.core.roles import can
from sharaka.promotion import events
from sharaka.promotion.access_events import get_event_for, get_sponsorship_for, require
from sharaka.promotion.forms_events import EventForm, OptionalReasonForm, ReasonForm, SponsorshipForm
from sharaka.promotion.models import Event, Sponsorship

PAGE_SIZE = 25


def _sponsors():
    return Prefetch("sponsorships", queryset=Sponsorship.objects.select_related("organisation"))


def event_list(request):
    require(request.user, "promotion.view")
    archived = request.GET.get("archived") == "1"
    found = Event.objects.filter(archived_at__isnull=not archived).select_related("locality")
    page = Paginator(found.prefetch_related(_sponsors()), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    rates = events.rates_for_list([s for event in rows for s in event.sponsorships.all()])
    for event in rows:
        event.totals = events.event_totals_with(event.sponsorships.all(), rates)
    return render(
        request,
        "promotion/events/list.html",
        {"page": page, "rows": rows, "archived": archived, "may_edit": can(request.user, "promotion.edit")},
    )


def event_detail(request, pk):
    event = get_event_for(request.user, pk)
    sponsorships = list(event.sponsorships.select_related("organisation", "recorded_by"))
    totals = events.event_totals(sponsorships)
    may_edit = can(request.user, "promotion.edit") and event.archived_at is None
    return render(
        request,
        "promotion/events/detail.html",
        {
            "event": event,
            "sponsorships": sponsorships,
            "totals": totals,
            "missing_rates": [events.missing_rate_message(c, d) for c, d, _a in totals.unconverted],
            "may_edit": may_edit,
            "archive_form": ReasonForm(prefix="archive") if may_edit else None,
            "unpublish_form": OptionalReasonForm(prefix="unpublish") if may_edit else None,
        },
    )


def _save_event(request, form, event):
    try:
        if event is None:
            return events.event_create(actor=request.user, data=form.event_data())
        return events.event_update(
            actor=request.user,
            event=event,
            data=form.event_data(),
            expected_version=form.cleaned_data.get("version"),
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None


@require_http_methods(["GET", "POST"])
def event_add(request):
    require(request.user, "promotion.edit")
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        event = _save_event(request, form, None)
        if event is not None:
            messages.success(request, _("The event was recorded. Add its sponsors, then publish it."))
            return redirect("promotion:event", pk=event.pk)
    return render(request, "promotion/events/form.html", {"form": form, "event": None})


@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = get_event_for(request.user, pk, write=True)
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and form.is_valid():
        saved = _save_event(request, form, event)
        if saved is not None:
            messages.success(request, _("The event was saved."))
            return redirect("promotion:event", pk=saved.pk)
    return render(request, "promotion/events/form.html", {"form": form, "event": event})


@require_POST
def event_publish(request, pk):
    event = get_event_for(request.user, pk, write=True)
    try:
        events.event_publish(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is on the public portal."))
    return redirect("promotion:event", pk=event.pk)


@require_POST
def event_unpublish(request, pk):
    event = get_event_for(request.user, pk, write=True)
    form = OptionalReasonForm(request.POST, prefix="unpublish")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        events.event_unpublish(actor=request.user, event=event, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is no longer on the public portal."))
    return redirect("promotion:event", pk=event.pk)


@require_POST
def event_archive(request, pk):
    event = get_event_for(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="archive")
    if form.is_valid():
        try:
            events.event_archive(actor=request.user, event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The event was archived. It is kept, with its sponsors."))
    else:
        messages.error(request, _("Say why the event is archived."))
    return redirect("promotion:event", pk=event.pk)


def _warn_missing_rate(request, sponsorship) -> None:
    totals = events.event_totals([sponsorship])
    for currency, day, _amount in totals.unconverted:
        messages.warning(request, events.missing_rate_message(currency, day))


@require_http_methods(["GET", "POST"])
def sponsorship_add(request, pk):
    event = get_event_for(request.user, pk, write=True)
    form = SponsorshipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sponsorship = events.sponsorship_add(
                actor=request.user, event=event, data=form.sponsorship_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The sponsor was added."))
            _warn_missing_rate(request, sponsorship)
            return redirect("promotion:event", pk=event.pk)
    return render(
        request, "promotion/events/sponsorship_form.html", {"form": form, "event": event, "sponsorship": None}
    )


@require_http_methods(["GET", "POST"])
def sponsorship_edit(request, pk, sponsorship_pk):
    sponsorship = get_sponsorship_for(request.user, pk, sponsorship_pk, write=True)
    event = sponsorship.event
    form = SponsorshipForm(
        request.POST if request.method == "POST" else None,
        instance=sponsorship,
        fingerprint=events.fingerprint(sponsorship),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = events.sponsorship_update(
                actor=request.user,
                sponsorship=sponsorship,
                data=form.sponsorship_data(),
                expected_fingerprint=form.cleaned_data.get("fingerprint"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The sponsorship was corrected."))
            _warn_missing_rate(request, saved)
            return redirect("promotion:event", pk=event.pk)
    return render(
        request,
        "promotion/events/sponsorship_form.html",
        {
            "form": form,
            "event": event,
            "sponsorship": sponsorship,
            "remove_form": None if events.carries_money(sponsorship) else ReasonForm(prefix="remove"),
        },
    )


@require_POST
def sponsorship_remove(request, pk, sponsorship_pk):
    sponsorship = get_sponsorship_for(request.user, pk, sponsorship_pk, write=True)
    form = ReasonForm(request.POST, prefix="remove")
    if not form.is_valid():
        messages.error(request, _("Say why this line is removed."))
        return redirect("promotion:sponsorship_edit", pk=pk, sponsorship_pk=sponsorship.pk)
    try:
        events.sponsorship_remove(
            actor=request.user, sponsorship=sponsorship, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("promotion:sponsorship_edit", pk=pk, sponsorship_pk=sponsorship.pk)
    messages.success(request, _("The line was removed. The ledger keeps what it held."))
    return redirect("promotion:event", pk=pk)
