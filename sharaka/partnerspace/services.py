"""The partner workspace's business actions: a partner submits a document against an obligation, the
unit reviews it (accept, return, make public), and either side writes in a project's thread. Each
action validates, writes in one transaction with its audit entry, and sends its e-mails on commit."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.agreements.models import AgreementDocument, Obligation
from sharaka.agreements.pipeline import DocumentKind
from sharaka.core import audit, uploads
from sharaka.core.roles import Role, can
from sharaka.lib.text import clean_text
from sharaka.operations.mail import send_on_commit
from sharaka.partnerspace import access
from sharaka.partnerspace.models import Message, Submission, Thread
from sharaka.partnerspace.pipeline import PIPELINE

# What a partner may upload: office documents, spreadsheets and pictures (core/uploads.py checks them).
SUBMISSION_FILE = uploads.PROJECT_DOCUMENT
MAX_MESSAGE = 4000


# --- who is told ----------------------------------------------------------------------------------


def _unit_addresses():
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, role__in=[Role.ADMINISTRATOR, Role.COOPERATION_OFFICER])
        .exclude(email="")
        .values_list("email", "language")
    )


def _partner_addresses(organisation_id):
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            is_active=True, role=Role.PARTNER_VIEWER, partner_access__organisation_id=organisation_id
        )
        .exclude(email="")
        .values_list("email", "language")
    )


def _mail_on_commit(recipients, subject, body, values: dict) -> None:
    """One e-mail per person, in that person's language, queued for the worker once the transaction commits.
    `subject` and `body` are lazy strings with %(name)s placeholders filled from `values`."""
    letters = []
    for address, language in recipients:
        with translation.override(language or settings.LANGUAGE_CODE):
            letters.append((str(subject) % values, str(body) % values, address))
    for letter_subject, letter_body, address in letters:
        send_on_commit(letter_subject, letter_body, address)


def _link(name, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


# --- submissions ----------------------------------------------------------------------------------


def submission_create(*, actor, obligation: Obligation, title: str, note: str = "", upload) -> Submission:
    """A partner viewer sends a report or document against an obligation that concerns its organisation.
    It lands in the unit's review, private, until the unit accepts it."""
    organisation_id = access.organisation_id(actor)
    if organisation_id is None or not access.obligations_for(actor).filter(pk=obligation.pk).exists():
        raise PermissionDenied
    if obligation.state != Obligation.State.OPEN:
        raise ValidationError(
            _("This obligation is no longer open: write to the unit instead."), code="obligation_closed"
        )
    title = clean_text(title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    checked = uploads.check(upload, SUBMISSION_FILE, field="file")
    upload.name = checked.name
    with transaction.atomic():
        submission = Submission.objects.create(
            obligation=obligation,
            organisation_id=organisation_id,
            title=title[:200],
            note=clean_text(note or "", multiline=True).strip(),
            file=upload,
            file_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            submitted_by=actor,
        )
        PIPELINE.start(actor=actor, obj=submission)
        audit.record(
            actor=actor,
            action="partnerspace.submission_create",
            obj=submission,
            after={
                "obligation": obligation.pk,
                "organisation": organisation_id,
                "file": checked.name,
                "sha256": checked.sha256,
            },
        )
        _mail_on_commit(
            _unit_addresses(),
            gettext_lazy("A partner sent a document: %(title)s"),
            gettext_lazy(
                "%(organisation)s sent “%(title)s” for the obligation “%(obligation)s”. It waits for your "
                "review: %(link)s"
            ),
            {
                "title": submission.title,
                "organisation": submission.organisation,
                "obligation": obligation.title,
                "link": _link("partnerspace:submission", pk=submission.pk),
            },
        )
    return submission


def submission_review(
    *, actor, submission: Submission, to: str, reason: str = "", public: bool = False
) -> Submission:
    """The unit accepts a submission (it becomes a document of the agreement, public only if asked) or
    returns it with a reason the partner reads."""
    reason = clean_text(reason or "", multiline=True).strip()
    with transaction.atomic():
        locked = Submission.objects.select_for_update().select_related("obligation").get(pk=submission.pk)

        def apply(obj, old):
            obj.reviewed_by = actor
            obj.reviewed_at = timezone.now()
            obj.review_note = reason
            if to == Submission.Status.ACCEPTED:
                obj.document = AgreementDocument.objects.create(
                    agreement_id=obj.obligation.agreement_id,
                    kind=DocumentKind.OTHER,
                    title=obj.title,
                    file=obj.file.name,  # the same stored file, unchanged (its checksum says so)
                    content_type=obj.content_type,
                    size=obj.size,
                    sha256=obj.sha256,
                    uploaded_by=obj.submitted_by,
                )
                obj.is_public = bool(public)

        change = PIPELINE.move(actor=actor, obj=locked, to=to, reason=reason, apply=apply)
        audit.record(
            actor=actor,
            action="partnerspace.submission_review",
            obj=locked,
            before={"status": change.old_status},
            after={"status": to, "public": locked.is_public, "document": locked.document_id},
            reason=change.reason,
        )
        accepted = to == Submission.Status.ACCEPTED
        _mail_on_commit(
            _partner_addresses(locked.organisation_id),
            gettext_lazy("Your document was accepted: %(title)s")
            if accepted
            else gettext_lazy("Your document was returned: %(title)s"),
            gettext_lazy("The commune's cooperation unit accepted “%(title)s”. %(link)s")
            if accepted
            else gettext_lazy("The commune's cooperation unit returned “%(title)s”: %(reason)s %(link)s"),
            {
                "title": locked.title,
                "reason": change.reason,
                "link": _link("partnerspace:agreement", pk=locked.obligation.agreement_id),
            },
        )
    return locked


def submission_set_public(*, actor, submission: Submission, public: bool) -> Submission:
    """The unit shows an accepted document on the public portal, or takes it off."""
    if not can(actor, "partnerspace.review"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Submission.Status.ACCEPTED:
            raise ValidationError(_("Only an accepted document can be made public."), code="not_accepted")
        before = locked.is_public
        locked.is_public = bool(public)
        locked.save(update_fields=["is_public"])
        audit.record(
            actor=actor,
            action="partnerspace.submission_public",
            obj=locked,
            before={"public": before},
            after={"public": locked.is_public},
        )
    return locked


# --- messages -------------------------------------------------------------------------------------


def _body(body: str) -> str:
    body = clean_text(body or "", multiline=True).strip()
    if not body:
        raise ValidationError({"body": _("Write a message first.")})
    if len(body) > MAX_MESSAGE:
        raise ValidationError({"body": _("A message holds at most %(n)s characters.") % {"n": MAX_MESSAGE}})
    return body


def message_post_by_partner(*, actor, project, body: str) -> Message:
    """A partner viewer writes to the unit about a project its organisation takes part in."""
    organisation_id = access.organisation_id(actor)
    if organisation_id is None or not access.projects_for(actor).filter(pk=project.pk).exists():
        raise PermissionDenied
    body = _body(body)
    with transaction.atomic():
        thread, _created = Thread.objects.select_for_update().get_or_create(
            project=project, organisation_id=organisation_id
        )
        message = _append(thread, actor, body, from_partner=True)
        _mail_on_commit(
            _unit_addresses(),
            gettext_lazy("A message from %(organisation)s about %(project)s"),
            gettext_lazy("%(organisation)s wrote about %(project)s:\n\n%(body)s\n\nAnswer: %(link)s"),
            {
                "organisation": thread.organisation,
                "project": project.code,
                "body": body,
                "link": _link("partnerspace:thread", pk=thread.pk),
            },
        )
    return message


def message_reply(*, actor, thread: Thread, body: str) -> Message:
    """The unit answers a partner in the thread of a project."""
    if not can(actor, "partnerspace.review"):
        raise PermissionDenied
    body = _body(body)
    with transaction.atomic():
        locked = (
            Thread.objects.select_for_update().select_related("project", "organisation").get(pk=thread.pk)
        )
        message = _append(locked, actor, body, from_partner=False)
        _mail_on_commit(
            _partner_addresses(locked.organisation_id),
            gettext_lazy("The commune answered you about %(project)s"),
            gettext_lazy("The commune's cooperation unit wrote about %(project)s:\n\n%(body)s\n\n%(link)s"),
            {
                "project": locked.project.code,
                "body": body,
                "link": _link("partnerspace:project_thread", pk=locked.project_id),
            },
        )
    return message


def _append(thread: Thread, actor, body: str, *, from_partner: bool) -> Message:
    message = Message.objects.create(thread=thread, author=actor, from_partner=from_partner, body=body)
    thread.last_message_at = message.sent_at
    thread.awaiting_unit = from_partner
    thread.save(update_fields=["last_message_at", "awaiting_unit"])
    audit.record(
        actor=actor,
        action="partnerspace.message",
        obj=message,
        after={"thread": thread.pk, "from_partner": from_partner, "length": len(body)},
    )
    return message
