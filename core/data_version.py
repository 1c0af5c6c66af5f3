"""Cache expensive aggregates until the data they read changes (or a short TTL passes).

The data version is a PostgreSQL sequence bumped by triggers on every table the dashboards
aggregate (articles migration 0005): any committed write, by any code path (services,
ingestion, admin, raw SQL), moves it, for every worker at once. Reading it is one tiny query.
Entries are keyed by (database, version, name) and expire after DATA_CACHE_SECONDS anyway,
a backstop for the one race left: the triggers run just before the commit, so a read in
that instant could store the old figures under the new version for at most that long.
Nothing is cached inside a transaction that has written (it may see uncommitted rows, as
tests do), and editors pass `fresh=True`: they always see the database as it is. When the
cache (Redis) is down, the figures are computed as if nothing were cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection

T = TypeVar("T")

# A fresh sequence reports last_value 1 both before and after its first nextval().
_VERSION_SQL = """
SELECT txid_current_if_assigned() IS NULL,
       (SELECT oid FROM pg_database WHERE datname = current_database()),
       last_value + is_called::int
  FROM ct_data_version
"""


def cache_key(name: str) -> str | None:
    """The cache key of `name` at the current data version; None when it must not be cached."""
    with connection.cursor() as cur:
        cur.execute(_VERSION_SQL)
        clean, database, version = cur.fetchone()
    if not clean:
        return None
    # Names may hold user input (filters): hashed, keys stay short and safe for any backend.
    digest = hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    return f"data:{database}:{version}:{digest}"


def cached(name: str, compute: Callable[[], T], *, fresh: bool = False) -> T:
    """compute(), reused while the data version is unchanged; `fresh` skips the cache."""
    ttl = getattr(settings, "DATA_CACHE_SECONDS", 60)
    key = None if fresh or ttl <= 0 else cache_key(name)
    if key is None:
        return compute()
    # A cache outage reads as a miss and drops the write (core/cache.py): it costs only
    # the computation.
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl)
    return value
