"""Who may see and change a partner organisation: one helper, used by every partner view."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.core.roles import Role, can
from sharaka.partners.models import Organisation


def visible_organisations(user):
    if can(user, "partners.view"):
        return Organisation.objects.all()
    if user.is_authenticated and user.role == Role.PARTNER_VIEWER and hasattr(user, "partner_access"):
        return Organisation.objects.filter(pk=user.partner_access.organisation_id)
    return Organisation.objects.none()


def may_list(user) -> bool:
    """The commune's staff see every partner; a partner viewer sees the list of its own organisation."""
    return can(user, "partners.view") or (user.is_authenticated and user.role == Role.PARTNER_VIEWER)


def get_organisation_for(user, pk, write: bool = False, capability: str = "partners.edit") -> Organisation:
    """404 for those who may not see it, 403 for those who may only read it.

    `capability` names the right a write needs: editing the organisation by default,
    `partners.log_interaction` for the timeline.
    """
    org = get_object_or_404(visible_organisations(user), pk=pk)
    if write and not can(user, capability):
        raise PermissionDenied
    return org


def sees_internal(user) -> bool:
    """The timeline, the negotiation log and the internal notes are the commune's own: never a partner's."""
    return can(user, "partners.view")


def sees_contacts(user) -> bool:
    """Whether a user sees the people of a partner: their names, e-mails and phones.

    The one rule for every page, partial, export and search result that can show a contact: the
    partner page's contacts and "people met", the interaction form, the dashboard's recent changes
    and the search. The finance officer and council members see partners, not their people.
    """
    return can(user, "partners.view_contacts")


def require(user, capability: str) -> None:
    if not can(user, capability):
        if can(user, "partners.view"):
            raise PermissionDenied
        raise Http404
