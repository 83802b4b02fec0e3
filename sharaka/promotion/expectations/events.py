"""Expected status per role of the events pages of the promotion app (merged by promotion/url_expectations.py)."""

URLS: dict = {}
POSTS: dict = {}
GET_ONLY: set = set()
