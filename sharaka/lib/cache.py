"""The shared cache on Redis, which pages survive losing.

Everything Sharaka keeps in the cache is derived from the database and named by the state it was
computed from (the portal's figures and the funding rankings by the audit ledger's head, the ledger's
count by its last entry): a missing entry costs time, never a wrong answer. So when Redis cannot be
reached, a read is a miss and a write is skipped, with a warning in the log, instead of Django's
RedisCache raising and every page that reads the cache answering 500. The health check (/readyz)
still reports the cache down: it writes a value and reads it back, which fails here.

Short socket timeouts (settings.CACHES OPTIONS) keep an unreachable Redis from holding a request.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("sharaka.cache")

WARN_EVERY_SECONDS = 60  # one warning a minute per process, not one per request


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError, TimeoutError

    return (ConnectionError, TimeoutError, OSError)


class SharedCache(RedisCache):
    """Django's RedisCache; a Redis that does not answer reads as an empty cache that keeps nothing."""

    _warned_at = 0.0

    def _degraded(self, operation: str, error: BaseException, default):
        now = time.monotonic()
        if not SharedCache._warned_at or now - SharedCache._warned_at >= WARN_EVERY_SECONDS:
            SharedCache._warned_at = now
            logger.warning("cache unavailable (%s: %s): pages compute without it", operation, error)
        return default

    def _call(self, operation: str, default, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except _unavailable_errors() as error:
            return self._degraded(operation, error, default)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", False, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)
