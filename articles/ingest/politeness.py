"""Per-host politeness: one fetch at a time per host, and a minimum delay between fetches.

The lock and the next-allowed time live in the shared cache (Redis in production), so all
workers see them; cache.add is an atomic "set if absent".

Politeness is best effort: when the cache (Redis) is unreachable the fetch goes ahead
unthrottled (logged) instead of failing the poll, and a fetch already made is never thrown
away because its bookkeeping could not be written.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from core.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

LOCK_SECONDS = 120  # longer than any fetch (time cap), so a crashed holder's lock expires


class HostBusy(Exception):
    """Another fetch to this host runs, or ran too recently: try again after `wait` seconds."""

    def __init__(self, host: str, wait: float) -> None:
        super().__init__(f"{host} is busy; retry in {wait:.1f}s")
        self.host = host
        self.wait = wait


def host_delay() -> float:
    """Minimum seconds between two fetches to one host (settings.INGEST_HOST_DELAY_SECONDS)."""
    return float(settings.INGEST_HOST_DELAY_SECONDS)


@contextmanager
def host_slot(host: str) -> Iterator[None]:
    """Hold the host's fetch slot for the duration of the block, or raise HostBusy."""
    delay = host_delay()
    lock_key, next_key = f"ingest:host-lock:{host}", f"ingest:host-next:{host}"
    token = uuid.uuid4().hex
    try:
        acquired: bool | None = cache.add(lock_key, token, timeout=LOCK_SECONDS)
        not_before = (cache.get(next_key) or 0.0) if acquired else 0.0
    except CACHE_ERRORS as exc:
        logger.warning("politeness skipped for %s, cache unavailable: %s", host, exc)
        acquired = None
    if acquired is None:
        yield
        return
    if not acquired:
        raise HostBusy(host, max(delay, 1.0))
    try:
        now = time.time()
        if now < not_before:
            raise HostBusy(host, not_before - now)
        yield
    finally:
        # Reads and writes fail soft (core/cache.py): if Redis went away meanwhile the
        # bookkeeping is dropped, the lock expires by itself and the fetched document is kept.
        if delay > 0:
            cache.set(next_key, time.time() + delay, timeout=int(delay) + 1)
        if cache.get(lock_key) == token:
            cache.delete(lock_key)
