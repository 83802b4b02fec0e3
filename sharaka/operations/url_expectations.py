"""Expected status of every named URL of the operations app, per role (core/tests/test_url_access.py)."""

from sharaka.core.testing import expect  # noqa: F401

URLS: dict = {}
POSTS: dict = {}
GET_ONLY: set = set()
