"""The Redis cache, failing soft: a Redis outage reads as a miss and writes are dropped.

Pages, API throttles and cached aggregates then answer from PostgreSQL while Redis (also
the Celery broker) is down, instead of every request failing with a 500. Atomic operations
whose answer decides something (add, incr, decr) still raise, so each lock or counter
chooses for itself what an outage means (see articles/ingest/politeness.py).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CACHE_ERRORS = (RedisError, OSError)
_LOG_EVERY_SECONDS = 10.0


def _fail_soft(operation: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    """RedisCache.<operation>, answering fallback(*args) instead of raising during an outage."""
    original = getattr(RedisCache, operation)

    @functools.wraps(original)
    def method(self: FailSoftRedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        except CACHE_ERRORS as exc:
            self._outage(operation, exc)
            return fallback(*args, **kwargs)

    return method


class FailSoftRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes are skipped while Redis is unreachable."""

    _last_logged = 0.0

    def _outage(self, operation: str, exc: Exception) -> None:
        # One line per few seconds, not one per request, while the outage lasts.
        now = time.monotonic()
        if now - FailSoftRedisCache._last_logged >= _LOG_EVERY_SECONDS:
            FailSoftRedisCache._last_logged = now
            logger.warning("cache unavailable (%s skipped): %s", operation, exc)

    # Reads answer "absent", writes are dropped (set_many reports every key as failed).
    get = _fail_soft("get", lambda key, default=None, version=None: default)
    get_many = _fail_soft("get_many", lambda *a, **k: {})
    has_key = _fail_soft("has_key", lambda *a, **k: False)
    set = _fail_soft("set", lambda *a, **k: None)
    set_many = _fail_soft("set_many", lambda data, *a, **k: list(data))
    touch = _fail_soft("touch", lambda *a, **k: False)
    delete = _fail_soft("delete", lambda *a, **k: False)
    delete_many = _fail_soft("delete_many", lambda *a, **k: None)


def count_in_window(key: str, seconds: int) -> int | None:
    """Add one to the counter `key`, which lives `seconds` from its first count; return the
    new count, or None while the cache is unreachable (the caller decides what that means)."""
    from django.core.cache import cache

    try:
        cache.add(key, 0, seconds)  # starts the window; does nothing when the key exists
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: this is the first count again
            cache.add(key, 1, seconds)
            return 1
    except CACHE_ERRORS:
        return None
