"""The shared cache (Redis, sharaka/lib/cache.py) when Redis does not answer: pages still work.

That two instances see the same cache cannot be shown inside one process (two LocMemCache objects
of the same name share one dictionary per process, and two processes never share one): the ops test
ops/test_two_instances.py shows it with two real servers and a real Redis.
"""

import logging
import socket

import pytest
from django.core.cache import caches

from sharaka.core.testing import make_user
from sharaka.lib import cache as shared_cache


def closed_port() -> int:
    """A loopback port nobody listens on: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    shared_cache.SharedCache._warned_at = 0.0
    settings.CACHES = {
        "default": {
            "BACKEND": "sharaka.lib.cache.SharedCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "down",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield caches["default"]
    shared_cache.SharedCache._warned_at = 0.0


def test_an_unreachable_redis_reads_as_an_empty_cache_that_keeps_nothing(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="sharaka.cache"):
        assert redis_down.set("figures", {"projects": 3}) is False
        assert redis_down.get("figures") is None
        assert redis_down.get("figures", "missing") == "missing"
        assert redis_down.add("figures", 1) is False
        assert redis_down.get_many(["a", "b"]) == {}
        assert redis_down.has_key("figures") is False
        assert redis_down.delete("figures") is False
    warnings = [r for r in caplog.records if r.name == "sharaka.cache"]
    assert len(warnings) == 1, "one warning for a burst of failures, not one per call"
    assert "cache unavailable" in warnings[0].getMessage()


@pytest.mark.django_db
def test_the_portal_and_the_signed_in_pages_answer_while_redis_is_down(redis_down, client):
    response = client.get("/portal/")
    assert response.status_code == 200
    assert 'class="card ledger-head"' in response.content.decode()  # the figures, computed without it
    client.force_login(make_user("officer", role="cooperation_officer"))
    assert client.get("/").status_code == 200


def test_production_uses_the_shared_cache_when_redis_url_is_set():
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "DEBUG": "1"}
    env.pop("SHARAKA_TESTING", None)
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "sharaka.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "sharaka.lib.cache.SharedCache", done.stderr
