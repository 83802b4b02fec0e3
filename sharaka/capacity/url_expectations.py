"""Expected status of every named URL of the capacity app, per role (core/tests/test_url_access.py).

Each part declares its own in `capacity/expectations/<part>.py`; they are merged here, and a name
declared twice fails.
"""

from sharaka.capacity.expectations import gaps, staff, trainings

URLS: dict = {}
POSTS: dict = {}
GET_ONLY: set = set()
for _part in (staff, trainings, gaps):
    for _mine, _theirs in ((URLS, _part.URLS), (POSTS, _part.POSTS)):
        assert not set(_mine) & set(_theirs), f"declared twice: {sorted(set(_mine) & set(_theirs))}"
        _mine.update(_theirs)
    GET_ONLY |= _part.GET_ONLY
