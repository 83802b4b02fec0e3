"""Who may read and do what on the IATI pages (capabilities in core/roles.py)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sharaka.core.roles import can, is_internal


def require(user, capability: str) -> None:
    """403 for the commune's staff without this capability; partners and the prefecture do not learn
    these pages exist (404)."""
    if not can(user, capability):
        if is_internal(user):
            raise PermissionDenied
        raise Http404
