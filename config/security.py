"""Browser security headers: a strict Content-Security-Policy on every response.

Scripts and styles come only from our own origin (static/js, static/css, static/vendor):
no inline script, no inline style attribute, no eval. Django's SecurityMiddleware adds
X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-Policy; this module adds
CSP and Permissions-Policy. A view that needs more (the Swagger UI) widens its own policy
with `csp_update`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Directive → sources. settings.CSP_DIRECTIVES replaces this default when given.
DEFAULT_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "frame-ancestors": ("'none'",),
    "form-action": ("'self'",),
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

CSP_HEADER = "Content-Security-Policy"
_EXTRA_ATTR = "_csp_update"
# DRF's browsable API pages carry inline style attributes and a <style> for code colours;
# their scripts are all files, so only styles are widened there.
BROWSABLE_API_EXTRA: dict[str, tuple[str, ...]] = {"style-src": ("'unsafe-inline'",)}


def build_policy(directives: dict[str, tuple[str, ...]]) -> str:
    """Serialise directives to a header value ("default-src 'self'; ...")."""
    return "; ".join(" ".join((name, *sources)) for name, sources in directives.items())


def policy_for(response: HttpResponse) -> str:
    """The policy for one response: the site's directives plus what its view added."""
    directives = dict(getattr(settings, "CSP_DIRECTIVES", None) or DEFAULT_DIRECTIVES)
    extra = dict(getattr(response, _EXTRA_ATTR, {}))
    renderer = getattr(response, "accepted_renderer", None)
    if getattr(renderer, "format", None) == "api":
        extra.update(BROWSABLE_API_EXTRA)
    for name, sources in extra.items():
        current = tuple(s for s in directives.get(name, ()) if s != "'none'")
        directives[name] = tuple(dict.fromkeys(current + tuple(sources)))
    return build_policy(directives)


def csp_update(**extra: tuple[str, ...]) -> Callable[[Callable], Callable]:
    """Decorate a view to add sources to directives (style_src=("'unsafe-inline'",))."""
    extra_directives = {name.replace("_", "-"): tuple(sources) for name, sources in extra.items()}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            setattr(response, _EXTRA_ATTR, extra_directives)
            return response

        return wrapped

    return decorator


class SecurityHeadersMiddleware:
    """Add Content-Security-Policy and Permissions-Policy unless the response set them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if CSP_HEADER not in response:
            response[CSP_HEADER] = policy_for(response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
