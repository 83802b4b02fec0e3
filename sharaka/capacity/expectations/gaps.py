"""Expected status per role of the gaps pages of the capacity app (merged by capacity/url_expectations.py)."""

URLS: dict = {}
POSTS: dict = {}
GET_ONLY: set = set()
