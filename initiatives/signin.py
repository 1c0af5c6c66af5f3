"""Sign-in rate limit (django-axes) for the app's /login/ and the admin's login.

Failed attempts are counted per (username, address), whether or not the username exists;
after settings.AXES_FAILURE_LIMIT of them that pair is refused, even with the right password,
for settings.AXES_COOLOFF_TIME, with a 429 page that says so without naming the account.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


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
        return super().authenticate(request, *args, **kwargs)


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
