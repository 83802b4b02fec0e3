"""The road of a citizen's inquiry, declared once: received, in review, answered, closed.

`services.inquiry_answer` is the only way to move an inquiry, through `PIPELINE` (core/pipeline.py),
which refuses an undeclared move and writes the history. The unit that answers citizens
(`portal.publish`: administrator, cooperation officer) makes every move.
"""

from django.utils.translation import gettext_lazy as _

from sharaka.core.pipeline import Pipeline
from sharaka.portal.models import Inquiry

S = Inquiry.Status
_ANSWERERS = "portal.publish"

PIPELINE = Pipeline(
    history="portal.InquiryStatusChange",
    parent="inquiry",
    field="status",
    states=S,
    moves={
        (S.RECEIVED, S.IN_REVIEW): _ANSWERERS,
        (S.RECEIVED, S.ANSWERED): _ANSWERERS,
        (S.RECEIVED, S.CLOSED): _ANSWERERS,
        (S.IN_REVIEW, S.ANSWERED): _ANSWERERS,
        (S.IN_REVIEW, S.CLOSED): _ANSWERERS,
        (S.ANSWERED, S.CLOSED): _ANSWERERS,
    },
    cannot=_("This inquiry cannot go from “%(old)s” to “%(new)s”."),
    error_field="status",
)
