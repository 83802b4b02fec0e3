"""The agreements pages. Every object view goes through `access`; rules live in the services."""

import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.agreements import access, drafts, pipeline, services
from sharaka.agreements.forms import (
    AgreementForm,
    AmendForm,
    DelegationForm,
    DocumentForm,
    ListFilterForm,
    MoveForm,
    ObligationForm,
    PartyForm,
    PlanActionForm,
)
from sharaka.agreements.models import (
    TAKEN_REFERENCE,
    Agreement,
    AgreementDocument,
    AgreementParty,
    Obligation,
    PlanAction,
    holidays_around,
)
from sharaka.agreements.pipeline import Status
from sharaka.core import exports, uploads
from sharaka.core.forms import apply_errors
from sharaka.core.multilingual import best
from sharaka.core.roles import can

PAGE_SIZE = 25
SOON_DAYS = 14
DEADLINE_STATES = [
    Status.ON_AGENDA,
    Status.IN_COMMITTEE,
    Status.DELIBERATED,
    Status.OBJECTION_WINDOW,
    Status.VISA_PENDING,
    Status.SIGNED,
]


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _deadline(agreement, holidays, today):
    """(label, day, overdue) of the legal deadline that applies now, or None."""
    from sharaka.agreements.ics import DEADLINE_LABELS

    found = agreement.next_deadline(holidays)
    if not found:
        return None
    what, day = found
    return {"label": DEADLINE_LABELS[what](), "day": day, "overdue": day < today}


def agreement_list(request):
    if not access.may_see(request.user):
        raise Http404
    today = timezone.localdate()
    visible = Agreement.objects.visible_to(request.user)
    filters = ListFilterForm(request.GET, agreements=visible)
    agreements = filters.filter(visible, today)
    agreements = agreements.select_related("session").prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation"))
    )
    holidays = holidays_around(today)
    if exports.requested(request):
        rows = [(a, _deadline(a, holidays, today)) for a in agreements[: exports.MAX_ROWS + 1]]
        return exports.respond(request, rows, EXPORT_COLUMNS, name="agreements")
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(a, _deadline(a, holidays, today)) for a in page.object_list]
    return render(
        request,
        "agreements/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "filtered": any(value for name, value in request.GET.items() if name != "page"),
            "may_create": can(request.user, "agreements.edit"),
        },
    )


def _deadline_text(deadline) -> str:
    if not deadline:
        return ""
    return f"{deadline['label']}: {deadline['day'].isoformat()}"


# The columns of the list page, in its order; a row is (agreement, its next deadline) (exports.respond).
EXPORT_COLUMNS = [
    exports.Column(_l("Agreement"), lambda row: best(row[0], "title")),
    exports.Column(_l("Reference"), lambda row: row[0].reference),
    exports.Column(_l("Type"), lambda row: row[0].get_kind_display()),
    exports.Column(
        _l("Partners"),
        lambda row: "; ".join(
            str(p.organisation.acronym or p.organisation) for p in row[0].parties.all() if p.organisation
        ),
    ),
    exports.Column(_l("State"), lambda row: row[0].get_status_display()),
    exports.Column(_l("Next deadline"), lambda row: _deadline_text(row[1])),
]


def soon_ids(agreements, today) -> list[int]:
    """Agreements with a legal deadline or an open obligation within 14 days, or overdue."""
    limit = today + datetime.timedelta(days=SOON_DAYS)
    holidays = holidays_around(today)
    ids = set(
        Obligation.objects.filter(
            agreement__in=agreements, state=Obligation.State.OPEN, due_on__lte=limit
        ).values_list("agreement_id", flat=True)
    )
    candidates = agreements.filter(status__in=DEADLINE_STATES).select_related("session")
    for agreement in candidates.prefetch_related("parties__organisation"):
        found = agreement.next_deadline(holidays)
        if found and found[1] <= limit:
            ids.add(agreement.pk)
    return sorted(ids)


# Moves that close the road by a decision: no legal deadline runs for them.
_UNTIMED = {Status.ABANDONED, Status.TERMINATED, Status.LAPSED, Status.CLOSED}


def _next_steps(agreement, deadline) -> list[dict]:
    """Every move open from where the agreement stands, whoever may make it: its label, the roles
    who make it (none: the clock makes it when the deadline passes) and the legal deadline it is due by."""
    from sharaka.core.roles import Role

    states, current = agreement.road, agreement.status
    out = []
    for to in pipeline.moves_from(states, current):
        roles = pipeline.roles_for(states, current, to)
        out.append(
            {
                "label": Status(to).label,
                "who": _either([str(Role(role).label) for role in Role if role in roles]),
                "deadline": None if to in _UNTIMED else deadline,
            }
        )
    return out


def _either(names: list[str]) -> str:
    """Names joined as "A, B or C", with the Arabic comma in Arabic."""
    if len(names) < 2:
        return "".join(names)
    comma = "، " if translation.get_language() == "ar" else ", "
    return _("%(names)s or %(last)s") % {"names": comma.join(names[:-1]), "last": names[-1]}


def _road_context(user, agreement, move_form=None) -> dict:
    today = timezone.localdate()
    holidays = holidays_around(today)
    history = list(agreement.status_changes.select_related("changed_by").order_by("changed_at", "id"))
    previous = history[-1].old_status if history else ""
    deadline = _deadline(agreement, holidays, today)
    steps = []
    for state, where in pipeline.steps(agreement.road, agreement.status, previous):
        steps.append(
            {
                "label": Status(state).label,
                "state": where,
                "deadline": deadline if where == "current" else None,
            }
        )
    moves = [(to, Status(to).label) for to in services.allowed_moves(user, agreement)]
    next_steps = _next_steps(agreement, deadline)
    needs_session = any(to == Status.ON_AGENDA for to, _label in moves)
    needs_decision = any(to == Status.DELIBERATED for to, _label in moves)
    return {
        "agreement": agreement,
        "steps": steps,
        "deadline": deadline,
        "history": history,
        "moves": moves,
        "next_steps": next_steps,
        "needs_session": needs_session,
        "needs_decision": needs_decision,
        "needs_document": any(
            to in pipeline.REQUIRED_DOCUMENT and to != Status.VISA_TACIT for to, _l in moves
        ),
        "move_form": move_form or MoveForm(auto_id="move_%s"),
    }


def _render_detail(request, agreement, *, move_form=None, status=200):
    user = request.user
    parties = agreement.parties.select_related("organisation")
    context = {
        **_road_context(user, agreement, move_form),
        "parties": parties,
        "projects": agreement.projects.all(),
        "documents": agreement.documents.select_related("uploaded_by", "superseded_by"),
        "obligations": agreement.obligations.select_related("owner", "party__organisation"),
        "amendments": agreement.amendments.all(),
        "twinning": agreement.kind in services.TWINNING_KINDS,
        "delegations": agreement.delegations.all(),
        "plan_actions": agreement.plan_actions.select_related("owner"),
        "may_edit": can(user, "agreements.edit") and agreement.status not in pipeline.ENDS,
        "may_change_parties": can(user, "agreements.edit")
        and agreement.status not in pipeline.DELIBERATED_OR_LATER
        and agreement.status not in pipeline.ENDS,
        "may_amend": can(user, "agreements.edit")
        and agreement.status in pipeline.DELIBERATED_OR_LATER
        and agreement.status not in pipeline.ENDS
        and agreement.kind != "amendment",
        "today": timezone.localdate(),
    }
    return render(request, "agreements/detail.html", context, status=status)


def agreement_detail(request, pk):
    if access.partner_organisation_id(request.user) is not None:  # a party reads its own view of it
        return redirect("partnerspace:agreement", pk=access.get_agreement_for_partner(request.user, pk).pk)
    agreement = access.get_agreement_for(request.user, pk)
    return _render_detail(request, agreement)


@require_http_methods(["GET", "POST"])
def agreement_create(request):
    access.require(request.user, "agreements.edit")
    form = AgreementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                actor=request.user,
                data=form.agreement_data(),
                partners=form.cleaned_data["partners"],
                projects=form.cleaned_data["projects"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except IntegrityError:
            form.add_error("reference", TAKEN_REFERENCE)
        else:
            messages.success(request, _("The agreement was created."))
            return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form, "agreement": None})


@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = access.get_agreement_for(request.user, pk, write=True)
    form = AgreementForm(
        request.POST if request.method == "POST" else None, instance=Agreement.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                actor=request.user,
                agreement=agreement,
                data=form.agreement_data(),
                expected_version=form.cleaned_data["version"],
                projects=form.cleaned_data["projects"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except IntegrityError:
            form.add_error("reference", TAKEN_REFERENCE)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form, "agreement": agreement})


@require_http_methods(["GET", "POST"])
def agreement_party(request, pk):
    agreement = access.get_agreement_for(request.user, pk, write=True)
    form = PartyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_party_set(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The party's resources were saved."))
            return redirect(agreement)
    return render(
        request,
        "agreements/simple_form.html",
        {"form": form, "agreement": agreement, "heading": _("A party and its resources")},
    )


@require_POST
def agreement_advance(request, pk):
    """Move along the road. With htmx, answer with the road block alone; without, redirect."""
    agreement = access.get_agreement_for(request.user, pk)
    form = MoveForm(request.POST, request.FILES, auto_id="move_%s")
    if form.is_valid():
        try:
            agreement = services.agreement_advance(
                actor=request.user,
                agreement=agreement,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                document=form.cleaned_data["document"],
                session=form.cleaned_data["session"],
                decision_number=form.cleaned_data["decision_number"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            agreement = access.get_agreement_for(request.user, pk)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal) or _("Your role may not make this move."))
            agreement = access.get_agreement_for(request.user, pk)
        else:
            if _is_htmx(request):
                agreement = access.get_agreement_for(request.user, pk)
                context = _road_context(request.user, agreement)
                return render(request, "agreements/partials/road.html", {**context, "moved": True})
            messages.success(
                request,
                _("The agreement moved to “%(status)s”.") % {"status": agreement.get_status_display()},
            )
            return redirect(agreement)
    if _is_htmx(request):
        context = _road_context(request.user, agreement, form)
        return render(request, "agreements/partials/road.html", {**context, "refused": True})
    return _render_detail(request, agreement, move_form=form)


@require_http_methods(["GET", "POST"])
def agreement_amend(request, pk):
    agreement = access.get_agreement_for(request.user, pk, write=True)
    initial = {k: getattr(agreement, k) for k in services.AMENDABLE_FIELDS}
    form = AmendForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.agreement_amend(
                actor=request.user,
                agreement=agreement,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                reference=form.cleaned_data["reference"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except IntegrityError:
            form.add_error("reference", TAKEN_REFERENCE)
        else:
            messages.success(
                request, _("The amendment was created. It takes the same road as the agreement.")
            )
            return redirect(amendment)
    return render(
        request,
        "agreements/simple_form.html",
        {"form": form, "agreement": agreement, "heading": _("Amend the agreement")},
    )


@require_http_methods(["GET", "POST"])
def agreement_document_add(request, pk):
    agreement = access.get_agreement_for(request.user, pk, write=True)
    form = (
        DocumentForm(request.POST or None, request.FILES or None)
        if request.method == "POST"
        else DocumentForm()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_document_add(
                actor=request.user,
                agreement=agreement,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The document was added. An older one of the same type is kept, marked superseded."),
            )
            return redirect(agreement)
    return render(
        request,
        "agreements/simple_form.html",
        {"form": form, "agreement": agreement, "heading": _("Add a document"), "multipart": True},
    )


@require_http_methods(["GET", "HEAD"])
def agreement_document_download(request, pk, document_pk):
    agreement = access.get_agreement_for(request.user, pk)
    document = get_object_or_404(AgreementDocument, pk=document_pk, agreement=agreement)
    return uploads.serve(document.file, document.content_type)


@require_http_methods(["GET"])
def agreement_draft(request, pk):
    """The draft of the agreement as DOCX, in ?language=ar|fr|en (default: the reader's language).

    Whoever may read the agreement may download its draft; like other downloads, it is not audited."""
    agreement = access.get_agreement_for(request.user, pk)
    language = request.GET.get("language", "")
    if language not in drafts.LANGUAGES:
        language = (translation.get_language() or "ar").split("-")[0]
        language = language if language in drafts.LANGUAGES else "ar"
    response = FileResponse(
        io.BytesIO(drafts.build(agreement, language)),
        as_attachment=True,
        filename=drafts.filename(agreement, language),
        content_type=drafts.CONTENT_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def obligation_add(request, pk):
    agreement = access.get_agreement_for(request.user, pk, write=True)
    form = ObligationForm(request.POST if request.method == "POST" else None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.obligation_add(actor=request.user, agreement=agreement, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The obligation was added."))
            return redirect(agreement)
    return render(
        request,
        "agreements/simple_form.html",
        {"form": form, "agreement": agreement, "heading": _("Add an obligation")},
    )


@require_POST
def obligation_done(request, pk, obligation_pk):
    agreement = access.get_agreement_for(request.user, pk, write=True)
    obligation = get_object_or_404(Obligation, pk=obligation_pk, agreement=agreement)
    try:
        services.obligation_set_state(actor=request.user, obligation=obligation, state=Obligation.State.DONE)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The obligation is marked done."))
    return redirect(agreement)


def prefecture_inbox(request):
    """The prefecture's desk: what was transmitted, what awaits its objection or visa, with the deadlines."""
    access.require(request.user, "agreements.prefecture")
    today = timezone.localdate()
    holidays = holidays_around(today)
    waiting = (
        Agreement.objects.transmitted()
        .filter(status__in=[Status.TRANSMITTED, Status.OBJECTION_WINDOW, Status.VISA_PENDING])
        .select_related("session")
        .prefetch_related(Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation")))
    )
    done = Agreement.objects.transmitted().exclude(pk__in=waiting.values("pk")).order_by("-updated_at")[:50]
    rows = [(a, _deadline(a, holidays, today)) for a in waiting.order_by("transmitted_on", "id")]
    return render(request, "agreements/inbox.html", {"rows": rows, "done": done})


def _twinning_form(request, pk, form_class, service, heading, done_message):
    agreement = access.get_agreement_for(request.user, pk, write=True)
    if agreement.kind not in services.TWINNING_KINDS:
        raise Http404
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, agreement=agreement, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done_message)
            return redirect(agreement)
    return render(
        request, "agreements/simple_form.html", {"form": form, "agreement": agreement, "heading": heading}
    )


@require_http_methods(["GET", "POST"])
def delegation_add(request, pk):
    return _twinning_form(
        request,
        pk,
        DelegationForm,
        services.delegation_add,
        _("Add a delegation or visit"),
        _("The visit was recorded."),
    )


@require_http_methods(["GET", "POST"])
def plan_action_add(request, pk):
    return _twinning_form(
        request,
        pk,
        PlanActionForm,
        services.plan_action_add,
        _("Add an action to the joint plan"),
        _("The action was added."),
    )


@require_POST
def plan_action_state(request, pk, action_pk):
    agreement = access.get_agreement_for(request.user, pk, write=True)
    action = get_object_or_404(PlanAction, pk=action_pk, agreement=agreement)
    try:
        services.plan_action_set_state(actor=request.user, action=action, state=request.POST.get("state", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(agreement)


def obligations_due(request):
    """What is due within 30 days or overdue, across agreements: obligations and joint-plan actions."""
    access.require(request.user, "agreements.view")
    today = timezone.localdate()
    limit = today + datetime.timedelta(days=30)
    mine = request.GET.get("mine") == "1"
    obligations = Obligation.objects.filter(state=Obligation.State.OPEN, due_on__lte=limit).select_related(
        "agreement", "owner", "party__organisation"
    )
    actions = (
        PlanAction.objects.exclude(state=PlanAction.State.DONE)
        .filter(due_on__lte=limit)
        .select_related("agreement", "owner")
    )
    if mine:
        obligations = obligations.filter(owner=request.user)
        actions = actions.filter(owner=request.user)
    rows = sorted(
        [(o.due_on, o.title, o.get_kind_display(), o.agreement, o.owner) for o in obligations]
        + [(a.due_on, a.title, _("Joint action plan"), a.agreement, a.owner) for a in actions],
        key=lambda row: (row[0], str(row[1])),
    )
    return render(request, "agreements/obligations_due.html", {"rows": rows, "today": today, "mine": mine})
