from sharaka.core.testing import expect

URLS = {
    # Partner viewers and prefecture staff land on their own home page, not the unit's dashboard.
    "home": (None, expect(200)),
    "search": (None, expect(200, prefecture=403, partner_viewer=403)),
}
