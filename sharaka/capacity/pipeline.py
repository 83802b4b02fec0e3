"""A training's road, declared once: planned, then held (once its last day has come) or cancelled (with a
reason). Nothing comes back: a cancelled training that happens after all is recorded again."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharaka.capacity.models import Training
from sharaka.core.pipeline import Pipeline

S = Training.Status
_UNIT = "capacity.manage"  # administrator, cooperation officer

PIPELINE = Pipeline(
    history="capacity.TrainingStatusChange",
    parent="training",
    field="status",
    states=S,
    moves={
        (S.PLANNED, S.HELD): _UNIT,
        (S.PLANNED, S.CANCELLED): _UNIT,
    },
    reason_required=frozenset({S.CANCELLED}),
    error_field="to",
    cannot=_("This training cannot go from “%(old)s” to “%(new)s”."),
)


def may_be_held(training: Training, today=None) -> bool:
    """A training is marked held only once its last day has come."""
    return training.ends_on <= (today or timezone.localdate())


def allowed_targets(user, training: Training) -> list[str]:
    """The moves this person may make now (held only once the training has ended)."""
    return [to for to in PIPELINE.allowed_targets(user, training) if to != S.HELD or may_be_held(training)]
