"""Expected status of the token pages, per role (core/tests/test_url_access.py). The API's own
endpoints are walked by api/tests/test_api_access.py with tokens, from its literal table."""

from sharaka.core.testing import expect, wrote

# Every signed-in user may make tokens for themself; a visitor is sent to sign in.
URLS = {
    "api_tokens": (None, expect(200)),
    "api_token_revoke": (lambda w: {"pk": 999999}, expect(405)),  # POST only
}
POSTS = {
    "api_tokens": (lambda w: {"name": "Tableur des finances"}, expect(wrote(200))),
    # Nobody's token (another user's is the same 404): nothing to revoke.
    "api_token_revoke": (None, expect(404)),
}
GET_ONLY = set()
