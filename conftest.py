"""Test guard-rails for the whole suite: fast hashing (settings), no network, named personas."""

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


from sharaka.core.testing import personas, world  # noqa: E402,F401  (fixtures for every test)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (rate limits, the ledger's running count)."""
    from django.core.cache import cache

    cache.clear()


def pytest_collection_modifyitems(config, items):
    """`postgres_only` tests race two connections on PostgreSQL's locks; on SQLite they are reported
    as skipped with the marker's reason (pyproject.toml), never silently dropped. CI runs them on
    PostgreSQL (`.ci/run`)."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    reason = "postgres_only: SQLite serialises every writer at BEGIN IMMEDIATE, there is no race to test"
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(pytest.mark.skip(reason=reason))
