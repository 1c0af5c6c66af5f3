"""Sign-in rate limit (django-axes) for the app's /login/ and the admin's login.

Failed attempts are counted per (username, address), whether or not the username exists;
after settings.AXES_FAILURE_LIMIT of them that pair is refused, even with the right password,
for settings.AXES_COOLOFF_TIME, with a 429 page that says so without naming the account.

An address is also limited on its own, higher (settings.LOGIN_ADDRESS_FAILURE_LIMIT failures
of any usernames within AXES_COOLOFF_TIME, counted in the cache): one address trying one
password on many accounts is refused the same way, while colleagues behind a shared address
are not locked out by one person's typos.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from core.cache import count_in_window
from core.client_address import client_address


def lockout_message() -> str:
    """The one message every locked-out sign-in gets (it names no account)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return (
        "Too many failed sign-in attempts. Signing in from this device is paused for "
        f"{minutes} minutes; try again later, or ask an administrator to unlock it."
    )


class LoginRateLimitBackend(AxesStandaloneBackend):
    """Refuses sign-ins while locked out; calls without a request (shell, tests) pass through.

    Only web sign-ins can be brute-forced; code calling authenticate() without a request
    already holds the password.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        """Raise PermissionDenied while (username, address) is locked out; else defer."""
        if request is None:
            return None
        if address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True  # the lock-out page, as for axes's own refusal
            raise AxesBackendPermissionDenied("too many failed sign-ins from this address")
        return super().authenticate(request, *args, **kwargs)


def address_failures_key(address: str | None) -> str:
    """The cache key counting failed sign-ins from this address."""
    return f"signin-failures:{address or 'unknown'}"


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off window."""
    return int(cache.get(address_failures_key(client_address(request))) or 0)


@receiver(user_login_failed, dispatch_uid="signin-count-address-failures")
def _count_address_failure(sender: Any, credentials: Any, request: Any = None, **kw: Any) -> None:
    if request is None:
        return
    # While Redis is down this failure goes uncounted here; the per-username limit (kept by
    # axes in PostgreSQL) still holds, and signing in must not fail because of the cache.
    count_in_window(
        address_failures_key(client_address(request)),
        int(settings.AXES_COOLOFF_TIME.total_seconds()),
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The sign-in page with the lock-out message, status 429 (app and admin login alike)."""
    context = {
        "form": AuthenticationForm(request),
        "lockout_message": lockout_message(),
        "next": request.POST.get("next", "") if request.method == "POST" else "",
    }
    response = TemplateResponse(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response.render()
