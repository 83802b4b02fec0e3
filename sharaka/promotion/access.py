"""Who sees the unit's side of the catalogue: the commune's staff read it (`promotion.view`), the
cooperation unit changes it (`promotion.edit`); internal staff without the capability get 403,
everyone outside the commune 404. The public side reads `Opportunity.objects.public()` only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.core.roles import can, is_internal
from sharaka.promotion.models import Opportunity


def require(user, capability: str = "promotion.view") -> None:
    if not can(user, capability):
        if is_internal(user):
            raise PermissionDenied
        raise Http404


def get_opportunity_for(user, pk, *, write: bool = False) -> Opportunity:
    """The opportunity for the unit's pages: 404 outside the commune, 403 for staff who may only read
    when `write` is asked."""
    require(user, "promotion.view")
    opportunity = get_object_or_404(Opportunity.objects.select_related("locality", "owner"), pk=pk)
    if write:
        require(user, "promotion.edit")
    return opportunity


def may_edit(user) -> bool:
    return can(user, "promotion.edit")
