"""URL expectations of the funding matching pages (merged by funding/url_expectations.py).

The world's project is ranked against the calls of `funding/testing.py` (`world_funding`): the commune's
staff read the rankings, partners and the prefecture get 404; the unit (administrator, cooperation
officer) alone sets the weights.
"""

from sharaka.core.testing import expect, page, wrote
from sharaka.funding.testing import world_funding


def _project(w):
    world_funding(w)
    return {"pk": w.project.pk}


def _call(w):
    return {"pk": world_funding(w)["lead_call"].pk}


READERS = expect(200, prefecture=404, partner_viewer=404)
UNIT = expect(403, administrator=200, cooperation_officer=200, prefecture=404, partner_viewer=404)

URLS: dict = {
    "funding_project_calls": (_project, READERS),
    "funding_call_projects": (_call, READERS),
    "funding_weights": (None, UNIT),
}
POSTS: dict = {
    "funding_weights": (
        page(lambda w: {"text": "4"}),
        expect(403, administrator=wrote(), cooperation_officer=wrote(), prefecture=404, partner_viewer=404),
    ),
}
GET_ONLY: set = {"funding_project_calls", "funding_call_projects"}
