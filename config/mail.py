"""Outgoing e-mail (the daily digests) configured from the environment.

Either one EMAIL_URL, or EMAIL_HOST with its port, user, password and TLS settings; with
neither, mail is printed to the console (local use). docs/operations.md lists the variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
SCHEMES: dict[str, tuple[int, bool, bool]] = {  # scheme: (default port, STARTTLS, implicit TLS)
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "submission": (587, True, False),
    "smtps": (465, False, True),
    "smtp+ssl": (465, False, True),
}
OTHER_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
TRUE = {"1", "true", "yes", "on"}


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE


def _from_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in OTHER_BACKENDS:
        return {"EMAIL_BACKEND": OTHER_BACKENDS[scheme]}
    if scheme not in SCHEMES:
        known = ", ".join(sorted([*SCHEMES, *OTHER_BACKENDS]))
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {scheme!r} (use one of {known})")
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL: no host, e.g. smtp+tls://user:password@host:587")
    port, starttls, implicit = SCHEMES[scheme]
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    try:
        port = parts.port or port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL: the port is not a number") from None
    found: dict[str, Any] = {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls or _flag(query.get("tls")),
        "EMAIL_USE_SSL": implicit or _flag(query.get("ssl")),
    }
    if "timeout" in query:
        found["EMAIL_TIMEOUT"] = query["timeout"]
    return found


def email_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """Django's EMAIL_* settings and DEFAULT_FROM_EMAIL from the environment."""
    if env.get("EMAIL_URL"):
        found = _from_url(env["EMAIL_URL"])
    elif env.get("EMAIL_HOST"):
        try:
            port = int(env.get("EMAIL_PORT") or 25)
        except ValueError:
            raise ImproperlyConfigured("EMAIL_PORT is not a number") from None
        found = {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": env["EMAIL_HOST"],
            "EMAIL_PORT": port,
            "EMAIL_HOST_USER": env.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": env.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": _flag(env.get("EMAIL_USE_TLS")),
            "EMAIL_USE_SSL": _flag(env.get("EMAIL_USE_SSL")),
        }
    else:
        found = {"EMAIL_BACKEND": OTHER_BACKENDS["console"]}
    if env.get("EMAIL_BACKEND"):  # an explicit backend wins (e.g. a provider's own)
        found["EMAIL_BACKEND"] = env["EMAIL_BACKEND"]
    if found.get("EMAIL_USE_TLS") and found.get("EMAIL_USE_SSL"):
        raise ImproperlyConfigured("e-mail: choose STARTTLS (EMAIL_USE_TLS) or SSL, not both")
    timeout = found.pop("EMAIL_TIMEOUT", None) or env.get("EMAIL_TIMEOUT") or "10"
    try:
        found["EMAIL_TIMEOUT"] = float(timeout)
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_TIMEOUT {timeout!r}: not a number of seconds") from None
    found["DEFAULT_FROM_EMAIL"] = env.get("DEFAULT_FROM_EMAIL") or "tracker@localhost"
    found["SERVER_EMAIL"] = env.get("SERVER_EMAIL") or found["DEFAULT_FROM_EMAIL"]
    return found
