"""The one change matching makes: the unit's weights (validate, write, audit, one transaction)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharaka.core import audit
from sharaka.core.roles import can
from sharaka.core.services import check_version
from sharaka.funding.models import MatchingWeights

MAX_WEIGHT = 10


@transaction.atomic
def weights_save(*, actor, weights: dict, expected_version: int) -> MatchingWeights:
    """Set the weight (0-10) of every part of a match's score; at least one part must count."""
    if not can(actor, "funding.settings"):
        raise PermissionDenied(_("Only the cooperation unit sets the matching weights."))
    MatchingWeights.objects.get_or_create(pk=1)
    locked = MatchingWeights.objects.select_for_update().get(pk=1)
    check_version(locked, expected_version)
    errors = {}
    cleaned = {}
    for part in MatchingWeights.PARTS:
        value = weights.get(part)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_WEIGHT:
            errors[part] = _("Give a whole number between 0 and %(max)s.") % {"max": MAX_WEIGHT}
        else:
            cleaned[part] = value
    if errors:
        raise ValidationError(errors)
    if not any(cleaned.values()):
        raise ValidationError(_("At least one part must count: give one weight above 0."), code="all_zero")
    before = locked.as_dict()
    for part, value in cleaned.items():
        setattr(locked, part, value)
    locked.version += 1
    locked.full_clean()
    locked.save()
    audit.record(
        actor=actor, action="funding.weights_save", obj=locked, before=before, after=locked.as_dict()
    )
    return locked
