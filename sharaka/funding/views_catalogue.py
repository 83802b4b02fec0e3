"""The catalogue of calls and the commune's needs. Every call page goes through
`access.get_call_for`; the rules live in calls.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.core import exports, uploads
from sharaka.core.forms import apply_errors
from sharaka.core.multilingual import best
from sharaka.core.roles import can
from sharaka.funding import access, calls, needs
from sharaka.funding.forms_catalogue import ARCHIVED, ArchiveForm, CallFilterForm, CallForm, DocumentForm
from sharaka.funding.models import Call, CallDocument, CallStatus
from sharaka.partners.models import Organisation

PAGE_SIZE = 25
STATUS_ORDER = {CallStatus.OPEN: 0, CallStatus.UPCOMING: 1, CallStatus.CLOSED: 2}


def _annotate(call: Call, today) -> Call:
    """What a row or the page shows, from the prefetched stages: status, next deadline, days left."""
    call.current_status = ARCHIVED if call.archived_at else call.status(today)
    call.next = call.next_stage(today) if call.current_status != ARCHIVED else None
    call.next_deadline = call.next.deadline if call.next else None
    call.days_left = calls.days_left(call.next_deadline, today)
    return call


def _status_label(call) -> str:
    try:
        return str(CallStatus(call.current_status).label)
    except ValueError:
        return call.current_status


# The columns of the list page, in its order (exports.respond).
EXPORT_COLUMNS = [
    exports.Column(pgettext_lazy("funding call", "Call"), lambda call: best(call, "title")),
    exports.Column(_l("Reference"), lambda call: call.reference),
    exports.Column(_l("Funder"), lambda call: str(call.funder.acronym or call.funder)),
    exports.Column(_l("The commune's role"), lambda call: call.get_commune_role_display()),
    exports.Column(_l("Smallest grant"), lambda call: call.min_grant),
    exports.Column(_l("Largest grant"), lambda call: call.max_grant),
    exports.Column(_l("Currency"), lambda call: call.currency),
    exports.Column(_l("Next deadline"), lambda call: call.next_deadline),
    exports.Column(pgettext_lazy("call", "Status"), _status_label),
]


def call_list(request):
    access.require(request.user, "funding.view")
    today = timezone.localdate()
    filters = CallFilterForm(request.GET or None)
    wanted = {}
    if filters.is_bound and filters.is_valid():
        wanted = filters.cleaned_data
    status = wanted.get("status") or ""
    found = Call.objects.select_related("funder").prefetch_related("stages")
    found = found.filter(archived_at__isnull=False) if status == ARCHIVED else found.active()
    if wanted.get("funder"):
        found = found.filter(funder=wanted["funder"])
    if wanted.get("area"):
        found = found.filter(themes__kind="area", themes__code=wanted["area"]).distinct()
    if wanted.get("role"):
        found = found.filter(commune_role=wanted["role"])
    for word in (wanted.get("q") or "").split()[:5]:
        found = found.filter(
            Q(title_ar__icontains=word)
            | Q(title_fr__icontains=word)
            | Q(title_en__icontains=word)
            | Q(reference__icontains=word)
            | Q(programme__icontains=word)
        )
    rows = [_annotate(call, today) for call in found]
    if status in (CallStatus.OPEN, CallStatus.UPCOMING, CallStatus.CLOSED):
        rows = [call for call in rows if call.current_status == status]
    elif status == "":
        rows = [call for call in rows if call.current_status in (CallStatus.OPEN, CallStatus.UPCOMING)]
    rows.sort(
        key=lambda c: (
            STATUS_ORDER.get(c.current_status, 3),
            c.next_deadline or c.opens_on or today.max,
            c.pk,
        )
    )
    if exports.requested(request):
        return exports.respond(request, rows, EXPORT_COLUMNS, name="calls")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/catalogue/list.html",
        {
            "filtered": any(value for name, value in request.GET.items() if name != "page"),
            "page": page,
            "filters": filters,
            "today": today,
            "may_edit": can(request.user, "funding.edit"),
        },
    )


def call_detail(request, pk):
    call = access.get_call_for(request.user, pk)
    call = (
        Call.objects.select_related("funder", "created_by")
        .prefetch_related("stages", "themes", "sectors", "attachments", "documents")
        .get(pk=call.pk)
    )
    today = timezone.localdate()
    _annotate(call, today)
    stages = list(call.stages.all())
    for stage in stages:
        stage.days_left = calls.days_left(stage.deadline, today)
        stage.start_by = (
            stage.deadline - timezone.timedelta(days=stage.days_to_prepare) if stage.deadline else None
        )
    themes = list(call.themes.all())
    may_edit = access.may_edit_call(request.user, call)
    return render(
        request,
        "funding/catalogue/detail.html",
        {
            "call": call,
            "stages": stages,
            "areas": [t for t in themes if t.kind == "area"],
            "objectives": [t for t in themes if t.kind == "objective"],
            "sdgs": [t for t in themes if t.kind == "sdg"],
            "today": today,
            "lead_model_label": dict(Organisation.Model.choices).get(call.lead_model, ""),
            "may_edit": may_edit,
            "archive_form": ArchiveForm() if may_edit else None,
        },
    )


def _save(request, form, call):
    try:
        return calls.call_save(
            actor=request.user,
            call=call,
            data=form.call_data(),
            themes=form.themes(),
            sectors=form.sectors(),
            stages=form.stages(),
            attachments=form.attachment_pairs(),
            expected_version=form.cleaned_data.get("version"),
        )
    except ValidationError as error:
        apply_errors(form, error)
        if hasattr(error, "error_dict") and "stages" in error.error_dict:
            form.stage_errors = error.error_dict["stages"]
        return None


@require_http_methods(["GET", "POST"])
def call_add(request):
    access.require(request.user, "funding.edit")
    form = CallForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        call = _save(request, form, None)
        if call is not None:
            messages.success(request, _("The call was added to the catalogue."))
            return redirect(call)
    return render(request, "funding/catalogue/form.html", {"form": form, "call": None})


@require_http_methods(["GET", "POST"])
def call_edit(request, pk):
    call = access.get_call_for(request.user, pk, write=True)
    form = CallForm(request.POST if request.method == "POST" else None, instance=call)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, call)
        if saved is not None:
            messages.success(request, _("The call was saved."))
            return redirect(saved)
    return render(request, "funding/catalogue/form.html", {"form": form, "call": call})


@require_POST
def call_archive(request, pk):
    call = access.get_call_for(request.user, pk, write=True)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            calls.call_archive(actor=request.user, call=call, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The call was archived. It stays in the catalogue's archive."))
    else:
        messages.error(request, _("Say why the call leaves the catalogue."))
    return redirect(call)


@require_http_methods(["GET", "POST"])
def document_upload(request, pk):
    call = access.get_call_for(request.user, pk, write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            calls.call_document_upload(
                actor=request.user,
                call=call,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(call)
    return render(request, "funding/catalogue/document_form.html", {"form": form, "call": call})


def document_download(request, pk, document_pk):
    call = access.get_call_for(request.user, pk)
    document = get_object_or_404(CallDocument, pk=document_pk, call=call)
    return uploads.serve(document.file, document.content_type)


def needs_view(request):
    access.require(request.user, "funding.view")
    by = request.GET.get("by") if request.GET.get("by") in needs.GROUPINGS else "area"
    found = needs.commune_needs()
    return render(
        request,
        "funding/catalogue/needs.html",
        {
            "needs": found,
            "uncovered": [need for need in found if not need.covered],
            "groups": needs.group(found, by),
            "by": by,
            "groupings": list(needs.GROUPINGS.items()),
        },
    )
