"""The partner workspace: a partner viewer's agreements, obligations, follow-ups, submissions and
messages; the unit's review of what partners send. Access: `partnerspace/access.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sharaka.agreements.access import get_agreement_for_partner
from sharaka.agreements.models import Obligation
from sharaka.core import uploads
from sharaka.core.forms import apply_errors
from sharaka.partnerspace import access, services
from sharaka.partnerspace.forms import MessageForm, ReviewForm, SubmissionForm
from sharaka.partnerspace.models import Message, Submission, Thread
from sharaka.partnerspace.pipeline import PIPELINE


def _own_submissions(user):
    return access.submissions_for(user).select_related("obligation").order_by("-submitted_at", "-id")


@require_http_methods(["GET", "HEAD"])
def home(request):
    """The partner's workspace: its agreements, what it owes, what the unit follows up, its messages."""
    org = access.require_partner(request.user)
    user = request.user
    agreements = access.agreements_for(user).order_by("-starts_on", "-id")
    obligations = (
        access.obligations_for(user)
        .filter(state=Obligation.State.OPEN)
        .select_related("agreement")
        .annotate(sent=Count("submissions", filter=Q(submissions__organisation_id=org)))
        .order_by("due_on", "id")
    )
    follow_ups = (
        access.follow_ups_for(user).select_related("interaction").order_by("done_at", "due_date")[:20]
    )
    threads = {t.project_id: t for t in Thread.objects.filter(organisation_id=org)}
    projects = list(access.projects_for(user).order_by("code"))
    for project in projects:
        project.thread = threads.get(project.pk)
    return render(
        request,
        "partnerspace/home.html",
        {
            "agreements": agreements,
            "obligations": obligations,
            "follow_ups": follow_ups,
            "projects": projects,
            "submissions": _own_submissions(user)[:10],
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "HEAD"])
def agreement(request, pk):
    """An agreement as a party reads it (agreements/access.py: what is shown and what is not)."""
    org = access.require_partner(request.user)
    agreement = get_agreement_for_partner(request.user, pk)
    parties = [(party, access.shows_amount(party, org)) for party in access.parties_for(agreement)]
    obligations = (
        access.obligations_for(request.user)
        .filter(agreement=agreement)
        .prefetch_related(
            Prefetch(
                "submissions",
                queryset=Submission.objects.filter(organisation_id=org).order_by("-submitted_at", "-id"),
                to_attr="own_submissions",
            )
        )
        .order_by("due_on", "id")
    )
    return render(
        request,
        "partnerspace/agreement.html",
        {
            "agreement": agreement,
            "parties": parties,
            "obligations": obligations,
            "documents": access.documents_for(request.user, agreement).order_by("uploaded_at", "id"),
            "projects": agreement.projects.filter(pk__in=access.projects_for(request.user).values("pk")),
        },
    )


@require_http_methods(["GET", "HEAD"])
def agreement_document(request, pk, document_pk):
    access.require_partner(request.user)
    agreement = get_agreement_for_partner(request.user, pk)
    document = get_object_or_404(access.documents_for(request.user, agreement), pk=document_pk)
    return uploads.serve(document.file, document.content_type)


@require_http_methods(["GET", "POST"])
def submit(request, pk):
    """Upload a report or document against an obligation: it goes to the unit's review, private."""
    access.require_partner(request.user)
    obligation = get_object_or_404(access.obligations_for(request.user).select_related("agreement"), pk=pk)
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES)
    else:
        form = SubmissionForm(initial={"title": obligation.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_create(
                actor=request.user,
                obligation=obligation,
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your document was sent. The commune's cooperation unit will review it; it stays private until then."
                ),
            )
            return redirect("partnerspace:agreement", pk=obligation.agreement_id)
    return render(request, "partnerspace/submit.html", {"form": form, "obligation": obligation})


@require_http_methods(["GET", "POST"])
def project_thread(request, pk):
    """The partner's conversation with the unit about one of its projects."""
    org = access.require_partner(request.user)
    project = get_object_or_404(access.projects_for(request.user), pk=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post_by_partner(
                actor=request.user, project=project, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your message was sent to the commune's cooperation unit."))
            return redirect("partnerspace:project_thread", pk=project.pk)
    thread = Thread.objects.filter(project=project, organisation_id=org).first()
    return render(
        request,
        "partnerspace/thread.html",
        {
            "project": project,
            "thread": thread,
            "thread_messages": _messages(thread),
            "form": form,
            "as_partner": True,
        },
    )


def _messages(thread):
    if thread is None:
        return Message.objects.none()
    return thread.messages.select_related("author").order_by("sent_at", "id")


@require_http_methods(["GET", "HEAD"])
def submission_file(request, pk):
    submission = access.get_submission_for(request.user, pk)
    return uploads.serve(submission.file, submission.content_type)


@require_http_methods(["GET", "HEAD"])
def review(request):
    """The unit's list: submissions waiting for review, threads waiting for an answer, recent decisions."""
    access.require_unit(request.user)
    base = Submission.objects.select_related("obligation__agreement", "organisation")
    return render(
        request,
        "partnerspace/review.html",
        {
            "waiting": base.filter(status=Submission.Status.SUBMITTED).order_by("submitted_at", "id"),
            "decided": base.exclude(status=Submission.Status.SUBMITTED).order_by("-reviewed_at", "-id")[:20],
            "threads": Thread.objects.select_related("project", "organisation").order_by(
                "-awaiting_unit", "-last_message_at", "-id"
            )[:50],
        },
    )


@require_http_methods(["GET", "POST"])
def submission(request, pk):
    access.require_unit(request.user)
    submission = access.get_submission_for(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_review(
                actor=request.user,
                submission=submission,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                public=form.cleaned_data["public"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded and the partner told by e-mail."))
            return redirect("partnerspace:review")
    return render(
        request,
        "partnerspace/submission.html",
        {
            "submission": submission,
            "form": form if submission.status == Submission.Status.SUBMITTED else None,
            "history": submission.status_changes.select_related("changed_by"),
            "label": PIPELINE.label,
        },
    )


@require_POST
def submission_public(request, pk):
    access.require_unit(request.user)
    submission = access.get_submission_for(request.user, pk)
    try:
        services.submission_set_public(
            actor=request.user, submission=submission, public=request.POST.get("public") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("partnerspace:submission", pk=submission.pk)


@require_http_methods(["GET", "POST"])
def thread(request, pk):
    """The unit reads a partner's thread and answers."""
    thread = access.get_thread_for_unit(request.user, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_reply(actor=request.user, thread=thread, body=form.cleaned_data["body"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your answer was sent; the partner is told by e-mail."))
            return redirect("partnerspace:thread", pk=thread.pk)
    return render(
        request,
        "partnerspace/thread.html",
        {
            "project": thread.project,
            "thread": thread,
            "thread_messages": _messages(thread),
            "form": form,
            "as_partner": False,
        },
    )


@login_not_required
@require_http_methods(["GET", "HEAD"])
def public_document(request, pk):
    """An accepted submission the unit made public: anyone may download it."""
    submission = get_object_or_404(
        Submission.objects.filter(status=Submission.Status.ACCEPTED, is_public=True), pk=pk
    )
    if not submission.file:
        raise Http404
    response = uploads.serve(submission.file, submission.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response
