"""Expected status of every named URL of the operations app, per role (core/tests/test_url_access.py)."""

from sharaka.core.testing import expect

URLS = {
    # The running installation: the administrator's only (core/roles.py "operations.view").
    "operations:home": (None, expect(403, administrator=200)),
}
POSTS: dict = {}
GET_ONLY: set = {"operations:home"}
