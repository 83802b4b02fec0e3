"""The life of an opportunity, declared once: drafted by the unit, open to partners, in discussion with
one, taken when a partner commits; an open or discussed offer may be closed, and a discussion that
comes to nothing reopens it. Every move is the unit's (`promotion.edit`) and leaves a history row.

Being on the portal is not a status: the unit publishes an open or discussed opportunity
(`services.opportunity_publish`), and `Opportunity.objects.public()` decides what the public sees."""

from django.utils.translation import gettext_lazy as _

from sharaka.core.pipeline import Pipeline
from sharaka.promotion.models import Opportunity

S = Opportunity.Status
_UNIT = "promotion.edit"  # administrator, cooperation officer

PIPELINE = Pipeline(
    history="promotion.OpportunityStatusChange",
    parent="opportunity",
    field="status",
    states=S,
    moves={
        (S.DRAFT, S.OPEN): _UNIT,
        (S.OPEN, S.IN_DISCUSSION): _UNIT,
        (S.IN_DISCUSSION, S.TAKEN): _UNIT,
        (S.IN_DISCUSSION, S.OPEN): _UNIT,
        (S.OPEN, S.CLOSED): _UNIT,
        (S.IN_DISCUSSION, S.CLOSED): _UNIT,
    },
    reason_required=frozenset({S.CLOSED}),
    cannot=_("This opportunity cannot go from “%(old)s” to “%(new)s”."),
)
