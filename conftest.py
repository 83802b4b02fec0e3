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
