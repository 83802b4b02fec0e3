"""Council sessions: list, creation, the session page with its agenda and readiness, attendance, votes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.agreements import access, council
from sharaka.agreements.forms import AttendanceForm, SessionForm, VoteForm
from sharaka.agreements.models import CouncilSession, MemberVote
from sharaka.agreements.pipeline import DocumentKind
from sharaka.core.forms import apply_errors
from sharaka.core.roles import can
from sharaka.lib.text import isolate


def session_list(request):
    access.require(request.user, "agreements.view")
    sessions = CouncilSession.objects.annotate(item_count=Count("items"))
    return render(
        request,
        "agreements/session_list.html",
        {
            "sessions": sessions,
            "may_create": can(request.user, "council.manage"),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def session_create(request):
    access.require(request.user, "council.manage")
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = council.session_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The session was created."))
            return redirect(session)
    return render(request, "agreements/simple_form.html", {"form": form, "heading": _("New council session")})


def _session_page(request, session, *, attendance_form=None, status=200):
    today = timezone.localdate()
    items = session.items.select_related("agreement").prefetch_related(
        Prefetch("votes", queryset=MemberVote.objects.order_by("id"))
    )
    readiness = []
    for item in items:
        has_draft = None
        if item.agreement_id:
            has_draft = item.agreement.documents.filter(
                kind=DocumentKind.DRAFT, superseded_by__isnull=True
            ).exists()
        readiness.append((item, has_draft))
    return render(
        request,
        "agreements/session_detail.html",
        {
            "session": session,
            "readiness": readiness,
            "today": today,
            "may_manage": can(request.user, "council.manage"),
            "may_vote": can(request.user, "council.record_votes"),
            "attendance_form": attendance_form
            or AttendanceForm(
                initial={
                    "convocation": session.convocation,
                    "members_present": session.members_present,
                    "version": session.version,
                },
                auto_id="attendance_%s",
            ),
        },
        status=status,
    )


def session_detail(request, pk):
    access.require(request.user, "agreements.view")
    session = get_object_or_404(CouncilSession, pk=pk)
    return _session_page(request, session)


@require_POST
def session_attendance(request, pk):
    access.require(request.user, "council.manage")
    session = get_object_or_404(CouncilSession, pk=pk)
    form = AttendanceForm(request.POST, auto_id="attendance_%s")
    if form.is_valid():
        try:
            council.session_attendance(
                actor=request.user,
                session=session,
                convocation=form.cleaned_data["convocation"],
                members_present=form.cleaned_data["members_present"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect(session)
    return _session_page(request, session, attendance_form=form)


@require_http_methods(["GET", "POST"])
def item_vote(request, pk, item_pk):
    access.require(request.user, "council.record_votes")
    session = get_object_or_404(CouncilSession, pk=pk)  # then its item (a key too big for the
    item = get_object_or_404(session.items.select_related("session"), pk=item_pk)  # database: 404)
    form = VoteForm(request.POST if request.method == "POST" else None, initial={"majority": item.majority})
    if request.method == "POST" and form.is_valid():
        try:
            council.item_vote(
                actor=request.user,
                item=item,
                votes=form.cleaned_data["votes"],
                majority=form.cleaned_data["majority"],
                decision_number=form.cleaned_data["decision_number"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The vote was recorded."))
            return redirect(item.session)
    return render(
        request,
        "agreements/simple_form.html",
        {
            "form": form,
            "heading": _("Roll-call: %(item)s") % {"item": isolate(item)},
            "session": item.session,
        },
    )
