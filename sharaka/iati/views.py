"""The unit's IATI pages: imports and their reports, proposed matches, donors' profiles, areas."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core.roles import can
from sharaka.core.services import ConcurrentEdit
from sharaka.iati import intelligence, publishers, report, retention
from sharaka.iati.access import require
from sharaka.iati.forms import AddressForm, DecisionForm, UploadForm
from sharaka.iati.models import ForeignActivity, ImportRun, Publisher
from sharaka.iati.tasks import fetch_run, import_run

PAGE_SIZE = 25


def home(request):
    """Donors found in imported files, the seed's areas, and what waits for the unit."""
    require(request.user, "iati.view")
    context = {
        "donors": intelligence.donors(),
        "areas": [(code, label) for code, label in intelligence.AREA_LABELS.items()],
        "activities": ForeignActivity.objects.count(),
        "proposals": Publisher.objects.filter(proposed_partner__isnull=False).count(),
        "may_import": can(request.user, "iati.import"),
        "demo": ImportRun.objects.filter(is_demo=True).exists(),
    }
    return render(request, "iati/home.html", context)


def donor(request, pk):
    require(request.user, "iati.view")
    publisher = get_object_or_404(Publisher.objects.select_related("partner"), pk=pk)
    group = [publisher]
    if publisher.partner_id:  # a partner publishing under several identifiers: one profile
        group = list(Publisher.objects.filter(partner_id=publisher.partner_id).order_by("ref"))
    profile = intelligence.profile(group)
    demo = ImportRun.objects.filter(is_demo=True).exists()
    # A linked partner's name reads in the reader's language; the file's names often only in English.
    title = str(publisher.partner) if publisher.partner_id else (publisher.name or publisher.ref)
    context = {"publisher": publisher, "profile": profile, "demo": demo, "title": title}
    return render(request, "iati/donor.html", context)


def area(request, code):
    require(request.user, "iati.view")
    if code in intelligence.AREA_SECTORS:
        codes, label = intelligence.AREA_SECTORS[code], intelligence.AREA_LABELS[code]
        parts = [(c, intelligence.category_label(c)) for c in codes]
    elif len(code) == 3 and code.isdigit() and intelligence.category_label(code) != code:
        codes, label, parts = (code,), intelligence.category_label(code), []
    else:
        raise Http404
    rows = intelligence.area_donors(set(codes))
    return render(request, "iati/area.html", {"label": label, "parts": parts, "rows": rows, "code": code})


def activity(request, pk):
    require(request.user, "iati.view")
    item = get_object_or_404(ForeignActivity.objects.select_related("reporting_org", "run"), pk=pk)
    context = {
        "activity": item,
        "participants": item.participants.select_related("publisher").order_by("role", "id"),
        "sectors": [
            (s, intelligence.category_label(intelligence.category(s.vocabulary, s.code)))
            for s in item.sectors.order_by("-percentage", "code")
        ],
        "countries": item.countries.order_by("-percentage", "country"),
        "flows": item.flows.all()[:200],
    }
    return render(request, "iati/activity.html", context)


@require_http_methods(["GET", "POST"])
def imports(request):
    require(request.user, "iati.view")
    may_import = can(request.user, "iati.import")
    form = UploadForm(request.POST or None, request.FILES or None) if may_import else None
    if request.method == "POST":
        require(request.user, "iati.import")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            with transaction.atomic():
                run = ImportRun(
                    source=ImportRun.Source.UPLOAD,
                    name=upload.name,
                    size=upload.size,
                    requested_by=request.user,
                )
                run.sha256 = report.sha256_of(upload)
                run.file.save(upload.name, upload, save=False)
                run.save()
                report.record_request(actor=request.user, run=run)
                transaction.on_commit(lambda: import_run.enqueue(run.pk))
            return redirect("iati_import", pk=run.pk)
    return _imports_page(request, form, AddressForm() if may_import else None)


def _imports_page(request, form, address_form):
    runs = ImportRun.objects.select_related("requested_by")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "iati/imports.html", {"form": form, "address_form": address_form, "page": page})


@require_POST
def import_address(request):
    """Fetch a file from the web: the address is checked now, the file fetched by the worker."""
    require(request.user, "iati.import")
    form = AddressForm(request.POST)
    if not form.is_valid():
        return _imports_page(request, UploadForm(), form)
    with transaction.atomic():
        run = ImportRun.objects.create(
            source=ImportRun.Source.URL, name=form.cleaned_data["url"], requested_by=request.user
        )
        report.record_request(actor=request.user, run=run)
        transaction.on_commit(lambda: fetch_run.enqueue(run.pk))
    return redirect("iati_import", pk=run.pk)


def import_detail(request, pk):
    require(request.user, "iati.view")
    run = get_object_or_404(ImportRun.objects.select_related("requested_by"), pk=pk)
    context = {"run": run, "report": report.worded(run), "kept_until": retention.kept_until(run)}
    return render(request, "iati/import.html", context)


def matches(request):
    require(request.user, "iati.view")
    proposals = Publisher.objects.filter(proposed_partner__isnull=False).select_related("proposed_partner")
    page = Paginator(proposals.order_by("ref"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "iati/matches.html", {"page": page, "may_decide": can(request.user, "iati.import")}
    )


@require_POST
def match_decide(request, pk, decision):
    require(request.user, "iati.import")
    publisher = get_object_or_404(Publisher, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid() or publisher.proposed_partner_id is None:
        messages.error(
            request, _("This match was already decided, or the page was out of date. Nothing was changed.")
        )
        return redirect("iati_matches")
    decide = publishers.confirm_match if decision == "confirm" else publishers.reject_match
    try:
        decide(actor=request.user, publisher=publisher, expected_version=form.cleaned_data["version"])
    except ConcurrentEdit as error:
        messages.error(request, " ".join(error.messages))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if decision == "confirm":
            messages.success(request, _("Linked: the partner's page now shows what this organisation funds."))
        else:
            messages.success(request, _("Rejected: the organisation stays apart from the partner."))
    return redirect(reverse("iati_matches"))
