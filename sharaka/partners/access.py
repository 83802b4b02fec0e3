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


def get_organisation_for(user, pk, write: bool = False) -> Organisation:
    """404 for those who may not see it, 403 for those who may only read it."""
    org = get_object_or_404(visible_organisations(user), pk=pk)
    if write and not can(user, "partners.edit"):
        raise PermissionDenied
    return org


def require(user, capability: str) -> None:
    if not can(user, capability):
        if can(user, "partners.view"):
            raise PermissionDenied
        raise Http404
