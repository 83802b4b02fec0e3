"""URL expectations of the funding applications pages (merged by funding/url_expectations.py)."""

URLS: dict = {}
POSTS: dict = {}
GET_ONLY: set = set()
