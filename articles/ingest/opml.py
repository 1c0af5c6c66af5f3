"""OPML import and export of sources and feeds, with our own attributes.

Each feed is an <outline type="rss" xmlUrl=… htmlUrl=… text=…> carrying, in our namespace
(OPML_NS, prefix ct), its source's slug and name (ct:source, ct:sourceName), language
(ct:language) and country code (ct:country). Other readers ignore those attributes; our
import reads them, and falls back to the outline's own text when they are missing.
Parsing goes through defusedxml (no entities, no external references) and is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from articles.ingest.parse import ParseError

OPML_NS = "https://cooperation-tracker.org/ns/opml/1"
MAX_ENTRIES = 10_000
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class OpmlFeed:
    """One feed outline as read: its address, title, and the source it belongs to."""

    url: str
    title: str = ""
    homepage: str = ""
    source: str = ""  # slug
    source_name: str = ""
    language: str = ""
    country: str = ""
    line: int = 0  # position among the feed outlines, for messages


def _attr(node: Element, name: str) -> str:
    return (node.get(f"{{{OPML_NS}}}{name}") or "").strip()


def parse_opml(data: bytes, *, limit: int = MAX_ENTRIES) -> list[OpmlFeed]:
    """The feed outlines of an OPML document; raises ParseError when it is not OPML, is
    unsafe, or has more than `limit` feeds (nothing is read from it then)."""
    from xml.etree.ElementTree import ParseError as XMLParseError

    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    if len(data) > MAX_BYTES:
        raise ParseError(f"the OPML file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        root = safe_et.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ParseError(f"unsafe XML refused ({type(exc).__name__})") from None
    except (XMLParseError, ValueError, LookupError) as exc:
        raise ParseError(f"not well-formed XML: {exc}") from None
    if root.tag != "opml" or root.find("body") is None:
        raise ParseError("not an OPML document (no <opml> root with a <body>)")
    feeds: list[OpmlFeed] = []
    for node in root.find("body").iter("outline"):
        url = (node.get("xmlUrl") or "").strip()
        if not url:
            continue  # a folder
        if len(feeds) >= limit:
            raise ParseError(
                f"the OPML file lists more than {limit:,} feeds; import at most {limit:,} "
                "at a time (split the file)"
            )
        feeds.append(
            OpmlFeed(
                url=url,
                title=(node.get("title") or node.get("text") or "").strip(),
                homepage=(node.get("htmlUrl") or "").strip(),
                source=_attr(node, "source"),
                source_name=_attr(node, "sourceName"),
                language=_attr(node, "language"),
                country=_attr(node, "country").upper(),
                line=len(feeds) + 1,
            )
        )
    return feeds


def export_opml(feeds: list, *, title: str = "Cooperation Tracker feeds") -> bytes:
    """An OPML 2.0 document of feeds (with their sources selected), one outline each."""
    root = Element("opml", {"version": "2.0", "xmlns:ct": OPML_NS})
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    body = SubElement(root, "body")
    for feed in feeds:
        source = feed.source
        attrs = {
            "type": "rss",
            "text": feed.title or source.name,
            "title": feed.title or source.name,
            "xmlUrl": feed.url,
            "ct:source": source.slug,
            "ct:sourceName": source.name,
            "ct:language": source.language,
        }
        if source.homepage:
            attrs["htmlUrl"] = source.homepage
        if source.country_id:
            attrs["ct:country"] = source.country.code
        SubElement(body, "outline", attrs)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")
