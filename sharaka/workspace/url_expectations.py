from sharaka.core.testing import expect, wrote

URLS = {
    # Partner viewers and prefecture staff land on their own home page, not the unit's dashboard.
    # Anonymous visitors are sent to the public portal.
    "home": (None, expect(200, anonymous=302)),
    "search": (None, expect(200, prefecture=403, partner_viewer=403)),
    # A person's own work: the commune's staff only, like the search page.
    "my_work": (None, expect(200, prefecture=403, partner_viewer=403)),
    "my_work_digest": (None, expect(405)),
}

# Choosing one's digest writes one ledger entry; the other pages only read.
POSTS = {
    "my_work_digest": (lambda w: {"digest": "daily"}, expect(wrote(), prefecture=403, partner_viewer=403)),
}
GET_ONLY = {"home", "search", "my_work"}
