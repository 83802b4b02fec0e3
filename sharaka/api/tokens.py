"""Creating and revoking personal API tokens: one function per action, each in the ledger."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.api.models import ApiToken
from sharaka.core import audit
from sharaka.lib.text import clean_text

PREFIX = "shk_"
# A person rarely needs more than a handful; a leaked session should not be able to mint hundreds.
MAX_LIVE_TOKENS = 10


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token for `actor`: returns it and its key, which is shown once and never stored."""
    name = clean_text(name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if ApiToken.objects.live().filter(user=actor).count() >= MAX_LIVE_TOKENS:
        raise ValidationError(
            {
                "name": _("You already have %(count)d tokens: revoke one you no longer use.")
                % {"count": MAX_LIVE_TOKENS}
            }
        )
    key = PREFIX + secrets.token_urlsafe(40)
    token = ApiToken.objects.create(user=actor, name=name, prefix=key[:10], digest=digest(key))
    audit.record(
        actor=actor, action="api.token.create", obj=token, after={"name": name, "prefix": token.prefix}
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api.token.revoke", obj=locked, before={"name": locked.name})
    return locked
