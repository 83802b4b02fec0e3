"""Who may see and change events and their sponsors (the unit's pages). One helper per object.

The commune's staff (promotion.view) read events and sponsors; the unit (promotion.edit) records them.
Partners and the prefecture get 404; a reader asking to write gets 403. The public reads published
events through `public_events()` only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.core.roles import can
from sharaka.promotion.models import Event, Sponsorship


def require(user, capability: str) -> None:
    """403 for the commune's staff without this capability, 404 for everyone else."""
    if not can(user, capability):
        if can(user, "promotion.view"):
            raise PermissionDenied
        raise Http404


def get_event_for(user, pk, *, write: bool = False) -> Event:
    """The event asked for: 404 for those who may not see promotion, 403 for readers asking to write
    (and for anyone asking to change an archived event)."""
    if not can(user, "promotion.view"):
        raise Http404
    event = get_object_or_404(Event.objects.select_related("locality", "opportunity"), pk=pk)
    if write and (not can(user, "promotion.edit") or event.archived_at is not None):
        raise PermissionDenied
    return event


def get_sponsorship_for(user, event_pk, pk, *, write: bool = False) -> Sponsorship:
    event = get_event_for(user, event_pk, write=write)
    sponsorship = get_object_or_404(
        Sponsorship.objects.select_related("organisation", "event"), pk=pk, event=event
    )
    return sponsorship


def public_events():
    """The one definition of which events the public sees: published by the unit and not archived."""
    return Event.objects.filter(published_at__isnull=False, archived_at__isnull=True)
