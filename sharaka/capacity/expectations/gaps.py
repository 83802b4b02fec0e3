"""Expected status per role of the gaps pages of the capacity app (merged by capacity/url_expectations.py).

The dashboard is the unit's (capacity.view: administrator, cooperation officer, president, auditor;
the commune's other staff 403, outside 404). The gap matrix and the plan are open to all the
commune's staff, each reader seeing only the rows they may read (capacity/access.py); outside 404.
"""

from sharaka.core.testing import expect

URLS: dict = {
    "capacity:home": (
        None,
        expect(
            200,
            finance_officer=403,
            project_manager=403,
            council_member=403,
            prefecture=404,
            partner_viewer=404,
        ),
    ),
    "capacity:gaps": (None, expect(200, prefecture=404, partner_viewer=404)),
    "capacity:plan": (None, expect(200, prefecture=404, partner_viewer=404)),
}
POSTS: dict = {}
GET_ONLY: set = {"capacity:home", "capacity:gaps", "capacity:plan"}
