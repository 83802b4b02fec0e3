"""Per-address and per-account limits on actions anyone can repeat: counted in the database, so every
server process sees the same count (sign-in failures are counted by django-axes, in its own tables)."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from sharaka.core.models import ThrottleEvent


def key_of(value: str) -> str:
    """A stable key for a personal value (an e-mail address) that does not keep the value itself."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


@transaction.atomic
def allow(*limits: tuple[str, str | None, int], window: datetime.timedelta) -> bool:
    """Count one attempt under every `(scope, key, limit)` if none has reached its limit within `window`.

    Returns False, and counts nothing, when one has; a None key (no address known) is not limited.
    """
    now = timezone.now()
    since = now - window
    limits = tuple((scope, key, limit) for scope, key, limit in limits if key)
    for scope, _key, _limit in limits:
        ThrottleEvent.objects.filter(scope=scope, at__lt=since).delete()
    for scope, key, limit in limits:
        if ThrottleEvent.objects.filter(scope=scope, key=key, at__gte=since).count() >= limit:
            return False
    ThrottleEvent.objects.bulk_create(
        [ThrottleEvent(scope=scope, key=key, at=now) for scope, key, _ in limits]
    )
    return True


def exceeded(scope: str, key: str | None, *, limit: int, window: datetime.timedelta) -> bool:
    """Whether `key` already made `limit` attempts under `scope` within `window` (counts nothing)."""
    if not key:
        return False
    since = timezone.now() - window
    return ThrottleEvent.objects.filter(scope=scope, key=key, at__gte=since).count() >= limit


def count(scope: str, key: str | None) -> None:
    """Count one attempt under `scope` (e.g. a miss, counted only when it happens)."""
    if key:
        ThrottleEvent.objects.create(scope=scope, key=key)
