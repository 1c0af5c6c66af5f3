"""The URL guard: hostile URLs and redirect chains refused, and never connected to.

The resolver and the socket layer are replaced: names resolve from a table, and any attempt
to open a connection to a non-loopback address fails the test.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from articles.ingest.fetch import FetchError, URLRefused, address_refusal, check_url, fetch

FAKE_DNS = {
    "evil.example": ["10.0.0.5"],
    "rebind.example": ["127.0.0.1"],
    "meta.example": ["169.254.169.254"],
    "mixed.example": ["93.184.216.34", "192.168.1.1"],
    "v6loop.example": ["::1"],
    "mapped.example": ["::ffff:10.0.0.1"],
    "ula.example": ["fd12:3456::1"],
    "cgnat.example": ["100.64.0.1"],
    "169.254.169.254.nip.io": ["169.254.169.254"],
    "sitelocal.example": ["fec0::1"],
    "mixed6.example": ["2606:4700::1111", "fec0::5"],
    "doc6.example": ["2001:db8::5"],
    "public6.example": ["2606:4700::1111"],
}


@pytest.fixture
def sealed_network(monkeypatch):
    """Fake DNS; connections only to loopback; a record of every attempt."""
    attempts: list[tuple] = []
    real_create_connection = socket.create_connection
    real_connect = socket.socket.connect

    def fake_getaddrinfo(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            if host not in FAKE_DNS:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            addresses = FAKE_DNS[host]
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port, 0, 0) if ":" in a else (a, port),
            )
            for a in addresses
        ]

    def check(address, record: bool = True) -> None:
        if record:
            attempts.append(address)
        if not ipaddress.ip_address(address[0]).is_loopback:
            pytest.fail(f"a connection to {address} was attempted")

    def guarded_create_connection(address, *args, **kwargs):
        check(address, record=False)  # recorded by connect() underneath
        return real_create_connection(address, *args, **kwargs)

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    return attempts


HOSTILE = [
    ("http://127.0.0.1/", "loopback"),
    ("http://localhost/admin", "internal name"),
    ("http://2130706433/", "loopback"),
    ("http://0x7f000001/", "loopback"),
    ("http://0177.0.0.1/", "loopback"),
    ("http://127.1/", "loopback"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:7f00:1]/", "loopback"),
    ("http://10.0.0.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://192.168.0.1/router", "private"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://[fd00:ec2::254]/", "metadata"),
    ("http://100.100.100.200/", "metadata"),
    ("http://metadata.google.internal/computeMetadata/v1/", "internal name"),
    ("http://0xa9.0xfe.0xa9.0xfe/", "metadata"),
    ("http://025177524776/", "metadata"),
    ("http://100.64.0.1/", "not a public"),
    ("http://224.0.0.1/", "multicast"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://0/", "unspecified"),
    ("http://[::]/", "unspecified"),
    ("http://[fe80::1%25eth0]/", "link-local"),
    ("http://[fc00::1]/", "private"),
    ("http://240.0.0.1/", "reserved"),
    ("http://255.255.255.255/", "reserved"),
    ("http://[64:ff9b::a9fe:a9fe]/", "metadata"),
    ("http://[2002:a9fe:a9fe::]/", "metadata"),
    ("file:///etc/passwd", "scheme"),
    ("gopher://evil.example/", "scheme"),
    ("ftp://example.org/pub", "scheme"),
    ("javascript:alert(1)", "scheme"),
    ("http://user:secret@example.org/", "credentials"),
    ("http://example.org@127.0.0.1/", "credentials"),
    ("http:///no-host", "no host"),
    ("http://evil.example/", "private"),
    ("http://rebind.example/", "loopback"),
    ("http://meta.example/", "metadata"),
    ("http://mixed.example/", "private"),
    ("http://v6loop.example/", "loopback"),
    ("http://mapped.example/", "private"),
    ("http://ula.example/", "private"),
    ("http://cgnat.example:8080/", "not a public"),
    ("http://169.254.169.254.nip.io/", "metadata"),
    ("http://service.internal/", "internal name"),
    ("http://printer.local/", "internal name"),
    # IPv6 outside global unicast, or inside it but special-purpose (IANA registry).
    ("http://[fec0::1]/", "site-local"),
    ("http://[fec0:0:0:ffff::1]/", "site-local"),
    ("http://[feff::1]/", "site-local"),
    ("http://[febf::1]/", "link-local"),
    ("http://[ff02::1]/", "multicast"),
    ("http://[2001:db8::1]/", "documentation"),
    ("http://[3fff::1]/", "documentation"),
    ("http://[2001::1]/", "Teredo"),
    ("http://[2001:2::1]/", "IETF protocol assignments"),
    ("http://[2001:10::1]/", "IETF protocol assignments"),
    ("http://[2001:1::1]/", "IETF protocol assignments"),
    ("http://[2002:5db8:d822::1]/", "6to4"),
    ("http://[3ffe::1]/", "6bone"),
    ("http://[100::1]/", "outside global unicast"),
    ("http://[64:ff9b:1::a00:1]/", "outside global unicast"),
    ("http://[::a00:1]/", "outside global unicast"),
    ("http://[::ffff:0:a00:1]/", "outside global unicast"),
    ("http://[5f00::1]/", "outside global unicast"),
    ("http://[4000::1]/", "outside global unicast"),
    ("http://[e000::1]/", "outside global unicast"),
    ("http://[64:ff9b::a00:1]/", "private"),
    ("http://sitelocal.example/", "site-local"),
    ("http://mixed6.example/", "site-local"),
    ("http://doc6.example/", "documentation"),
]


@pytest.mark.parametrize(("url", "reason"), HOSTILE, ids=[u for u, _ in HOSTILE])
def test_hostile_url_is_refused_with_a_reason_and_never_connected(
    url, reason, sealed_network, settings
):
    settings.INGEST_ALLOW_LOOPBACK = False

    with pytest.raises(URLRefused) as refused:
        fetch(url)

    assert reason in refused.value.reason
    assert refused.value.transient is False
    assert sealed_network == []


def test_the_table_covers_at_least_thirty_hostile_urls():
    assert len(HOSTILE) >= 30


def test_unknown_host_is_a_transient_failure_without_a_connection(sealed_network, settings):
    settings.INGEST_ALLOW_LOOPBACK = False
    with pytest.raises(FetchError) as failed:
        fetch("http://no-such-host.example/")
    assert failed.value.transient is True
    assert sealed_network == []


REDIRECT_TARGETS = [
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://10.1.2.3/", "private"),
    ("http://evil.example/x", "private"),
    ("http://[::ffff:192.168.0.1]/", "private"),
    ("file:///etc/passwd", "scheme"),
    ("http://2852039166/", "metadata"),
    ("http://[fec0::1]/", "site-local"),
    ("http://[2001:db8::1]/", "documentation"),
    ("http://sitelocal.example/", "site-local"),
]


@pytest.mark.parametrize(("location", "reason"), REDIRECT_TARGETS)
def test_redirect_to_a_hostile_address_is_refused(location, reason, local_server, sealed_network):
    local_server.redirect("/start", local_server.url("/hop"))
    local_server.redirect("/hop", location, status=301)

    with pytest.raises(URLRefused) as refused:
        fetch(local_server.url("/start"))

    assert reason in refused.value.reason
    assert all(ipaddress.ip_address(a[0]).is_loopback for a in sealed_network)
    assert len(sealed_network) == 2  # the two loopback hops, nothing else


def test_more_than_five_redirects_are_refused(local_server, sealed_network):
    for i in range(7):
        local_server.redirect(f"/r{i}", local_server.url(f"/r{i + 1}"))
    local_server.route(
        "/r7", "<html><body><p>end</p></body></html>", headers={"Content-Type": "text/html"}
    )

    with pytest.raises(URLRefused, match="more than 5 redirects"):
        fetch(local_server.url("/r0"))


def test_loopback_is_refused_unless_the_setting_allows_it(local_server, sealed_network, settings):
    local_server.route("/page", "<p>hi</p>", headers={"Content-Type": "text/html"})
    settings.INGEST_ALLOW_LOOPBACK = False
    with pytest.raises(URLRefused, match="loopback"):
        fetch(local_server.url("/page"))
    assert sealed_network == []

    settings.INGEST_ALLOW_LOOPBACK = True
    assert fetch(local_server.url("/page")).body == b"<p>hi</p>"


PUBLIC = ["2606:4700::1111", "2a00:1450:4001:82a::200e", "64:ff9b::5db8:d822", "93.184.216.34"]


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address, settings):
    settings.INGEST_ALLOW_LOOPBACK = False
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_a_name_with_a_public_ipv6_address_resolves_to_that_address(sealed_network):
    assert check_url("http://public6.example/feed").address == "2606:4700::1111"
    assert sealed_network == []  # checked, not connected
