"""The Redis cache, failing soft: a Redis outage reads as a miss and writes are dropped.

Pages, API throttles and cached aggregates then answer from PostgreSQL while Redis (also
the Celery broker) is down, instead of every request failing with a 500. Atomic operations
whose answer decides something (add, incr, decr) still raise, so each lock or counter
chooses for itself what an outage means (see articles/ingest/politeness.py).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CACHE_ERRORS = (RedisError, OSError)
_LOG_EVERY_SECONDS = 10.0


class FailSoftRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes are skipped while Redis is unreachable."""

    _last_logged = 0.0

    def _outage(self, operation: str, exc: Exception) -> None:
        # One line per few seconds, not one per request, while the outage lasts.
        now = time.monotonic()
        if now - FailSoftRedisCache._last_logged >= _LOG_EVERY_SECONDS:
            FailSoftRedisCache._last_logged = now
            logger.warning("cache unavailable (%s skipped): %s", operation, exc)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        """The cached value, or `default` when absent or when Redis is down."""
        try:
            return super().get(key, default, version)
        except CACHE_ERRORS as exc:
            self._outage("get", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict:
        """Cached values by key; nothing when Redis is down."""
        try:
            return super().get_many(keys, version)
        except CACHE_ERRORS as exc:
            self._outage("get_many", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        """Whether the key is cached; False when Redis is down."""
        try:
            return super().has_key(key, version)
        except CACHE_ERRORS as exc:
            self._outage("has_key", exc)
            return False

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        """Store a value; skipped when Redis is down."""
        try:
            super().set(key, value, timeout, version)
        except CACHE_ERRORS as exc:
            self._outage("set", exc)

    def set_many(self, data: dict, timeout: Any = None, version: int | None = None) -> list:
        """Store values; none stored (all keys returned as failed) when Redis is down."""
        try:
            return super().set_many(data, timeout, version)
        except CACHE_ERRORS as exc:
            self._outage("set_many", exc)
            return list(data)

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        """Refresh a key's expiry; False when Redis is down."""
        try:
            return super().touch(key, timeout, version)
        except CACHE_ERRORS as exc:
            self._outage("touch", exc)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        """Delete a key; False when Redis is down."""
        try:
            return super().delete(key, version)
        except CACHE_ERRORS as exc:
            self._outage("delete", exc)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        """Delete keys; skipped when Redis is down."""
        try:
            super().delete_many(keys, version)
        except CACHE_ERRORS as exc:
            self._outage("delete_many", exc)
