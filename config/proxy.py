"""Headers only a trusted reverse proxy may set (settings.TRUSTED_PROXIES, core/client_address).

SECURE_PROXY_SSL_HEADER (X-Forwarded-Proto) is set only when a trusted proxy is configured.
With CIDR networks configured, a connection that does not come from one of them may still
reach the app (a published port, a neighbour on the network): its X-Forwarded-Proto and
X-Forwarded-For are dropped here, before anything reads them, so it cannot claim HTTPS.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.client_address import peer_is_trusted_proxy

PROXY_ONLY_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR")


class TrustedProxyMiddleware:
    """Drop the proxy-only headers of a request that did not come through a trusted proxy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not peer_is_trusted_proxy(request.META):
            for name in PROXY_ONLY_HEADERS:
                request.META.pop(name, None)
        return self.get_response(request)
