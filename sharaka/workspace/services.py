"""The workspace's one business action: a person chooses their e-mail digest."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharaka.core import audit
from sharaka.core.models import User


def user_set_digest(*, actor, digest: str) -> bool:
    """Set the actor's own digest ('' none, 'daily', 'weekly'), into the ledger. False when unchanged."""
    if digest not in User.Digest.values:
        raise ValidationError({"digest": _("Choose one of the offered digests.")})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        before = user.digest
        if before == digest:
            return False
        user.digest = digest
        user.save(update_fields=["digest"])
        audit.record(
            actor=actor, action="user.digest", obj=user, before={"digest": before}, after={"digest": digest}
        )
    actor.digest = digest
    return True
