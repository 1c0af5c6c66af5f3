"""How a test reaches the database Django uses, outside Django's own connection.

Tests that open their own connection (a second session for a race, a subprocess given a
DATABASE_URL) take every parameter from Django's connection settings, socket directory
included: the embedded PostgreSQL listens on a socket only, so an empty host with port 5432
would reach whatever server the machine happens to run (tests/test_db_support.py checks
that no test builds its own).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import psycopg
from django.db import connections


def _settings(alias: str) -> dict[str, Any]:
    db = connections[alias].settings_dict
    options = db.get("OPTIONS") or {}
    return {
        "host": db.get("HOST") or options.get("host") or "",
        "port": str(db.get("PORT") or options.get("port") or ""),
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "dbname": db.get("NAME") or "",
    }


def connection_kwargs(alias: str = "default", *, dbname: str | None = None) -> dict[str, str]:
    """psycopg.connect() keywords for the server (and by default the database) Django uses."""
    params = {k: v for k, v in _settings(alias).items() if v}
    if dbname is not None:
        params["dbname"] = dbname
    return params


def connect(alias: str = "default", *, dbname: str | None = None, **kwargs: Any):
    """A new psycopg connection to Django's server, as a separate session."""
    return psycopg.connect(**connection_kwargs(alias, dbname=dbname), **kwargs)


def database_url(alias: str = "default", *, dbname: str | None = None) -> str:
    """A DATABASE_URL for a subprocess: the same server and database (or `dbname`)."""
    p = _settings(alias)
    auth = quote(p["user"], safe="") + (
        f":{quote(p['password'], safe='')}" if p["password"] else ""
    )
    name = quote(dbname if dbname is not None else p["dbname"], safe="")
    host = p["host"]
    if not host or host.startswith("/"):  # a socket directory (or libpq's default one)
        query = {**({"host": host} if host else {}), **({"port": p["port"]} if p["port"] else {})}
        return f"postgresql://{auth}@/{name}" + (f"?{urlencode(query)}" if query else "")
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 literal needs brackets
    port = f":{p['port']}" if p["port"] else ""
    return f"postgresql://{auth}@{netloc}{port}/{name}"


def django_settings(alias: str = "default", *, dbname: str | None = None) -> dict[str, Any]:
    """A copy of Django's settings of the database (for code that takes them, such as
    config.backup), pointed at `dbname` when given."""
    db = dict(connections[alias].settings_dict)
    if dbname is not None:
        db["NAME"] = dbname
    return db
