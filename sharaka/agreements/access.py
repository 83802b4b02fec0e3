"""Who may see and change agreements: one helper per question, used by every view."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.agreements.models import Agreement
from sharaka.core.roles import can


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
