"""The review of a partner's submission, declared once: the unit accepts it or returns it (with a
reason the partner reads). A returned document is not resubmitted: the partner sends a new one."""

from django.utils.translation import gettext_lazy as _

from sharaka.core.pipeline import Pipeline
from sharaka.partnerspace.models import Submission

S = Submission.Status
_UNIT = "partnerspace.review"  # administrator, cooperation officer

PIPELINE = Pipeline(
    history="partnerspace.SubmissionStatusChange",
    parent="submission",
    field="status",
    states=S,
    moves={
        (S.SUBMITTED, S.ACCEPTED): _UNIT,
        (S.SUBMITTED, S.RETURNED): _UNIT,
    },
    reason_required=frozenset({S.RETURNED}),
    cannot=_("This submission cannot go from “%(old)s” to “%(new)s”."),
)
