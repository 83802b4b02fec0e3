"""Expected status of every named URL of the core app, per role (see core/tests/test_url_access.py)."""

from sharaka.core.testing import expect

URLS = {
    "set_language": (None, expect(405, anonymous=405)),  # POST only
    "audit_log": (None, expect(403, administrator=200, auditor=200)),
    "login": (None, expect(302, anonymous=200)),  # signed-in users are sent home
    "logout": (None, expect(405)),  # POST only; anonymous visitors are sent to sign in
    "password_change": (None, expect(200)),
    "password_change_done": (None, expect(200)),
    "password_reset": (None, expect(200, anonymous=200)),
    "password_reset_done": (None, expect(200, anonymous=200)),
    "password_reset_confirm": (lambda w: {"uidb64": "MQ", "token": "x-y"}, expect(200, anonymous=200)),
    "password_reset_complete": (None, expect(200, anonymous=200)),
    # The second factor's pages serve the administrator, the finance officer and the president only;
    # without an authenticator yet, the code and recovery pages send them to set one up.
    "two_factor_setup": (None, expect(403, administrator=200, finance_officer=200, president=200)),
    "two_factor_verify": (None, expect(403, administrator=302, finance_officer=302, president=302)),
    "two_factor_recovery": (None, expect(403, administrator=302, finance_officer=302, president=302)),
}

# What a POST does, per role (core/tests/test_url_access.py). Signing in, out, changing one's
# language or password touch the session and the user's own row, not the ledger: a status alone.
POSTS = {
    "set_language": (lambda w: {"language": "fr", "next": "/"}, expect(302, anonymous=302)),
    "login": (
        lambda w: {"username": "admin", "password": "pass-for-tests-only"},
        expect(302, anonymous=302),
    ),
    "logout": (None, expect(302, anonymous=302)),
    "password_change": (
        lambda w: {
            "old_password": "pass-for-tests-only",
            "new_password1": "a-much-longer-passphrase-2026",
            "new_password2": "a-much-longer-passphrase-2026",
        },
        expect(302),
    ),
    "password_reset": (lambda w: {"email": "nobody@example.org"}, expect(302, anonymous=302)),
    "password_reset_confirm": (None, expect(200, anonymous=200)),
    # A wrong code: the form again for the three roles (none set up yet in the walk), nothing written.
    "two_factor_setup": (
        lambda w: {"code": "000000"},
        expect(403, administrator=200, finance_officer=200, president=200),
    ),
    "two_factor_verify": (
        lambda w: {"code": "000000"},
        expect(403, administrator=302, finance_officer=302, president=302),
    ),
    "two_factor_recovery": (None, expect(403, administrator=302, finance_officer=302, president=302)),
}
GET_ONLY = {"audit_log", "password_change_done", "password_reset_done", "password_reset_complete"}
