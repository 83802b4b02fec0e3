from sharaka.core.testing import expect

URLS = {
    # Partner viewers and prefecture staff land on their own home page, not the unit's dashboard.
    # Anonymous visitors are sent to the public portal.
    "home": (None, expect(200, anonymous=302)),
    "search": (None, expect(200, prefecture=403, partner_viewer=403)),
}

# Both pages only read (core/tests/test_url_access.py): a POST writes nothing.
POSTS = {}
GET_ONLY = {"home", "search"}
