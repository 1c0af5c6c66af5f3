"""Feeds for the fault tests, served by the ingestion tests' local server on 127.0.0.1.

tests/articles/ingest/httpserver.py's LocalServer also plays the misbehaving servers: a
route can wait (`delay`), drip (`drip_seconds`), never answer (`hang`) or send raw bytes.
"""

from __future__ import annotations

from tests.articles.ingest.httpserver import LocalServer as FeedServer

__all__ = ["FeedServer", "rss"]


def rss(items: list[dict[str, str]], title: str = "Test feed") -> str:
    """An RSS 2.0 document with the given items (title, link, description, pubDate)."""
    entries = "".join(
        "<item>" + "".join(f"<{key}>{value}</{key}>" for key, value in item.items()) + "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<rss version="2.0"><channel><title>{title}</title><link>http://127.0.0.1/</link>'
        f"<description>test</description>{entries}</channel></rss>"
    )
