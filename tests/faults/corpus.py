"""A corpus of broken feed documents (and broken servers), generated, with what must happen.

Each case is a route on the local feed server and the outcome the poll must record:
- "error": the poll fails, the reason is on the feed (last_error, consecutive_failures);
- "empty": a valid feed with nothing to import: success with 0 items;
- "items": readable items are imported (count given), the poll succeeds;
- "read-or-error": a damaged document: what could be read is kept, and the damage is
  recorded on the feed (last_error) either way.
"""

from __future__ import annotations

import gzip
import random
import zlib
from dataclasses import dataclass, field
from typing import Any

XML = {"Content-Type": "application/rss+xml; charset=utf-8"}


@dataclass
class Case:
    name: str
    expect: str  # error | empty | items | read-or-error
    route: dict[str, Any] = field(default_factory=dict)
    items: int = 0  # for "items"
    refused_path: str = ""  # a path that must never be requested (entities, DTDs)


def _item(n: int, base: str, **override: str) -> str:
    tag = base.rsplit("/", 1)[-1]
    fields = {
        "title": f"Corpus story {n}",
        "link": f"{base}/story/{n}",
        "description": f"Story {n} of {tag}: delegations met in Basra to review customs file {n}.",
        "pubDate": "Tue, 04 Mar 2025 08:00:00 GMT",
        **override,
    }
    return (
        "<item>"
        + "".join(f"<{k}>{v}</{k}>" for k, v in fields.items() if v is not None)
        + ("</item>")
    )


def _rss(body: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return (
        f'{head}<rss version="2.0"><channel><title>Corpus</title>'
        f"<link>http://127.0.0.1/</link><description>corpus</description>{body}</channel></rss>"
    )


def build(base: str, prefix: str) -> list[Case]:
    """The corpus; `base` is the server's URL, `prefix` keeps item URLs unique per case."""
    cases: list[Case] = []

    def add(name: str, expect: str, body: bytes | str = b"", items: int = 0, **route: Any):
        if isinstance(body, str):
            body = body.encode()
        route.setdefault("headers", dict(XML))
        cases.append(Case(name, expect, {"body": body, **route}, items=items))

    def items(name: str, n: int = 3, **override: str) -> str:
        return "".join(_item(i, f"{base}/{prefix}/{name}", **override) for i in range(n))

    valid = _rss(items("truncated"))
    # Truncated anywhere: from the first bytes to just before the end.
    for cut in (1, 5, 20, 38, 60, 90, 130, 200, 300, 420, len(valid) // 2, len(valid) - 30):
        add(f"truncated-at-{cut}", "read-or-error", valid[:cut])
    add("truncated-mid-item", "read-or-error", valid[: valid.index("</item>") - 5])

    # Encodings: declared charset that lies, BOMs, UTF-16, Latin-1 bytes.
    latin = _rss(items("latin1", 2, title="Caf\u00e9 talks in N\u00e2sir\u00efya"), "")
    add("latin1-declared-utf8", "read-or-error", latin.encode("latin-1"))
    add(
        "latin1-bytes-header-utf8",
        "read-or-error",
        _rss(items("latin1h", 2, title="Caf\u00e9"), "").encode("latin-1"),
    )
    add(
        "utf8-declared-ascii",
        "read-or-error",
        _rss(items("ascii", 2, title="اربعین"), '<?xml version="1.0" encoding="us-ascii"?>'),
    )
    add("utf8-bom", "items", b"\xef\xbb\xbf" + _rss(items("bom")).encode(), items=3)
    add(
        "utf16-bom",
        "items",
        _rss(items("utf16"), '<?xml version="1.0" encoding="utf-16"?>').encode("utf-16"),
        items=3,
    )
    add(
        "utf16-declared-utf8",
        "read-or-error",
        _rss(items("u16lie")).encode("utf-16-le"),
    )
    add("double-bom", "read-or-error", b"\xef\xbb\xbf\xef\xbb\xbf" + _rss(items("dbom")).encode())
    add(
        "unknown-charset",
        "read-or-error",
        _rss(items("unknown"), '<?xml version="1.0" encoding="x-no-such-charset"?>'),
    )
    add(
        "windows-1256-arabic",
        "items",
        _rss(
            items("cp1256", 2, title="محادثات البصرة"),
            '<?xml version="1.0" encoding="windows-1256"?>',
        ).encode("cp1256"),
        items=2,
    )
    add("invalid-utf8-bytes", "read-or-error", _rss(items("badutf8")).encode() + b"\xff\xfe\xc3")
    add(
        "invalid-utf8-in-title",
        "read-or-error",
        _rss(items("badutf8t", 2)).encode().replace(b"Corpus story 1", b"Corpus \xc3\x28 story"),
    )

    # Binary garbage, with and without an XML-looking start.
    rng = random.Random(20250304)  # noqa: S311 - reproducible junk, not security
    for n in range(8):
        add(f"garbage-{n}", "error", bytes(rng.getrandbits(8) for _ in range(200 + 300 * n)))
    add("garbage-after-xml-decl", "error", b'<?xml version="1.0"?>' + bytes(range(256)) * 4)
    add("nul-bytes", "error", b"\x00" * 4096)
    add("png-as-rss", "error", b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(500)))

    # Not a feed at all.
    html = "<!doctype html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"
    add("html-page-as-rss", "error", html)
    add("html-page-text-html", "error", html, headers={"Content-Type": "text/html"})
    add("html-with-rss-words", "error", "<html><body><rss>not really</rss></body></html>")
    add("json-as-rss", "error", '{"items": [{"title": "x", "link": "http://127.0.0.1/"}]}')
    add(
        "json-as-json",
        "error",
        '{"version": "https://jsonfeed.org/version/1", "items": []}',
        headers={"Content-Type": "application/json"},
    )
    add("plain-text", "error", "This is not a feed.\n" * 20, headers={"Content-Type": "text/plain"})
    add("svg", "error", '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    add("xml-not-feed", "error", '<?xml version="1.0"?><config><a>1</a></config>')
    add("csv", "error", "title,link\nx,http://127.0.0.1/\n", headers={"Content-Type": "text/csv"})

    # Empty and near-empty.
    add("zero-bytes", "error", b"")
    add("zero-bytes-no-type", "error", b"", headers={})
    add("whitespace-only", "error", "   \n\t  \n")
    add("xml-decl-only", "error", '<?xml version="1.0" encoding="utf-8"?>')
    add("empty-rss-element", "empty", "<rss/>")
    add("empty-channel", "empty", _rss(""))
    add("empty-atom", "empty", '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>')
    add(
        "empty-rdf",
        "empty",
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>t</title></channel>'
        "</rdf:RDF>",
    )

    # Wrong content types and encodings on the wire.
    for ctype in (
        "application/json",
        "image/png",
        "application/octet-stream",
        "application/pdf",
        "video/mp4",
        "application/zip",
    ):
        add(
            f"type-{ctype.replace('/', '-')}",
            "error",
            _rss(items("ctype")),
            headers={"Content-Type": ctype},
        )
    add(
        "gzip-claimed-not-gzip",
        "error",
        _rss(items("gz1")),
        headers={**XML, "Content-Encoding": "gzip"},
    )
    add(
        "deflate-claimed-garbage",
        "error",
        b"\x01\x02\x03garbage" * 20,
        headers={**XML, "Content-Encoding": "deflate"},
    )
    add(
        "gzip-truncated",
        "error",
        gzip.compress(_rss(items("gz2")).encode())[:60],
        headers={**XML, "Content-Encoding": "gzip"},
    )
    add(
        "gzip-valid",
        "items",
        gzip.compress(_rss(items("gz3")).encode()),
        items=3,
        headers={**XML, "Content-Encoding": "gzip"},
    )
    add(
        "gzip-twice",
        "error",
        gzip.compress(gzip.compress(_rss(items("gz4")).encode())),
        headers={**XML, "Content-Encoding": "gzip"},
    )
    add(
        "deflate-valid",
        "items",
        zlib.compress(_rss(items("df")).encode()),
        items=3,
        headers={**XML, "Content-Encoding": "deflate"},
    )
    add(
        "unknown-encoding-br",
        "error",
        b"\x1b\x00\x00garbage",
        headers={**XML, "Content-Encoding": "br"},
    )
    bomb = gzip.compress(b"<" + b"a" * (12 * 1024 * 1024))
    add("gzip-bomb", "error", bomb, headers={**XML, "Content-Encoding": "gzip"})
    add("declared-too-large", "error", b"<rss/>", headers={**XML, "Content-Length": "999999999"})

    # Sizes and shapes.
    huge_line = _rss(items("hugeline", 1, description="word " * 300_000))
    add("huge-single-line-item", "read-or-error", huge_line)
    add("over-size-cap", "error", b"<rss>" + b"x" * (6 * 1024 * 1024))
    add("deep-nesting", "empty", "<rss>" + "<a>" * 50_000 + "</a>" * 50_000 + "</rss>")
    add(
        "many-attributes",
        "items",
        _rss(items("attrs", 1)).replace(
            "<item>", "<item " + " ".join(f'a{i}="{i}"' for i in range(5000)) + ">"
        ),
        items=1,
    )
    add("ten-thousand-empty-items", "read-or-error", _rss("<item></item>" * 10_000))

    # Entities: refused before anything is expanded or fetched.
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + ']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
    )
    add("billion-laughs", "error", laughs)
    add("billion-laughs-malformed", "error", laughs.replace("</rss>", ""))
    add(
        "billion-laughs-utf16",
        "error",
        laughs.replace('"?>', '" encoding="utf-16"?>', 1).encode("utf-16"),
    )
    add(
        "billion-laughs-utf16-malformed",
        "error",
        laughs.replace('"?>', '" encoding="utf-16"?>', 1).replace("</rss>", "").encode("utf-16"),
    )
    add(
        "billion-laughs-after-huge-comment",
        "error",
        laughs.replace("<!DOCTYPE", "<!--" + "c" * 100_000 + "--><!DOCTYPE", 1).replace(
            "</rss>", ""
        ),
    )
    add(
        "quadratic-blowup",
        "error",
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "x" * 50_000 + '">]>'
        '<rss version="2.0"><channel><title>' + "&a;" * 1000 + "</title></channel></rss>",
    )
    for n, target in enumerate(
        ("file:///etc/passwd", f"{base}/{prefix}/xxe-target", "file:///dev/random")
    ):
        add(
            f"xxe-{n}",
            "error",
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{target}">]>'
            f'<rss version="2.0"><channel><title>&xxe;</title>{items(f"xxe{n}", 1)}'
            "</channel></rss>",
        )
        cases[-1].refused_path = f"/{prefix}/xxe-target"
    add(
        "xxe-parameter-entity",
        "error",
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "{base}/{prefix}/xxe-target">'
        '%p;]><rss version="2.0"><channel><title>t</title></channel></rss>',
    )
    cases[-1].refused_path = f"/{prefix}/xxe-target"
    add(
        "xxe-in-atom",
        "error",
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&x;</title></feed>',
    )
    add(
        "xinclude",
        "items",
        _rss(items("xinc", 1)).replace(
            "<channel>",
            '<channel xmlns:xi="http://www.w3.org/2001/XInclude">'
            '<xi:include href="file:///etc/passwd" parse="text"/>',
        ),
        items=1,
    )
    # An old RSS 0.91 DOCTYPE naming an external DTD (real feeds have this): read, never fetched.
    add(
        "rss091-external-dtd",
        "items",
        '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        f'"{base}/{prefix}/rss-0.91.dtd"><rss version="0.91"><channel><title>old</title>'
        f"<link>{base}/</link><description>old</description><language>en</language>"
        f"{items('rss091')}</channel></rss>",
        items=3,
    )
    cases[-1].refused_path = f"/{prefix}/rss-0.91.dtd"

    # Items that are odd but readable, and items that are not.
    add("invalid-dates", "items", _rss(items("baddate", 3, pubDate="the 35th of Smarch")), items=3)
    add(
        "dates-far-future",
        "items",
        _rss(items("future", 2, pubDate="Fri, 31 Dec 9999 23:59:59 GMT")),
        items=2,
    )
    add(
        "dates-year-zero",
        "items",
        _rss(items("yearzero", 2, pubDate="Mon, 01 Jan 0000 00:00:00 GMT")),
        items=2,
    )
    add("dates-epoch-negative", "items", _rss(items("neg", 2, pubDate="-1")), items=2)
    add("items-without-links", "items", _rss(items("nolink", 3, link=None)), items=3)
    add("items-without-titles", "items", _rss(items("notitle", 3, title=None)), items=3)
    add(
        "items-without-anything",
        "read-or-error",
        _rss(items("nothing", 3, title=None, link=None, description=None, pubDate=None)),
    )
    add(
        "items-only-titles",
        "read-or-error",
        _rss(items("onlytitle", 2, link=None, description=None, pubDate=None)),
    )
    add("links-javascript", "read-or-error", _rss(items("jslink", 2, link="javascript:alert(1)")))
    add("links-file-scheme", "read-or-error", _rss(items("filelink", 2, link="file:///etc/passwd")))
    add(
        "links-over-1000-chars",
        "read-or-error",
        _rss(items("longlink", 2, link=f"{base}/" + "a" * 3000)),
    )
    add(
        "nested-cdata",
        "read-or-error",
        _rss(items("cdata", 2, description="<![CDATA[ outer <![CDATA[ inner ]]> tail ]]>")),
    )
    add(
        "unclosed-cdata",
        "read-or-error",
        _rss(items("cdata2", 2, description="<![CDATA[ never closed")),
    )
    add(
        "script-in-description",
        "items",
        _rss(
            items(
                "script",
                2,
                description="&lt;script&gt;alert(1)&lt;/script&gt;Real text of "
                "the story about Basra customs.",
            )
        ),
        items=1,  # the two items say the same: one article
    )
    add("undefined-entity", "read-or-error", _rss(items("undef", 2, title="Tom &amp Jerry &nbsp;")))
    add("unescaped-ampersand", "read-or-error", _rss(items("amp", 2, title="Trade & talks")))
    add(
        "control-characters",
        "read-or-error",
        _rss(items("ctrl", 2, title="bell\x07 and \x1b escape")),
    )
    add("duplicate-items", "items", _rss(items("dup", 1) * 5), items=1)
    add(
        "mixed-rss-atom",
        "read-or-error",  # the Atom entry has a title only: refused, and said so
        _rss(items("mixed", 1)).replace(
            "</channel>",
            '<entry xmlns="http://www.w3.org/2005/Atom"><title>x</title></entry></channel>',
        ),
        items=1,
    )
    add(
        "processing-instructions",
        "items",
        _rss(items("pi", 2)).replace("<channel>", "<channel><?php system('id'); ?>"),
        items=2,
    )

    # Servers misbehaving: status codes, redirects, timeouts, broken HTTP.
    for status in (400, 401, 403, 404, 410, 451, 500, 502, 503, 504, 429, 418):
        add(f"status-{status}", "error", "error page", status=status)
    add("status-204", "error", b"", status=204)
    add(
        "redirect-loop",
        "error",
        b"",
        status=302,
        headers={"Location": f"{base}/{prefix}/redirect-loop"},
    )
    for n in range(7):
        cases.append(
            Case(
                f"chain-{n}",
                "skip",
                {
                    "status": 302,
                    "body": b"",
                    "headers": {"Location": f"{base}/{prefix}/chain-{n + 1}"},
                },
            )
        )
    cases.append(Case("chain-7", "skip", {"body": _rss(items("chain")).encode(), "headers": XML}))
    add(
        "redirect-chain-too-long",
        "error",
        b"",
        status=301,
        headers={"Location": f"{base}/{prefix}/chain-0"},
    )
    add("redirect-without-location", "error", b"", status=302, headers={})
    add(
        "redirect-to-file-scheme",
        "error",
        b"",
        status=302,
        headers={"Location": "file:///etc/passwd"},
    )
    add("redirect-to-gopher", "error", b"", status=302, headers={"Location": "gopher://127.0.0.1/"})
    add(
        "redirect-to-localhost-name",
        "error",
        b"",
        status=302,
        headers={"Location": "http://metadata.internal/"},
    )
    add(
        "redirect-to-good-feed",
        "items",
        b"",
        status=302,
        items=3,
        headers={"Location": f"{base}/{prefix}/chain-7"},
    )
    add("hangs-without-answer", "error", hang=5.0)
    add("answers-too-slowly", "error", _rss(items("slow")), drip_seconds=0.05)
    add("answers-after-timeout", "error", _rss(items("late")), delay=5.0)
    add("raw-garbage-response", "error", raw=b"HELLO THERE\r\n\r\n")
    add("raw-closes-immediately", "error", raw=b"")
    add(
        "raw-short-body",
        "error",
        raw=b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
        b"Content-Length: 5000\r\n\r\n<rss>",
    )
    add("raw-bad-status-line", "error", raw=b"HTTP/1.1 OK-ish\r\n\r\n")
    add(
        "raw-huge-header",
        "error",
        raw=b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n<rss/>",
    )
    add(
        "raw-bad-chunked",
        "error",
        raw=b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"zz\r\nnot hex\r\n0\r\n\r\n",
    )
    return cases
