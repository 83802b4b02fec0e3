"""Who may see and change agreements: one helper per question, used by every view."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.agreements.models import Agreement, AgreementParty
from sharaka.agreements.pipeline import DocumentKind
from sharaka.core.roles import Role, can


def may_see(user) -> bool:
    """The commune's staff see every agreement; the prefecture those transmitted to it."""
    return can(user, "agreements.view") or can(user, "agreements.prefecture")


def require(user, capability: str) -> None:
    """403 for those who may read agreements but not do this; 404 for those who may not even read them."""
    if not can(user, capability):
        if may_see(user):
            raise PermissionDenied
        raise Http404


def get_agreement_for(user, pk, write: bool = False) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.visible_to(user)
        .select_related("session", "owner", "parent")
        .prefetch_related("parties__organisation"),  # the road reads the parties' legal types often
        pk=pk,
    )
    if write and not can(user, "agreements.edit"):
        raise PermissionDenied
    return agreement


# --- partners (docs/partnerspace.md) ----------------------------------------------------------------
# A partner viewer reads, and only reads, the agreements its organisation is a party to, through the
# partner workspace (sharaka/partnerspace): the parties, its own and the commune's resources, the
# obligations that bind it or the agreement as a whole, and the documents of the kinds below. Never the
# internal road (reasons, owners), the negotiation log, the draft being negotiated, nor another
# funder's resources, obligations or documents. The staff pages stay closed to it (404), except the
# agreement's page, which sends it to its own view.

# The acts of the agreement a party reads: what the council decided, the authorities' visa or
# approval, the signed text and its posting. Drafts, the wali's consent, transmission receipts,
# objection letters and "other" papers stay with the commune.
PARTNER_DOCUMENT_KINDS = (
    DocumentKind.DECISION,
    DocumentKind.VISA,
    DocumentKind.TACIT_VISA,
    DocumentKind.APPROVAL,
    DocumentKind.SIGNED_TEXT,
    DocumentKind.POSTING,
)


def partner_organisation_id(user) -> int | None:
    """The organisation a partner viewer reads for, or None (not a partner viewer, or not linked)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role != Role.PARTNER_VIEWER:
        return None
    access = getattr(user, "partner_access", None)
    return access.organisation_id if access else None


def partner_agreements(user):
    """The agreements the partner viewer's organisation is a party to (none for anyone else)."""
    organisation_id = partner_organisation_id(user)
    if organisation_id is None:
        return Agreement.objects.none()
    parties = AgreementParty.objects.filter(organisation_id=organisation_id)
    return Agreement.objects.filter(pk__in=parties.values("agreement_id"))


def get_agreement_for_partner(user, pk) -> Agreement:
    """404 unless the user is a partner viewer whose organisation is a party to the agreement."""
    return get_object_or_404(partner_agreements(user), pk=pk)
