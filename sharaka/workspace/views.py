from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sharaka.agreements.models import Agreement, AgreementDocument
from sharaka.core import search as search_index
from sharaka.core.forms import apply_errors
from sharaka.core.roles import Role, can, is_internal
from sharaka.funding.models import Application
from sharaka.iati.models import ForeignActivity
from sharaka.partners.access import sees_contacts, sees_internal
from sharaka.partners.models import Contact, Interaction, Organisation
from sharaka.portal.models import Inquiry
from sharaka.projects.models import Document, Project
from sharaka.promotion.models import OpportunityInquiry
from sharaka.results import schedules as result_schedules
from sharaka.workspace import mywork, queries, services
from sharaka.workspace.forms import DigestForm

SEARCH_LIMIT = 20


@login_not_required
def home(request):
    user = request.user
    if not user.is_authenticated:  # citizens land on the public portal
        return redirect("portal:home")
    if user.role == Role.PARTNER_VIEWER:
        access = getattr(user, "partner_access", None)
        projects = (
            Project.objects.visible_to(user).active().select_related("manager").order_by("code")
            if access
            else Project.objects.none()
        )
        return render(
            request,
            "workspace/partner_home.html",
            {"organisation": access.organisation if access else None, "projects": projects},
        )
    if not can(user, "dashboard.view"):
        return render(request, "workspace/external_home.html", {})
    counts = queries.status_counts()
    status_rows, status_max = queries.projects_by_status(counts)
    area_rows, area_max = queries.projects_by_theme("area")
    objective_rows, objective_max = queries.projects_by_theme("objective")
    follow_ups, today = queries.follow_ups_due(user, everyone=can(user, "partners.edit"))
    context = {
        "totals": queries.totals(counts),
        "status_rows": status_rows,
        "status_max": status_max,
        "area_rows": area_rows,
        "area_max": area_max,
        "objective_rows": objective_rows,
        "objective_max": objective_max,
        "follow_ups": follow_ups,
        "today": today,
        "recent": queries.recent_changes(with_contacts=sees_contacts(user)),
    }
    if can(user, "agreements.view"):
        context["obligations"], context["obligations_count"] = queries.obligations_due()
    # Reports due (results/schedules.py): the user's own, and the unit's overdue count.
    context["due_reports"], context["due_reports_count"] = result_schedules.due_for(user, today)
    if can(user, "results.not_reported"):
        context["reports_overdue"] = result_schedules.overdue(today).count()
    if can(user, "finance.view"):
        context["late_tranches"], context["late_tranches_count"] = queries.late_tranches()
        context["late_tranches_cap"] = queries.LATE_TRANCHES_CAP
    if can(user, "sustainability.view"):
        context["risks"], context["warnings_count"] = queries.top_risks()
        context["warnings_cap"] = queries.WARNINGS_CAP
    if can(user, "partnerspace.review"):  # partners' documents to review and messages to answer
        from sharaka.partnerspace.queries import waiting_count

        context["partner_waiting"] = waiting_count()
    if can(user, "funding.view"):
        context["application_deadlines"], context["application_deadlines_count"] = (
            queries.application_deadlines(today)
        )
    return render(request, "workspace/home.html", context)


def search(request):
    if not can(request.user, "search.use"):
        raise PermissionDenied
    q = (request.GET.get("q") or "").strip()[:200]
    results = {}
    if q:
        user = request.user
        # Who sees which kind: the access rules of each kind's own pages.
        kinds = ["project", "organisation", "agreement", "document", "agreement_document"]
        kinds += ["application"] if can(user, "funding.view") else []
        kinds += ["contact"] if sees_contacts(user) else []
        kinds += ["interaction"] if sees_internal(user) else []
        kinds += ["inquiry"] if can(user, "portal.publish") else []  # who answers citizens (portal/views.py)
        # who answers the inquiries about opportunities (promotion/views_inquiries.py)
        kinds += ["opportunity_inquiry"] if can(user, "promotion.edit") else []
        kinds += ["iati_activity"] if can(user, "iati.view") else []  # other publishers' activities
        found = search_index.Matches(q, kinds)
        results = {name: list(rows[:SEARCH_LIMIT]) for name, rows in _results(user, found, kinds).items()}
    template = (
        "workspace/search.html#results" if request.headers.get("HX-Request") else "workspace/search.html"
    )
    return render(
        request,
        template,
        {"q": q, "results": results, "found": any(results.values()), "limit": SEARCH_LIMIT},
    )


def _results(user, found, kinds) -> dict:
    """Each kind's matches the user may open, in the order its section lists them."""
    results = {
        "projects": Project.objects.filter(pk__in=found.ids("project")).order_by("code"),
        "organisations": Organisation.objects.filter(pk__in=found.ids("organisation")),
    }
    if "application" in kinds:
        results["applications"] = (
            Application.objects.filter(pk__in=found.ids("application"))
            .select_related("project", "call__funder")
            .order_by("-updated_at", "-id")
        )
    if "contact" in kinds:
        results["contacts"] = Contact.objects.filter(pk__in=found.ids("contact")).select_related(
            "organisation"
        )
    agreements = Agreement.objects.visible_to(user)
    results["agreements"] = agreements.filter(pk__in=found.ids("agreement")).order_by("-id")
    if "interaction" in kinds:
        results["interactions"] = (
            Interaction.objects.filter(pk__in=found.ids("interaction"))
            .select_related("organisation")
            .order_by("-date", "-id")
        )
    documents = Document.objects.filter(project__in=Project.objects.visible_to(user))
    if not is_internal(user):
        documents = documents.filter(
            visibility__in=[Document.Visibility.PARTNERS, Document.Visibility.PUBLIC]
        )
    results["documents"] = (
        documents.filter(pk__in=found.ids("document"))
        .select_related("project")
        .order_by("-uploaded_at", "-id")
    )
    results["agreement_documents"] = (
        AgreementDocument.objects.filter(agreement__in=agreements, pk__in=found.ids("agreement_document"))
        .select_related("agreement")
        .order_by("-uploaded_at", "-id")
    )
    if "inquiry" in kinds:
        results["inquiries"] = Inquiry.objects.filter(pk__in=found.ids("inquiry")).order_by("-received_at")
    if "opportunity_inquiry" in kinds:
        results["opportunity_inquiries"] = (
            OpportunityInquiry.objects.filter(pk__in=found.ids("opportunity_inquiry"))
            .select_related("opportunity", "organisation")
            .order_by("-received_at", "-id")
        )
    if "iati_activity" in kinds:
        results["iati_activities"] = (
            ForeignActivity.objects.filter(pk__in=found.ids("iati_activity"))
            .select_related("reporting_org")
            .order_by("-start_year", "identifier")
        )
    return results


def _require_staff(user):
    """My work is the commune's staff's page, like the dashboard: partners and the prefecture get 403."""
    if not can(user, "dashboard.view"):
        raise PermissionDenied


def _render_my_work(request, form, status=200):
    today = timezone.localdate()
    groups = mywork.work_of(request.user, today)
    count, overdue = mywork.totals(groups)
    context = {
        "groups": groups,
        "count": count,
        "overdue": overdue,
        "today": today,
        "horizon": mywork.HORIZON_DAYS,
        "form": form,
    }
    return render(request, "workspace/my_work.html", context, status=status)


def my_work(request):
    _require_staff(request.user)
    return _render_my_work(request, DigestForm(initial={"digest": request.user.digest}))


@require_POST
def my_work_digest(request):
    _require_staff(request.user)
    form = DigestForm(request.POST)
    if form.is_valid():
        try:
            changed = services.user_set_digest(actor=request.user, digest=form.cleaned_data["digest"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if changed:
                messages.success(request, _("Your digest choice was saved."))
            return redirect("my_work")
    return _render_my_work(request, form, status=200)
