"""Expected status of every named URL of the funding app, per role (core/tests/test_url_access.py).

Each part declares its own in `funding/expectations/<part>.py`; they are merged here, and a name
declared twice fails. The world's funding objects are built by `funding/testing.py`.
"""

from sharaka.funding.expectations import applications, catalogue, matching, proposals

URLS: dict = {}
POSTS: dict = {}
GET_ONLY: set = set()
for _part in (catalogue, matching, applications, proposals):
    for _mine, _theirs in ((URLS, _part.URLS), (POSTS, _part.POSTS)):
        assert not set(_mine) & set(_theirs), f"declared twice: {sorted(set(_mine) & set(_theirs))}"
        _mine.update(_theirs)
    GET_ONLY |= _part.GET_ONLY
