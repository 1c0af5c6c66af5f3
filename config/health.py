"""/healthz: database and broker reachability as JSON (200 when both answer, 503 otherwise).

Anyone (load balancers, uptime monitors) gets status words only: `ok` / `unavailable` per
check and overall. The reason a check failed (exception text naming hosts, ports, users) and
each check's latency go to the log ("config.health", a warning per failure) and to signed-in
staff, superusers and admins, never to anonymous callers.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from accounts.roles import is_admin
from config.celery import app as celery_app

logger = logging.getLogger("config.health")


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, connection.vendor
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return False, f"{type(exc).__name__}: {exc}"


def _check_broker() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            return True, conn.transport_cls if isinstance(conn.transport_cls, str) else "ok"
    except Exception as exc:  # noqa: BLE001
        return False, f"{type(exc).__name__}: {exc}"


def _check_linker() -> dict[str, Any]:
    """Which scorer links articles. A promoted model whose file is missing or corrupt leaves
    linking to the rules: "degraded", not down (ingestion goes on), and the reason."""
    from articles.ingest.learned import linker_status

    try:
        status = linker_status()
    except Exception as exc:  # noqa: BLE001 - a broken check must not break /healthz
        return {"ok": True, "status": "degraded", "detail": f"{type(exc).__name__}: {exc}"}
    if status["ok"]:
        return {"ok": True, "status": "ok", "detail": f"scored by {status['scorer']}"}
    logger.warning("linker degraded to the rules: %s", status["problem"])
    return {"ok": True, "status": "degraded", "detail": status["problem"]}


def may_see_details(request: HttpRequest) -> bool:
    """Staff, superusers and admins; False for everyone else, and whenever the user cannot
    be read (the database holding the session may be the very thing that is down)."""
    try:
        user = request.user
        return bool(user.is_active and (user.is_staff or user.is_superuser or is_admin(user)))
    except Exception:  # noqa: BLE001 - an unreadable session is an anonymous caller
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency's status word (details for staff only); 503 if any is down."""
    checks: dict[str, dict[str, Any]] = {}
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        started = time.perf_counter()
        ok, detail = check()
        ms = round((time.perf_counter() - started) * 1000, 1)
        if not ok:
            logger.warning("health check %s failed after %.1f ms: %s", name, ms, detail)
        checks[name] = {
            "ok": ok,
            "status": "ok" if ok else "unavailable",
            "detail": detail,
            "ms": ms,
        }
    healthy = all(c["ok"] for c in checks.values())
    if checks["database"]["ok"]:
        checks["linker"] = _check_linker()
    if not may_see_details(request):
        checks = {name: {"ok": c["ok"], "status": c["status"]} for name, c in checks.items()}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
