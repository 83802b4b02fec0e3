"""The two small pipelines of an agreement's follow-up, declared once: obligations and the actions of
a twinning's joint plan. `services.obligation_set_state` and `services.plan_action_set_state` move
them through core/pipeline.py, which refuses an undeclared move and writes the history.
"""

from django.utils.translation import gettext_lazy as _

from sharaka.agreements.models import Obligation, PlanAction
from sharaka.core.pipeline import Pipeline, any_of

OB = Obligation.State
_UNIT = "agreements.edit"  # administrator, cooperation officer


def _tranche_call_settled_by_money(user, obligation) -> bool:
    """The money decides a tranche call: a receipt recorded against it marks it done, its reversal opens
    it again (finance.services._settle_tranche_call), in the finance officer's hands."""
    from sharaka.core.roles import can

    return obligation.kind == Obligation.Kind.TRANCHE and can(user, "finance.edit")


OBLIGATION = Pipeline(
    history="agreements.ObligationStateChange",
    parent="obligation",
    field="state",
    states=OB,
    moves={
        (OB.OPEN, OB.DONE): any_of(_UNIT, _tranche_call_settled_by_money),
        (OB.DONE, OB.OPEN): any_of(_UNIT, _tranche_call_settled_by_money),
        (OB.OPEN, OB.CANCELLED): _UNIT,
        (OB.CANCELLED, OB.OPEN): _UNIT,
    },
    cannot=_("This obligation cannot go from “%(old)s” to “%(new)s”."),
)

A = PlanAction.State

PLAN_ACTION = Pipeline(
    history="agreements.PlanActionStateChange",
    parent="action",
    field="state",
    states=A,
    moves={
        (A.PLANNED, A.UNDER_WAY): _UNIT,
        (A.PLANNED, A.DONE): _UNIT,
        (A.UNDER_WAY, A.DONE): _UNIT,
        (A.UNDER_WAY, A.PLANNED): _UNIT,
        (A.DONE, A.UNDER_WAY): _UNIT,
    },
    cannot=_("This action cannot go from “%(old)s” to “%(new)s”."),
)
