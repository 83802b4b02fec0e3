"""Every change the portal makes: publish and withdraw projects, receive and answer citizens' inquiries.
Each validates, writes and records its audit entry in one transaction."""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.core import audit, search
from sharaka.core.roles import can
from sharaka.lib.client_ip import network_of
from sharaka.portal import checks, pipeline
from sharaka.portal.models import Inquiry
from sharaka.projects import figures
from sharaka.projects.models import Project

ANSWER_DAYS = 20  # law 31-13 on access to information: an answer within 20 working days at most
RATE_LIMIT = 5  # inquiries per address
RATE_WINDOW = datetime.timedelta(hours=1)


def _require(actor, capability):
    if not can(actor, capability):
        raise PermissionDenied


@transaction.atomic
def project_publish(*, actor, project: Project) -> Project:
    """Put a project on the portal, in the open data and in the IATI file, if every check passes."""
    _require(actor, "portal.publish")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    found = checks.problems(locked)
    if found:
        raise ValidationError(found, code="not_publishable")
    if locked.published_at is None:
        counted = figures.project_before(locked.pk)  # its partners' public projects (the portal's list)
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at", "updated_at"])
        audit.record(
            actor=actor, action="project.publish", obj=locked, after={"published_at": locked.published_at}
        )
        figures.after(counted)
    return locked


@transaction.atomic
def project_unpublish(*, actor, project: Project, reason: str = "") -> Project:
    _require(actor, "portal.publish")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.published_at is not None:
        before = {"published_at": locked.published_at}
        counted = figures.project_before(locked.pk)
        locked.published_at = None
        locked.save(update_fields=["published_at", "updated_at"])
        audit.record(actor=actor, action="project.unpublish", obj=locked, before=before, reason=reason)
        figures.after(counted)
    return locked


REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # 26 signs without look-alikes (0/O, 1/I, 2/Z, 5/S, 8/B)
REFERENCE_LENGTH = 13  # 26**13 ≈ 2**61: a reference cannot be guessed, and look-ups are throttled too


def _new_reference() -> str:
    """`Q-XXXX-XXXX-XXXXX`: 13 random signs read and typed in groups. (References given before, like
    `Q-2612-ABCDE`, stay valid: a look-up matches the whole reference as written.)"""
    signs = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"Q-{signs[:4]}-{signs[4:8]}-{signs[8:]}"


@transaction.atomic
def inquiry_submit(
    *, message: str, name: str = "", contact: str = "", project=None, language: str = "ar", address=None
) -> Inquiry:
    """Record a citizen's message and give back a reference; at most RATE_LIMIT per address per hour
    (an IPv6 address counts with its whole /64)."""
    message = (message or "").strip()
    if len(message) < 10:
        raise ValidationError({"message": _("Please write a message of at least 10 characters.")})
    if project is not None and not Project.objects.public().filter(pk=project.pk).exists():
        raise ValidationError(_("This project is not on the portal."))
    network = network_of(address) or ""
    if network:
        since = timezone.now() - RATE_WINDOW
        if Inquiry.objects.filter(sender_network=network, received_at__gte=since).count() >= RATE_LIMIT:
            raise ValidationError(
                _("You have sent several messages in the last hour. Please try again later."),
                code="rate_limited",
            )
    reference = _new_reference()
    while Inquiry.objects.filter(reference=reference).exists():
        reference = _new_reference()
    inquiry = Inquiry.objects.create(
        reference=reference,
        project=project,
        name=name.strip()[:150],
        contact=contact.strip()[:150],
        message=message,
        language=language,
        sender_address=address,
        sender_network=network,
        due_on=timezone.localdate() + datetime.timedelta(days=ANSWER_DAYS),
    )
    pipeline.PIPELINE.start(actor=None, obj=inquiry)
    search.index_object("inquiry", inquiry)
    # The ledger names the inquiry and its status, never the sender's name, contact or message.
    audit.record(actor=None, action="inquiry.submit", obj=inquiry, after={"status": inquiry.status})
    return inquiry


@transaction.atomic
def inquiry_answer(
    *, actor, inquiry: Inquiry, status: str, answer: str = "", publish: bool = False
) -> Inquiry:
    """Move an inquiry along its road; answering needs an answer, publishing needs a project."""
    _require(actor, "portal.publish")
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    moves = status != locked.status
    if moves:
        pipeline.PIPELINE.check(actor=actor, obj=locked, to=status)
    answer = (answer or "").strip()
    if status == Inquiry.Status.ANSWERED and not answer:
        raise ValidationError({"answer": _("Write the answer before marking the inquiry answered.")})
    if publish and locked.project_id is None:
        raise ValidationError(
            {"answer_is_public": _("Only an answer about a project can be published with it.")}
        )
    before = {"status": locked.status, "answer_is_public": locked.answer_is_public}
    locked.answer = answer or locked.answer
    locked.answer_is_public = publish and bool(locked.answer)
    if status == Inquiry.Status.ANSWERED and locked.answered_at is None:
        locked.answered_at = timezone.now()
        locked.answered_by = actor
    if moves:
        pipeline.PIPELINE.move(actor=actor, obj=locked, to=status)
    else:
        locked.save()
    audit.record(
        actor=actor,
        action="inquiry.answer",
        obj=locked,
        before=before,
        after={"status": locked.status, "answer_is_public": locked.answer_is_public},
    )
    return locked
