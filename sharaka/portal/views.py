"""The public portal (no login), its downloads, and the unit's two pages (publishing, inquiries)."""

import csv
import datetime
import functools
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from sharaka.core import exports, throttle
from sharaka.core.forms import apply_errors
from sharaka.core.pagination import OpenPage
from sharaka.core.roles import can
from sharaka.core.streaming import guarded_stream
from sharaka.lib.client_ip import address_group, client_address
from sharaka.lib.language_cookie import set_language_cookie
from sharaka.portal import afterwards, chains, checks, opendata, queries, services
from sharaka.portal.forms import AnswerForm, InquiryForm
from sharaka.portal.iati import fragments
from sharaka.portal.models import Inquiry
from sharaka.projects.models import Project
from sharaka.projects.pipeline import FUNDED

PAGE_SIZE = 24


def portal_language(request) -> str:
    codes = dict(settings.PORTAL_LANGUAGES)
    for candidate in (
        request.GET.get("lang"),
        request.COOKIES.get(settings.PORTAL_LANGUAGE_COOKIE_NAME),
        getattr(request, "LANGUAGE_CODE", None),
    ):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


def portal_page(view):
    """A public page: no login, rendered in the portal's language (?lang= remembered in a cookie)."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        language = portal_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        if request.GET.get("lang") == language:
            set_language_cookie(response, settings.PORTAL_LANGUAGE_COOKIE_NAME, language)
        return response

    return wrapper


def _client_address(request):
    return client_address(request)  # REMOTE_ADDR, or X-Forwarded-For behind SHARAKA_TRUSTED_PROXIES


# --- public pages ------------------------------------------------------------------------------------


@portal_page
def home(request):
    return render(request, "portal/home.html", queries.home_figures())


@portal_page
def project_list(request):
    # Not counted, as the partners and agreements: counting the public projects probes each one
    # (22 ms at region scale); "Page N" and "next" while projects follow.
    page = OpenPage(queries.project_list(), request.GET.get("page"), per_page=PAGE_SIZE, counted=False)
    return render(request, "portal/project_list.html", {"page": page})


def _inquiry_form_context(request, project=None, form=None):
    return {
        "form": form or InquiryForm(initial={"project": project.pk if project else None}),
        "for_project": project,
    }


@portal_page
def project_detail(request, pk):
    project = get_object_or_404(queries.project_detail_queryset(), pk=pk)
    answers = Inquiry.objects.filter(project=project, answer_is_public=True).only(
        "reference", "message", "answer", "answered_at"
    )
    chains.attach([project])
    on_track, measured = chains.on_track(project)
    context = {
        "project": project,
        "answers": answers,
        "results": _result_rows(project.public_results),
        "on_track": on_track,
        "measured": measured,
        "afterwards": afterwards.summary(project),
        "money": queries.project_money(project),
        "partner_documents": queries.partner_documents(project),
        **_inquiry_form_context(request, project),
    }
    return render(request, "portal/project_detail.html", context)


def _result_rows(results):
    """The results as the portal shows them: each level's label, and per indicator the numbers as
    plain text, the bar's width, the state's label and its periods with their dates already
    formatted (approved values only: `chains`). The periods of a chain share their dates, so each
    date is formatted once for the page, not in the template for every row."""
    from django.utils.formats import date_format

    labels = {}

    def day(value):
        if value not in labels:
            labels[value] = (value.isoformat(), date_format(value, "SHORT_DATE_FORMAT"))
        return labels[value]

    rows = []
    for result in results:
        indicators = []
        for indicator in result.public_indicators:
            progress = indicator.progress
            indicators.append(
                {
                    "indicator": indicator,
                    "percentage": indicator.measure == indicator.Measure.PERCENTAGE,
                    "qualitative": indicator.is_qualitative,
                    "baseline": chains.plain(indicator.baseline_value),
                    "target": chains.plain(progress.target),
                    "actual": chains.plain(progress.actual),
                    "measured_on": day(progress.measured_on) if progress.measured_on else None,
                    "share": chains.road_share(indicator),
                    "state": progress.state,
                    "state_label": chains.STATES[progress.state],
                    "periods": [
                        {
                            "start": day(period.start),
                            "end": day(period.end),
                            "target": chains.plain(period.target) or "—",
                            "actual": chains.plain(period.actual) or "—",
                        }
                        for period in indicator.public_periods
                    ],
                }
            )
        rows.append({"result": result, "level": chains.LEVELS.get(result.type, ""), "indicators": indicators})
    return rows


PARTNERS_PER_PAGE = 50  # a region's thousand partners on one page weighed more than the rest of the portal


@portal_page
def partner_list(request):
    # Not counted: the pages say "Page N" and go on while partners follow (counting the partners with
    # a public project probed all 5,000 of a national scale, 67 ms, before their figures were kept).
    page = OpenPage(
        queries.public_partners(), request.GET.get("page"), per_page=PARTNERS_PER_PAGE, counted=False
    )
    return render(request, "portal/partner_list.html", {"page": page, "partners": page.object_list})


@portal_page
def document_list(request):
    documents = queries.public_documents().order_by("-uploaded_at")
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(request, "portal/document_list.html", {"page": page})


@login_not_required
def document(request, pk):
    """A public document of a published project, and nothing else."""
    doc = get_object_or_404(queries.public_documents(), pk=pk)
    response = FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1]
    )
    response.headers["Content-Type"] = doc.content_type
    return response


@portal_page
def project_map(request):
    from sharaka.promotion.queries import map_opportunities

    points = queries.map_points()
    tiles = {"tiles_url": settings.PORTAL_MAP_TILES_URL, "tiles_credit": settings.PORTAL_MAP_ATTRIBUTION}
    context = {"points": points, "plot": _plot(points), "opportunities": map_opportunities(), **tiles}
    return render(request, "portal/map.html", context)


def _plot(points, width=600, height=400, margin=30):
    """SVG coordinates for the fallback plot: longitude → x, latitude → y (north up)."""
    if not points:
        return []
    lats = [float(p.latitude) for p in points]
    lngs = [float(p.longitude) for p in points]
    span_lat = (max(lats) - min(lats)) or 0.01
    span_lng = (max(lngs) - min(lngs)) or 0.01
    scale = min((width - 2 * margin) / span_lng, (height - 2 * margin) / span_lat)
    return [
        {
            "n": i,
            "x": round(margin + (float(p.longitude) - min(lngs)) * scale, 1),
            "y": round(height - margin - (float(p.latitude) - min(lats)) * scale, 1),
            "locality": p,
        }
        for i, p in enumerate(points, start=1)
    ]


@portal_page
def feedback(request):
    project = None
    if request.method == "POST":
        form = InquiryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if data.get("project"):
                project = Project.objects.public().filter(pk=data["project"]).first()
            if data["website"]:  # a robot: act as if all went well, keep nothing
                return redirect("portal:feedback_sent", reference="Q-0000-0000-00000")
            try:
                inquiry = services.inquiry_submit(
                    message=data["message"],
                    name=data["name"],
                    contact=data["contact"],
                    project=project,
                    language=translation.get_language(),
                    address=_client_address(request),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("portal:feedback_sent", reference=inquiry.reference)
    else:
        pk = request.GET.get("project", "")
        project = Project.objects.public().filter(pk=pk).first() if pk.isdigit() else None
        form = None
    return render(request, "portal/feedback.html", _inquiry_form_context(request, project, form))


LOOKUP_MISSES = 10  # references not found, per address (IPv6: per /64) and LOOKUP_WINDOW
LOOKUP_WINDOW = datetime.timedelta(hours=1)


@portal_page
def feedback_sent(request, reference):
    """An inquiry's page, found by its reference. Whoever asks for LOOKUP_MISSES references that do not
    exist within the hour is refused every look-up until the hour has passed: references are not guessed."""
    sender = address_group(request)
    if throttle.exceeded("inquiry_lookup", sender, limit=LOOKUP_MISSES, window=LOOKUP_WINDOW):
        return render(request, "portal/feedback_throttled.html", status=429)
    inquiry = Inquiry.objects.filter(reference=reference).only("reference", "status", "due_on").first()
    if inquiry is None:
        throttle.count("inquiry_lookup", sender)
    return render(request, "portal/feedback_sent.html", {"reference": reference, "inquiry": inquiry})


@portal_page
def open_data(request):
    context = {
        "columns": opendata.PROJECT_COLUMNS,
        "transaction_columns": opendata.TRANSACTION_COLUMNS,
        "agreement_columns": opendata.AGREEMENT_COLUMNS,
        "result_columns": opendata.RESULT_COLUMNS,
    }
    return render(request, "portal/open_data.html", context)


@login_not_required
def open_data_projects(request, fmt):
    return _open_data(opendata.projects(), opendata.PROJECT_COLUMNS, "projects", fmt)


@login_not_required
def open_data_transactions(request, fmt):
    return _open_data(opendata.transactions(), opendata.TRANSACTION_COLUMNS, "transactions", fmt)


@login_not_required
def open_data_agreements(request, fmt):
    return _open_data(opendata.agreements(), opendata.AGREEMENT_COLUMNS, "agreements", fmt)


@login_not_required
def open_data_results(request, fmt):
    return _open_data(opendata.results(), opendata.RESULT_COLUMNS, "results", fmt)


AGREEMENTS_PER_PAGE = 50


@portal_page
def agreement_list(request):
    # Not counted, as the partners: counting the signed agreements was most of the page's time at
    # region scale; "Page N" and "next" while agreements follow.
    page = OpenPage(
        queries.public_agreements(), request.GET.get("page"), per_page=AGREEMENTS_PER_PAGE, counted=False
    )
    return render(request, "portal/agreement_list.html", {"page": page})


def _open_data(queryset, columns, name, fmt):
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = guarded_stream(
            opendata.csv_chunks(queryset, columns), content_type="text/csv; charset=utf-8", name=name
        )
    elif fmt == "json":
        response = guarded_stream(
            opendata.json_chunks(queryset, columns), content_type="application/json", name=name
        )
    elif fmt == "xlsx":
        return FileResponse(
            opendata.xlsx_file(queryset, columns, title=name),
            as_attachment=True,
            filename=f"aourir-{name}-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response.headers["Content-Disposition"] = f'attachment; filename="aourir-{name}-{stamp}.{fmt}"'
    return response


@login_not_required
def iati_activities(request):
    return guarded_stream(
        fragments.activity_chunks(), content_type="application/xml; charset=utf-8", name="IATI activity file"
    )


@login_not_required
def iati_organisation(request):
    return guarded_stream(
        fragments.organisation_chunks(),
        content_type="application/xml; charset=utf-8",
        name="IATI organisation file",
    )


@portal_page
def ledger(request):
    return render(request, "portal/ledger.html", {"ledger": queries.ledger_head()})


LEDGER_FIELDS = ["id", "at", "action", "object_type", "previous_hash", "content_hash", "hash"]


def _ledger_json():
    yield '{"fields": ' + json.dumps(LEDGER_FIELDS) + ', "entries": ['
    for i, row in enumerate(queries.ledger_rows().iterator(chunk_size=2000)):
        values = [row[0], row[1].isoformat(), *row[2:]]
        yield ("," if i else "") + "\n" + json.dumps(dict(zip(LEDGER_FIELDS, values, strict=True)))
    yield "\n]}\n"


def _ledger_csv():
    out = opendata._Echo()
    writer_ = csv.writer(out)
    yield writer_.writerow(LEDGER_FIELDS)
    for row in queries.ledger_rows().iterator(chunk_size=2000):
        yield writer_.writerow([row[0], row[1].isoformat(), *(opendata.neutralise(v) for v in row[2:])])


@login_not_required
def ledger_download(request, fmt):
    if fmt == "json":
        response = guarded_stream(_ledger_json(), content_type="application/json", name="ledger")
    elif fmt != "csv":
        raise Http404
    else:
        response = guarded_stream(_ledger_csv(), content_type="text/csv; charset=utf-8", name="ledger")
    response.headers["Content-Disposition"] = f'attachment; filename="aourir-ledger.{fmt}"'
    return response


# --- the unit's pages (signed in) --------------------------------------------------------------------


def _require(request, capability):
    if not can(request.user, capability):
        raise PermissionDenied


def publishing(request):
    """Every project the unit could publish, with what stops it, in plain words."""
    _require(request, "portal.publish")
    projects = (
        Project.objects.active()
        .filter(status__in=FUNDED)
        .order_by("code")
        .prefetch_related("sectors", "localities", "participations__organisation", "budget_lines")
    )
    projects = list(projects)
    chains.attach(projects)  # the results the checks read: three queries for the page
    rows = [{"project": p, "problems": checks.problems(p)} for p in projects]
    return render(request, "portal/publishing.html", {"rows": rows})


@require_POST
def publish(request, pk):
    _require(request, "portal.publish")
    project = get_object_or_404(Project.objects.active(), pk=pk)
    from django.contrib import messages

    try:
        if request.POST.get("action") == "unpublish":
            services.project_unpublish(actor=request.user, project=project)
            messages.success(request, _("The project was withdrawn from the portal."))
        else:
            services.project_publish(actor=request.user, project=project)
            messages.success(request, _("The project is published on the portal."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("portal:publishing")


def inquiries(request):
    _require(request, "portal.publish")
    status = request.GET.get("status", "open")
    qs = Inquiry.objects.select_related("project").order_by("due_on", "id")
    if status == "open":
        qs = qs.filter(status__in=[Inquiry.Status.RECEIVED, Inquiry.Status.IN_REVIEW])
    if exports.requested(request):
        return exports.respond(request, qs, INQUIRY_COLUMNS, name="inquiries")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "portal/inquiries.html", {"page": page, "status": status, "today": timezone.localdate()}
    )


# The columns of the inquiries page, in its order, with the whole message (exports.respond).
INQUIRY_COLUMNS = [
    exports.Column(_l("Reference"), lambda q: q.reference),
    exports.Column(_l("Received"), lambda q: timezone.localtime(q.received_at).date()),
    exports.Column(_l("Answer due"), lambda q: q.due_on),
    exports.Column(_l("Status"), lambda q: q.get_status_display()),
    exports.Column(_l("Project"), lambda q: q.project.code if q.project else ""),
    exports.Column(_l("Message"), lambda q: q.message),
]


def inquiry_detail(request, pk):
    _require(request, "portal.publish")
    inquiry = get_object_or_404(Inquiry.objects.select_related("project", "answered_by"), pk=pk)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.inquiry_answer(
                    actor=request.user,
                    inquiry=inquiry,
                    status=form.cleaned_data["status"],
                    answer=form.cleaned_data["answer"],
                    publish=form.cleaned_data["answer_is_public"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                from django.contrib import messages

                messages.success(request, _("The inquiry was updated."))
                return redirect("portal:inquiries")
    else:
        form = AnswerForm(
            initial={
                "status": inquiry.status,
                "answer": inquiry.answer,
                "answer_is_public": inquiry.answer_is_public,
            }
        )
    return render(request, "portal/inquiry_detail.html", {"inquiry": inquiry, "form": form})
