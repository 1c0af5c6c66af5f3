"""The guarded HTTP client: every fetch of a feed or page goes through `fetch`.

http/https only; the host is resolved and every address it resolves to is checked before
connecting: public IPv4 (loopback, private, link-local, multicast, reserved, shared and
cloud-metadata refused) and IPv6 by allow-list (global unicast 2000::/3 outside the
special-purpose blocks; an IPv4 inside mapped or NAT64 addresses judged as IPv4), in every
spelling (decimal, octal, hex); the connection goes to the address that was checked (no
DNS-rebinding window); each redirect (at most 5) is checked again; the body is capped in
size and time, also after gzip/deflate decompression, so a compression bomb is cut off.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 5
USER_AGENT = "CooperationTracker/1.0 (+https://github.com/; news monitoring)"
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "text/plain",
    "text/html",
)
PAGE_TYPES = ("text/html", "application/xhtml+xml")
# Names that mean "the machine's own metadata service" whatever they resolve to.
_BLOCKED_NAMES = ("metadata.google.internal", "metadata", "instance-data", "localhost")
_BLOCKED_SUFFIXES = (".localhost", ".internal", ".local", ".localdomain", ".home.arpa")
_METADATA = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("fd00:ec2::254"),
}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64: the IPv4 inside decides
_ULA = ipaddress.ip_network("fc00::/7")
# IPv6 is allowed, not denied: only global unicast, minus the special-purpose blocks of the
# IANA IPv6 Special-Purpose Address Registry (and the IETF's reservations) inside it. The
# registry marks a few anycast subblocks of 2001::/23 globally reachable (PCP, TURN, AMT,
# AS112, ORCHIDv2): they are service infrastructure, not web sites, so they stay refused.
_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
_SPECIAL_IPV6 = tuple(
    (ipaddress.ip_network(net), label)
    for net, label in (
        ("2001::/32", "Teredo, 2001::/32"),
        ("2001::/23", "IETF protocol assignments, 2001::/23"),
        ("2001:db8::/32", "documentation, 2001:db8::/32"),
        ("2002::/16", "6to4, 2002::/16"),
        ("3fff::/20", "documentation, 3fff::/20"),
        ("3ffe::/16", "former 6bone, 3ffe::/16"),
    )
)


class FetchError(Exception):
    """A fetch that failed; `transient` says whether trying again later may help."""

    def __init__(self, reason: str, *, transient: bool = False, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.status = status


class URLRefused(FetchError):
    """The URL (or a redirect) points somewhere we never connect to: permanent."""


@dataclass
class Response:
    url: str  # final URL after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        """The body decoded with the declared charset (UTF-8 by default, lenient)."""
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """inet_aton spellings: 2130706433, 0x7f000001, 0177.0.0.1, 127.1 — all mean 127.0.0.1."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        try:
            if part.lower().startswith("0x"):
                values.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                values.append(int(part, 8))
            else:
                values.append(int(part, 10))
        except ValueError:
            return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = 0
    for v in head:
        number = number * 256 + v
    number = number * 256 ** (5 - len(values)) + last
    return ipaddress.IPv4Address(number) if number < 2**32 else None


def literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP a host name spells directly, in any notation; None for a real name."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return _legacy_ipv4(host)


_ALLOWED = ""  # loopback while INGEST_ALLOW_LOOPBACK is on: allowed, nothing more to check


def _named_refusal(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address, kinds: tuple[tuple[str, bool], ...]
) -> str | None:
    """The refusal for the first named kind the address is (metadata, loopback, then
    `kinds`); _ALLOWED for a permitted loopback; None when it is none of them."""
    if ip in _METADATA:
        return f"{ip} is a cloud metadata address"
    if ip.is_loopback:
        return _ALLOWED if settings.INGEST_ALLOW_LOOPBACK else f"{ip} is a loopback address"
    return next((f"{ip} is a {label} address" for label, flag in kinds if flag), None)


def _special_ipv6_block(ip: ipaddress.IPv6Address) -> str | None:
    return next((label for net, label in _SPECIAL_IPV6 if ip in net), None)


def _ipv6_refusal(ip: ipaddress.IPv6Address) -> str | None:
    """IPv6 by allow-list: global unicast (2000::/3) outside every special-purpose block, or
    an IPv4 address carried inside (mapped, NAT64, 6to4) that is public itself."""
    embedded = ip.ipv4_mapped or (
        ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None
    )
    if embedded is not None:
        reason = address_refusal(embedded)
        return f"{reason} (embedded in {ip})" if reason else None
    if ip.sixtofour is not None:
        reason = address_refusal(ip.sixtofour)
        if reason:
            return f"{reason} (embedded in {ip})"
    named = _named_refusal(
        ip,
        (
            ("unspecified", ip.is_unspecified),
            ("link-local", ip.is_link_local),
            ("site-local", ip.is_site_local),
            ("multicast", ip.is_multicast),
            ("private", ip in _ULA),
        ),
    )
    if named is not None:
        return named or None
    if ip not in _GLOBAL_UNICAST:
        return f"{ip} is not a public address (outside global unicast 2000::/3)"
    block = _special_ipv6_block(ip)
    if block:
        return f"{ip} is not a public address ({block})"
    return None


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why we never connect to this address, or None if it is a public one."""
    if isinstance(ip, ipaddress.IPv6Address):
        return _ipv6_refusal(ip)
    named = _named_refusal(
        ip,
        (
            ("unspecified", ip.is_unspecified),
            ("link-local", ip.is_link_local),
            ("multicast", ip.is_multicast),
            ("reserved", ip.is_reserved),
            ("private", ip.is_private),
        ),
    )
    if named is not None:
        return named or None
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked IP we connect to


def check_url(url: str) -> Target:
    """Validate a URL and resolve its host to a checked address; raises URLRefused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise URLRefused(f"malformed URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise URLRefused(f"scheme “{scheme or '(none)'}” refused: only http and https")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise URLRefused("credentials in the URL refused")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise URLRefused("URL has no host")
    if port == 0:
        raise URLRefused("port 0 refused")
    port = port or (443 if scheme == "https" else 80)
    internal = host in _BLOCKED_NAMES or host.endswith(_BLOCKED_SUFFIXES)
    if internal and not (host == "localhost" and settings.INGEST_ALLOW_LOOPBACK):
        raise URLRefused(f"host “{host}” is an internal name")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    literal = literal_address(host)
    if literal is not None:
        reason = address_refusal(literal)
        if reason:
            raise URLRefused(reason)
        return Target(scheme, host, port, path, str(literal))
    try:
        host.encode("idna")
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (UnicodeError, socket.gaierror) as exc:
        raise FetchError(f"cannot resolve “{host}”: {exc}", transient=True) from None
    addresses = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        reason = address_refusal(ip)
        if reason:
            # One bad record is enough: the attacker would pick which one we use.
            raise URLRefused(f"“{host}” resolves to {reason}")
        addresses.append(str(ip))
    if not addresses:
        raise FetchError(f"“{host}” has no address", transient=True)
    return Target(scheme, host, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, sends the real Host header."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, with SNI and certificate checks for the host name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _read_capped(resp: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    encoding = (resp.getheader("Content-Encoding") or "").strip().lower()
    decoder = None
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    declared = resp.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response too large ({declared} bytes, cap {max_bytes})")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("response too slow (time cap reached)", transient=True)
        chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
        if not chunk:
            break
        if decoder is not None:
            try:
                # max_length bounds what one compressed chunk may expand to.
                chunk = decoder.decompress(chunk, max_bytes - size + 1)
            except zlib.error as exc:
                raise FetchError(f"corrupt {encoding} body: {exc}") from None
            if decoder.unconsumed_tail:
                raise FetchError(f"response too large after decompression (cap {max_bytes})")
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response too large (over {max_bytes} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(
    url: str,
    *,
    accept: tuple[str, ...] = PAGE_TYPES,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
) -> Response:
    """GET url through the guard; returns 2xx and 304 responses, raises FetchError otherwise."""
    max_bytes = max_bytes or settings.INGEST_MAX_BYTES
    timeout = timeout or settings.INGEST_TIMEOUT_SECONDS
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url
    while True:
        target = check_url(current)
        conn_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        conn = conn_class(target, timeout=max(0.1, min(timeout, deadline - time.monotonic())))
        try:
            conn.request(
                "GET",
                target.path,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": ", ".join(accept) + ", */*;q=0.1",
                    "Accept-Encoding": "gzip, deflate",
                    **(headers or {}),
                },
            )
            resp = conn.getresponse()
            status = resp.status
            if status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise FetchError(f"redirect {status} without a Location")
                if len(redirects) >= MAX_REDIRECTS:
                    raise URLRefused(f"more than {MAX_REDIRECTS} redirects")
                current = urljoin(current, location)
                redirects.append(current)
                continue
            response_headers = {k.lower(): v for k, v in resp.getheaders()}
            if status == 304:
                return Response(current, status, response_headers, b"", redirects)
            if status == 429 or status >= 500:
                raise FetchError(f"HTTP {status} from {target.host}", transient=True, status=status)
            if status >= 400:
                raise FetchError(f"HTTP {status} from {target.host}", status=status)
            response = Response(current, status, response_headers, b"", redirects)
            if response.content_type and response.content_type not in accept:
                raise FetchError(f"unexpected content type “{response.content_type}”")
            response.body = _read_capped(resp, max_bytes, deadline)
            return response
        except TimeoutError:
            raise FetchError(f"timed out fetching {current}", transient=True) from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"connection failed: {exc}", transient=True) from None
        finally:
            conn.close()
