"""Who sees what in the partner workspace: one helper per question, used by every view and service.

A partner viewer reads for its organisation only (`partners.PartnerAccess`): the agreements it is a
party to (`agreements/access.py` decides), the obligations that bind it or the whole agreement, the
follow-ups of its organisation, its own submissions and threads. The unit (`partnerspace.review`)
reads every submission and thread. Everyone else: 404 (internal staff without the capability: 403).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.agreements import access as agreements_access
from sharaka.agreements.models import AgreementDocument, AgreementParty, Obligation
from sharaka.core.roles import can, is_internal
from sharaka.partners.models import FollowUp
from sharaka.partnerspace.models import Submission, Thread
from sharaka.projects.models import Project


def organisation_id(user) -> int | None:
    return agreements_access.partner_organisation_id(user)


def require_partner(user) -> int:
    """The partner viewer's organisation; 404 for anyone else (the pages are not theirs to know)."""
    org = organisation_id(user)
    if org is None:
        raise Http404
    return org


def require_unit(user) -> None:
    """The unit's pages: 403 for the commune's other staff, 404 for everyone outside."""
    if not can(user, "partnerspace.review"):
        if is_internal(user):
            raise PermissionDenied
        raise Http404


def agreements_for(user):
    return agreements_access.partner_agreements(user)


def obligations_for(user):
    """The obligations of the partner's agreements that bind its organisation or the agreement as a whole
    (no party named); never another party's."""
    org = organisation_id(user)
    if org is None:
        return Obligation.objects.none()
    return Obligation.objects.filter(agreement__in=agreements_for(user)).filter(
        Q(party__isnull=True) | Q(party__organisation_id=org)
    )


def parties_for(agreement):
    """The parties of the agreement, in order (the commune first); amounts are hidden in the template
    for every party other than the reader's and the commune (`shows_amount`)."""
    return AgreementParty.objects.filter(agreement=agreement).select_related("organisation")


def shows_amount(party, org) -> bool:
    return party.organisation_id is None or party.organisation_id == org


def documents_for(user, agreement):
    """The agreement's acts a party reads, and the documents its own accepted submissions became."""
    org = organisation_id(user)
    return AgreementDocument.objects.filter(agreement=agreement, superseded_by__isnull=True).filter(
        Q(kind__in=agreements_access.PARTNER_DOCUMENT_KINDS) | Q(submission__organisation_id=org)
    )


def follow_ups_for(user):
    """What the unit noted to do after meeting the partner's organisation."""
    org = organisation_id(user)
    if org is None:
        return FollowUp.objects.none()
    return FollowUp.objects.filter(interaction__organisation_id=org)


def projects_for(user):
    if organisation_id(user) is None:
        return Project.objects.none()
    return Project.objects.visible_to(user)


def submissions_for(user):
    org = organisation_id(user)
    if org is None:
        return Submission.objects.none()
    return Submission.objects.filter(organisation_id=org)


def get_submission_for(user, pk) -> Submission:
    """The unit reads every submission; a partner viewer its organisation's; 404 for anyone else."""
    queryset = Submission.objects.select_related(
        "obligation__agreement", "organisation", "submitted_by", "reviewed_by"
    )
    if can(user, "partnerspace.review"):
        return get_object_or_404(queryset, pk=pk)
    require_partner(user)
    return get_object_or_404(queryset.filter(organisation_id=organisation_id(user)), pk=pk)


def get_thread_for_unit(user, pk) -> Thread:
    require_unit(user)
    return get_object_or_404(Thread.objects.select_related("project", "organisation"), pk=pk)
