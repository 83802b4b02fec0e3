"""Test guard-rails for the whole suite: fast hashing (settings), no network, named personas, no skips.

A test never skips because a file or a tool is missing: what the tests need is in the repository or
installed by `.ci/run`, and a skipped test fails the run. The one exception is a test marked
`postgres_only` (row locks, concurrent writers), which the SQLite run reports as not applicable.
"""

import os
import socket

import pytest

os.environ.setdefault("SHARAKA_TESTING", "1")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, request):
    """Tests never reach the network; only loopback is allowed (the browser tests' live server)."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "localhost", "::1")
            and not host.startswith("/")
        ):
            raise RuntimeError(f"Network access blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _arabic_by_default():
    from django.utils import translation

    translation.activate("ar")
    yield
    translation.deactivate()


POSTGRES_ONLY = "postgres_only: not applicable on SQLite"
SKIPPED: list[str] = []


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres_only"):
        from django.conf import settings

        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            pytest.skip(POSTGRES_ONLY)


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if POSTGRES_ONLY not in reason:
            SKIPPED.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when a test skipped for any reason but the database it runs on."""
    if SKIPPED and exitstatus == 0:
        session.exitstatus = 1
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line("These tests skipped; a skip is a failure here (see conftest.py):", red=True)
            for line in SKIPPED:
                reporter.write_line(f"  {line}", red=True)


from sharaka.core.testing import personas, world  # noqa: E402,F401  (fixtures for every test)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (rate limits, the ledger's running count)."""
    from django.core.cache import cache

    cache.clear()
