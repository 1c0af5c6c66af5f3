"""Browser security headers: a strict Content-Security-Policy on every response.

Scripts and styles come only from our own origin (static/js, static/css, static/vendor):
no inline script, no inline style attribute, no eval. Django's SecurityMiddleware adds
X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-Policy; this module adds
CSP and Permissions-Policy. Only DRF's browsable API pages get more (inline styles).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Directive → sources.
DIRECTIVES: dict[str, tuple[str, ...]] = {
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
    # Browsers post what the policy blocked here (config/csp_report.py, logged).
    "report-uri": ("/csp-report/",),
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

CSP_HEADER = "Content-Security-Policy"


def build_policy(directives: dict[str, tuple[str, ...]]) -> str:
    """Serialise directives to a header value ("default-src 'self'; ...")."""
    return "; ".join(" ".join((name, *sources)) for name, sources in directives.items())


POLICY = build_policy(DIRECTIVES)
# DRF's browsable API pages carry inline style attributes and a <style> for code colours;
# their scripts are all files, so only styles are widened there.
BROWSABLE_API_POLICY = build_policy(
    {**DIRECTIVES, "style-src": (*DIRECTIVES["style-src"], "'unsafe-inline'")}
)


def policy_for(response: HttpResponse) -> str:
    """The policy for one response: the site's, with inline styles on DRF's browsable pages."""
    renderer = getattr(response, "accepted_renderer", None)
    return BROWSABLE_API_POLICY if getattr(renderer, "format", None) == "api" else POLICY


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
