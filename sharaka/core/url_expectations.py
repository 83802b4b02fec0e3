"""Expected status of every named URL of the core app, per role (see core/tests/test_url_access.py)."""

from sharaka.core.testing import expect

URLS = {
    "set_language": (None, expect(405, anonymous=405)),  # POST only
    "audit_log": (None, expect(403, administrator=200, auditor=200)),
    "healthz": (None, expect(200, anonymous=200)),
    "login": (None, expect(302, anonymous=200)),  # signed-in users are sent home
    "logout": (None, expect(405)),  # POST only; anonymous visitors are sent to sign in
    "password_change": (None, expect(200)),
    "password_change_done": (None, expect(200)),
    "password_reset": (None, expect(200, anonymous=200)),
    "password_reset_done": (None, expect(200, anonymous=200)),
    "password_reset_confirm": (lambda w: {"uidb64": "MQ", "token": "x-y"}, expect(200, anonymous=200)),
    "password_reset_complete": (None, expect(200, anonymous=200)),
}
