"""Expected status of every named URL of the promotion app, per role (core/tests/test_url_access.py).

Each part declares its own in `promotion/expectations/<part>.py`; they are merged here, and a name
declared twice fails.
"""

from sharaka.promotion.expectations import catalogue, events, inquiries

URLS: dict = {}
POSTS: dict = {}
GET_ONLY: set = set()
for _part in (catalogue, inquiries, events):
    for _mine, _theirs in ((URLS, _part.URLS), (POSTS, _part.POSTS)):
        assert not set(_mine) & set(_theirs), f"declared twice: {sorted(set(_mine) & set(_theirs))}"
        _mine.update(_theirs)
    GET_ONLY |= _part.GET_ONLY
