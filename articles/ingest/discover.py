"""Feed discovery: the feeds a site's home page declares (<link rel="alternate">).

The page is fetched through the guarded client, like every other fetch; an address that is
itself a feed is offered as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from articles.ingest import parse
from articles.ingest.fetch import FEED_TYPES, PAGE_TYPES, FetchError, check_url, fetch

# What a <link rel="alternate" type="…"> must say to be a feed.
ALTERNATE_TYPES = {
    "application/rss+xml": "RSS",
    "application/atom+xml": "Atom",
    "application/rdf+xml": "RDF",
    "application/x-rss+xml": "RSS",
}
MAX_OFFERED = 20


@dataclass(frozen=True)
class DiscoveredFeed:
    url: str
    title: str
    kind: str  # RSS, Atom, RDF


class _Alternates(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and values.get("href") and not self.base:
            self.base = values["href"]
        rels = values.get("rel", "").lower().split()
        if tag == "link" and "alternate" in rels and values.get("href"):
            self.links.append(values)


def alternates(html: str, page_url: str) -> list[DiscoveredFeed]:
    """The feeds a page declares, absolute, in page order, without repeats."""
    finder = _Alternates()
    finder.feed(html)
    base = urljoin(page_url, finder.base) if finder.base else page_url
    found: dict[str, DiscoveredFeed] = {}
    for link in finder.links:
        kind = ALTERNATE_TYPES.get(link.get("type", "").split(";")[0].strip().lower())
        if not kind:
            continue
        url = urljoin(base, link["href"].strip())
        if url.startswith(("http://", "https://")) and url not in found:
            found[url] = DiscoveredFeed(url, link.get("title", "").strip()[:300], kind)
    return list(found.values())[:MAX_OFFERED]


def discover(url: str) -> list[DiscoveredFeed]:
    """Fetch a home page through the guard and list the feeds it declares.

    Raises FetchError (URLRefused for a private or otherwise refused address) with the
    reason; a page that declares none returns [].
    """
    check_url(url)
    response = fetch(url, accept=PAGE_TYPES + FEED_TYPES)
    if response.content_type not in PAGE_TYPES:
        # The address is a feed already: offer it when it reads as one.
        try:
            feed = parse.parse_feed(response.body, response.url)
        except parse.ParseError as exc:
            raise FetchError(f"neither a web page nor a feed ({exc})") from None
        return [DiscoveredFeed(response.url, feed.title[:300], "feed")]
    return alternates(response.text(), response.url)
