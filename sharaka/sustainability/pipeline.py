"""The risk register's pipeline: a risk is open until someone who may edit its project closes it
(saying why), and may be reopened. Declared once; `services.risk_move` is the only way to move."""

from django.utils.translation import gettext_lazy as _

from sharaka.core.pipeline import Pipeline
from sharaka.sustainability.models import Risk


def _project_editor(user, risk) -> bool:
    """The unit (projects.edit_any) or the manager of the risk's project (projects.edit_own)."""
    from sharaka.projects.access import may_edit

    return risk.project.archived_at is None and may_edit(user, risk.project)


S = Risk.Status
MOVES = {
    (S.OPEN, S.CLOSED): _project_editor,
    (S.CLOSED, S.OPEN): _project_editor,
}

PIPELINE = Pipeline(
    history="sustainability.RiskStatusChange",
    parent="risk",
    field="status",
    states=S,
    moves=MOVES,
    cannot=_("A risk cannot go from “%(old)s” to “%(new)s”."),
    reason_required=frozenset({S.CLOSED}),
)
