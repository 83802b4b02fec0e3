"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

- One Chromium for the whole run; one context and page per language (ar-MA or fr-MA) and screen
  (desktop 1280x800, phone 375x812), kept for the run; `open_page` clears the cookies first.
- The Aourir demo is loaded once, after the test database is created, and kept as a snapshot.
  Every test is transactional (the live server answers from another thread, so it must see
  committed data) and starts by restoring the snapshot, whatever the previous test created:
  with the in-memory SQLite test database that is a page copy through SQLite's backup API
  (milliseconds); on another database, Django's serialised copy is loaded back (seconds).
- Playwright's sync API runs an event loop in the test thread, so Django's ORM needs
  DJANGO_ALLOW_ASYNC_UNSAFE there (set by `make e2e`, and below for a bare `pytest e2e`).
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

from django.core.servers.basehttp import WSGIServer  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402

from e2e.pages import AXE, forget_errors, watch  # noqa: E402

CHROMIUM = os.environ.get("SHARAKA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCALES = {"ar": "ar-MA", "fr": "fr-MA"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}

# Every browser test: marked and transactional. Use as `pytestmark = E2E` in each test module.
E2E = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class DemoSnapshot:
    """The test database right after the demo was loaded, and the way back to it."""

    def __init__(self):
        from django.db import connection

        from sharaka.core.testing import sqlite_copy

        self.connection = connection
        self.in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
        if self.in_memory:
            connection.ensure_connection()
            self.copy = sqlite_copy(connection.connection)
        else:
            self.copy = connection.creation.serialize_db_to_string()

    def restore(self) -> None:
        if self.in_memory:
            self.connection.ensure_connection()
            self.copy.backup(self.connection.connection)
        else:  # empty it without re-creating content types and permissions, then load the copy back
            from django.core.management import call_command

            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database=self.connection.alias,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            self.connection.creation.deserialize_db_from_string(self.copy)


class _OneRequestAtATime(WSGIServer):
    """The live server answers one request at a time. Its threads would otherwise share the in-memory
    SQLite connection of the tests, which fails when a page asks for several images at once ("bad
    parameter or other API misuse"). Django closes each connection of a server without threads."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture(scope="session")
def _demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media_root(settings, _demo_media):
    """The demo's files (opportunity photos, certificates, evidence) are written once with the demo:
    every browser test reads and writes them there (the unit tests take a fresh folder each)."""
    settings.MEDIA_ROOT = _demo_media


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, _demo_media):
    """The test database with the Aourir demo, loaded once for the whole run."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_demo_media):
        load_demo()
        return DemoSnapshot()


@pytest.fixture(autouse=True)
def _from_the_demo(request, demo_snapshot):
    """Each browser test starts from the demo as loaded (after pytest-django's own set-up)."""
    if "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        demo_snapshot.restore()


@pytest.fixture(autouse=True)
def _second_factor_as_in_production(settings):
    """The administrator, finance officer and president type a code after their password, as in
    production (the unit tests run without it unless they turn it on)."""
    settings.SECOND_FACTOR_REQUIRED = True


def load_demo() -> None:
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


# The demo accounts the journeys sign in with (sharaka/demo/data/people.py), and their roles.
DEMO_USERS = {
    "admin": "administrator",
    "officer": "cooperation_officer",
    "finance": "finance_officer",
    "manager": "project_manager",
    "president": "president",
    "council": "council_member",
    "prefecture": "prefecture",
    "auditor": "auditor",
    "partner.undp": "partner_viewer",
}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _pages(browser, live_server):
    """One browser context and page per language and screen for the whole run.

    A new context and page cost one to two seconds on 2 cores (a renderer process starts), so
    they are kept; tests do not share what matters: `open_page` clears the cookies (session,
    CSRF, language) and blanks the page before handing it out, so every test starts signed out
    with no language chosen, and its JavaScript errors are its own.
    """
    opened = {}

    def get(lang: str, phone: bool):
        if (lang, phone) not in opened:
            context = browser.new_context(
                locale=LOCALES[lang],
                viewport=PHONE if phone else DESKTOP,
                is_mobile=phone,
                has_touch=phone,
                bypass_csp=True,  # axe-core is injected as an inline script; the app's CSP forbids that
                base_url=live_server.url,
                timezone_id="Africa/Casablanca",
            )
            context.set_default_timeout(15_000)
            # axe-core in every document up front: 40 ms a page, against 400 ms to inject it on demand.
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            watch(page)
            opened[(lang, phone)] = (context, page)
        return opened[(lang, phone)]

    yield get
    for context, _page in opened.values():
        context.close()


@pytest.fixture
def open_page(_pages):
    """`open_page("ar")` or `open_page("fr", phone=True)`: the page for that language and screen, signed out."""

    def _open(lang: str = "ar", *, phone: bool = False):
        context, page = _pages(lang, phone)
        context.clear_cookies()
        page.goto("about:blank")
        forget_errors(page)
        return page

    return _open
