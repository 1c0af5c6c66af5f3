"""Shared by the editor pages: access guards, htmx detection, safe redirects, panel answers.

Views are thin: parse input with a form, call a service, answer with a fragment (htmx) or a
redirect and a message (plain forms). Domain errors become 400; decisions someone else made
first become 409 with who made them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.roles import is_admin, is_editor
from articles.models import Article
from core.exceptions import AlreadyDecided, DomainError, StaleEdit
from initiatives.models import (
    Initiative,
)


def guard(check: Callable[[Any], bool]) -> Callable:
    """Anonymous users go to the login page; signed-in users without the role get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied("Your role may not change the editorial record.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


editor_required = guard(is_editor)
admin_required = guard(is_admin)


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx sent the request and expects a fragment."""
    return request.headers.get("HX-Request") == "true"


def next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def panel(
    request: HttpRequest,
    obj: Article | Initiative,
    *,
    message: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """Answer an edit made from a panel.

    Success reloads the page (htmx) or redirects to it, with the message shown at the top: the
    analyst parts of the page (status, links, mentions) change too. A refusal replaces only the
    panel's message area (htmx), so nothing the editor typed is lost; plain forms get a
    redirect and the message.
    """
    if is_htmx(request) and not error:
        if message:
            messages.success(request, message)
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        elif message:
            messages.success(request, message)
        return redirect(next_url(request, obj.get_absolute_url()))
    # Only the message area is replaced, so what the editor typed in the forms stays.
    kind = "article" if isinstance(obj, Article) else "initiative"
    response = render(
        request, "editorial/_panel_messages.html", {"panel_error": error}, status=status
    )
    response["HX-Retarget"] = f"#{kind}-tools-messages"
    response["HX-Reswap"] = "innerHTML"
    return response


def error_status(exc: DomainError) -> int:
    return 409 if isinstance(exc, AlreadyDecided | StaleEdit) else 400
