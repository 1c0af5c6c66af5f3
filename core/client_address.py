"""The client's address, the one every rate limit and log line uses.

Without trusted proxies (the default) it is the socket's peer, REMOTE_ADDR: no header a
client sends can change it. Behind reverse proxies, settings.TRUSTED_PROXIES says which ones
to believe (env TRUSTED_PROXIES, parsed by parse_trusted_proxies):

- a count N: the last N hops of X-Forwarded-For, REMOTE_ADDR included, are our proxies; the
  app must then be reachable only through them (nothing else may connect to it);
- CIDR networks ("10.0.0.0/8,fd00::/8"): hops inside them are our proxies, wherever they
  are; a peer outside them is the client, whatever it claims.

The chain is read from the right (each proxy appends the address it saw), so entries a
client wrote itself at the left are never reached. Only X-Forwarded-For is read: X-Real-IP
and Forwarded are ignored, as any header no trusted proxy vouches for. An entry that is not
an address stops the walk at the last trusted hop, so garbage cannot mint new identities.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
TrustedProxies = int | tuple[Network, ...]
UNKNOWN = ""  # no peer address (a test client, a unix socket): axes stores it as NULL


def parse_trusted_proxies(value: str | None) -> TrustedProxies:
    """'' → 0 (none); '2' → 2 proxies; '10.0.0.0/8, ::1' → those networks.

    Raises ValueError with a message naming the bad part.
    """
    value = (value or "").strip()
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    networks = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(
                f"TRUSTED_PROXIES: {part!r} is neither a proxy count nor an address/network"
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51000"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted() -> TrustedProxies:
    return getattr(settings, "TRUSTED_PROXIES", 0) or 0


def _is_trusted(address: Any, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def peer_is_trusted_proxy(meta: dict[str, Any]) -> bool:
    """Whether the connection itself comes from a proxy we trust (its headers may be read)."""
    trusted = _trusted()
    if isinstance(trusted, int):
        return trusted > 0
    return _is_trusted(_address(str(meta.get("REMOTE_ADDR", ""))), trusted)


def client_address_from_meta(meta: dict[str, Any]) -> str:
    """The client's address from a WSGI environ / request.META (see the module docstring)."""
    peer_text = str(meta.get("REMOTE_ADDR") or "")
    peer = _address(peer_text)
    trusted = _trusted()
    if peer is None:
        return peer_text.strip() or UNKNOWN
    if not trusted or (isinstance(trusted, tuple) and not _is_trusted(peer, trusted)):
        return str(peer)
    forwarded = [hop for hop in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
    client = peer
    if isinstance(trusted, int):
        # REMOTE_ADDR is the last of our N proxies; the N-th entry from the right is what
        # the first of them saw: the client (or the leftmost, if fewer hops were added).
        for text in reversed(forwarded[-trusted:]):
            address = _address(text)
            if address is None:
                break
            client = address
        return str(client)
    for text in reversed(forwarded):
        if not _is_trusted(client, trusted):
            break
        address = _address(text)
        if address is None:
            break
        client = address
    return str(client)


def client_address(request: Any) -> str:
    """The client's address for a Django or DRF request ("" when there is none)."""
    return client_address_from_meta(getattr(request, "META", {}) or {})
