"""Per-host politeness: one fetch at a time per host, and a minimum delay between fetches.

The lock and the next-allowed time live in the shared cache (Redis in production), so all
workers see them; cache.add is an atomic "set if absent".
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

LOCK_SECONDS = 120  # longer than any fetch (time cap), so a crashed holder's lock expires


class HostBusy(Exception):
    """Another fetch to this host runs, or ran too recently: try again after `wait` seconds."""

    def __init__(self, host: str, wait: float) -> None:
        super().__init__(f"{host} is busy; retry in {wait:.1f}s")
        self.host = host
        self.wait = wait


def host_delay() -> float:
    """Minimum seconds between two fetches to one host (settings.INGEST_HOST_DELAY_SECONDS)."""
    return float(getattr(settings, "INGEST_HOST_DELAY_SECONDS", 2.0))


@contextmanager
def host_slot(host: str) -> Iterator[None]:
    """Hold the host's fetch slot for the duration of the block, or raise HostBusy."""
    delay = host_delay()
    lock_key, next_key = f"ingest:host-lock:{host}", f"ingest:host-next:{host}"
    token = uuid.uuid4().hex
    if not cache.add(lock_key, token, timeout=LOCK_SECONDS):
        raise HostBusy(host, max(delay, 1.0))
    try:
        not_before = cache.get(next_key) or 0.0
        now = time.time()
        if now < not_before:
            raise HostBusy(host, not_before - now)
        yield
    finally:
        if delay > 0:
            cache.set(next_key, time.time() + delay, timeout=int(delay) + 1)
        if cache.get(lock_key) == token:
            cache.delete(lock_key)
