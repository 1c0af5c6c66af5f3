"""Feeds and pages from the local HTTP server: formats, ETag/304, caps, hostile XML, health."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest

from articles.ingest import jobs
from articles.ingest.fetch import FEED_TYPES, FetchError, fetch
from articles.ingest.parse import UnsafeXML, parse_feed
from articles.ingest.politeness import HostBusy
from articles.models import Article, Feed, IngestionRun
from tests.factories import FeedFactory

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Rail News</title><link>http://127.0.0.1/</link>
<item><title>Shalamcheh line gets new sleepers</title>
<link>http://127.0.0.1/a/1?utm_source=rss</link>
<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><author>Sara Ahmadi</author>
<description>&lt;p&gt;Crews laid new sleepers on the line.&lt;/p&gt;
&lt;script&gt;alert(1)&lt;/script&gt;</description>
</item>
<item><title>Border market opens</title><link>http://127.0.0.1/a/2</link>
<pubDate>Wed, 05 Mar 2025 10:00:00 GMT</pubDate>
<description>Traders opened stalls at the Mehran market on Wednesday.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Energy Wire</title><id>urn:x</id>
<updated>2025-03-04T10:00:00Z</updated>
<entry><title>Gas deliveries resume</title><id>urn:1</id><link href="http://127.0.0.1/e/1"/>
<updated>2025-03-04T10:00:00Z</updated><author><name>Ali Karimi</name></author>
<content type="html">&lt;p&gt;Gas deliveries to Iraq resumed after repairs.&lt;/p&gt;
</content></entry>
</feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://127.0.0.1/"><title>Old Wire</title><link>http://127.0.0.1/</link>
<description>x</description></channel>
<item rdf:about="http://127.0.0.1/r/1"><title>Pilgrims cross at Mehran</title>
<link>http://127.0.0.1/r/1</link><dc:date>2025-03-04T10:00:00Z</dc:date>
<description>Thousands of pilgrims crossed the border for Arbaeen.</description></item>
</rdf:RDF>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>
<description>&lol9;</description></item></channel></rss>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title>
<description>&xxe;</description></item></channel></rss>"""

XML = {"Content-Type": "application/rss+xml; charset=utf-8"}


def _feed(server, path, body, **route):
    server.route(path, body, headers=route.pop("headers", XML), **route)
    return FeedFactory(url=server.url(path))


@pytest.mark.parametrize(
    ("body", "count"), [(RSS, 2), (ATOM, 1), (RDF, 1)], ids=["rss", "atom", "rdf"]
)
def test_rss_atom_and_rdf_feeds_become_articles(local_server, body, count):
    feed = _feed(local_server, "/feed.xml", body)

    run = jobs.poll_feed(feed.pk)

    assert run.state == IngestionRun.State.SUCCEEDED
    assert run.created == count
    assert Article.objects.filter(feed=feed, ingested_via="feed").count() == count
    feed.refresh_from_db()
    assert feed.last_success_at is not None and feed.consecutive_failures == 0
    assert feed.items_seen == count
    assert feed.title


def test_feed_html_is_sanitised_and_tracking_parameters_dropped(local_server):
    feed = _feed(local_server, "/feed.xml", RSS)
    jobs.poll_feed(feed.pk)

    article = Article.objects.get(title="Shalamcheh line gets new sleepers")
    assert article.url == "http://127.0.0.1/a/1"
    assert article.body == "Crews laid new sleepers on the line."
    assert article.byline == "Sara Ahmadi"
    assert article.published_at.isoformat().startswith("2025-03-04T10:00")
    assert article.date_estimated is False


def test_second_poll_sends_etag_gets_304_and_stores_nothing(local_server):
    feed = _feed(local_server, "/feed.xml", RSS, etag='"v1"')
    jobs.poll_feed(feed.pk)

    second = jobs.poll_feed(feed.pk)

    route = local_server.routes["/feed.xml"]
    assert route.seen_headers[-1].get("If-None-Match") == '"v1"'
    assert (second.state, second.items_seen, second.created) == ("succeeded", 0, 0)
    assert Article.objects.count() == 2
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.items_seen == 2


def test_repolling_a_changed_feed_stores_only_new_entries(local_server):
    feed = _feed(local_server, "/feed.xml", RSS)
    jobs.poll_feed(feed.pk)
    local_server.route("/feed.xml", RSS.replace("/a/2", "/a/2?fbclid=abc"), headers=XML)

    run = jobs.poll_feed(feed.pk)

    assert (run.created, run.duplicates) == (0, 2)
    assert Article.objects.count() == 2


def test_malformed_feed_is_recorded_on_the_feed_not_raised(local_server):
    feed = _feed(local_server, "/bad.xml", "<rss><channel><item><title>broken")
    local_server.route("/bad.xml", "this is not xml at all {", headers=XML)

    run = jobs.poll_feed(feed.pk)

    assert run.state == IngestionRun.State.FAILED
    assert run.errors
    feed.refresh_from_db()
    assert feed.consecutive_failures == 1
    assert feed.last_error and feed.last_error_at
    assert feed.next_poll_at > feed.last_error_at


@pytest.mark.parametrize(("body", "what"), [(BILLION_LAUGHS, "Entities"), (XXE, "Entities")])
def test_entity_bombs_and_external_entities_are_refused_without_expansion(body, what):
    tracemalloc.start()
    with pytest.raises(UnsafeXML, match=what):
        parse_feed(body.encode())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_billion_laughs_feed_poll_fails_cleanly(local_server):
    feed = _feed(local_server, "/lol.xml", BILLION_LAUGHS)

    run = jobs.poll_feed(feed.pk)

    assert run.state == IngestionRun.State.FAILED
    assert "unsafe XML" in run.errors[0]
    assert Article.objects.count() == 0


def test_oversized_response_is_cut_off(local_server, settings):
    settings.INGEST_MAX_BYTES = 10_000
    local_server.route("/big", b"x" * 50_000, headers={"Content-Type": "text/html"})

    with pytest.raises(FetchError, match="too large"):
        fetch(local_server.url("/big"))


# 100 MB of zeros, compressed to about 100 kB (built once: compressing takes a moment).
_BOMB = gzip.compress(b"\0" * 100_000_000, compresslevel=6)


def test_gzip_bomb_is_cut_off_at_the_cap(local_server, settings):
    settings.INGEST_MAX_BYTES = 1_000_000
    bomb = _BOMB
    local_server.route(
        "/bomb", bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    tracemalloc.start()
    with pytest.raises(FetchError, match="too large"):
        fetch(local_server.url("/bomb"))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(bomb) < 1_000_000
    assert peak < 20 * 1024 * 1024


def test_slow_response_hits_the_time_cap(local_server, settings):
    settings.INGEST_TIMEOUT_SECONDS = 0.8
    local_server.route(
        "/slow",
        b"<p>" + b"a" * 200 + b"</p>",
        headers={"Content-Type": "text/html"},
        drip_seconds=0.05,
    )

    with pytest.raises(FetchError) as failed:
        fetch(local_server.url("/slow"))
    assert failed.value.transient is True
    assert "slow" in failed.value.reason or "timed out" in failed.value.reason


def test_unexpected_content_type_is_refused(local_server):
    local_server.route("/img", b"\x89PNG....", headers={"Content-Type": "image/png"})
    with pytest.raises(FetchError, match="content type"):
        fetch(local_server.url("/img"), accept=FEED_TYPES)


def test_server_errors_are_transient_and_not_found_is_permanent(local_server):
    local_server.route("/down", "oops", status=503, headers={"Content-Type": "text/html"})
    with pytest.raises(FetchError) as down:
        fetch(local_server.url("/down"))
    assert down.value.transient is True
    with pytest.raises(FetchError) as missing:
        fetch(local_server.url("/missing"))
    assert missing.value.transient is False and missing.value.status == 404


def test_a_second_poll_of_the_same_host_too_soon_waits(local_server, settings):
    settings.INGEST_HOST_DELAY_SECONDS = 30
    first = _feed(local_server, "/one.xml", RSS)
    second = _feed(local_server, "/two.xml", ATOM)
    try:
        jobs.poll_feed(first.pk)
        with pytest.raises(HostBusy) as busy:
            jobs.poll_feed(second.pk)
        assert 0 < busy.value.wait <= 30
        assert local_server.routes["/two.xml"].hits == 0
    finally:
        from django.core.cache import cache

        cache.delete("ingest:host-next:127.0.0.1")


def test_only_due_active_feeds_are_claimed_once(local_server):
    from django.utils import timezone

    due = FeedFactory(next_poll_at=timezone.now() - timezone.timedelta(minutes=1))
    FeedFactory(next_poll_at=timezone.now() + timezone.timedelta(minutes=10))
    FeedFactory(active=False, next_poll_at=timezone.now() - timezone.timedelta(minutes=1))

    assert jobs.claim_due_feeds() == [due.pk]
    assert jobs.claim_due_feeds() == []
    due.refresh_from_db()
    assert due.next_poll_at > timezone.now()


def test_a_claimed_feed_comes_due_again_after_its_interval_or_the_lease(settings):
    """A poll whose message is lost (Redis restarted empty) is retried after the lease, not
    after a whole slow interval; a frequent feed keeps its own interval."""
    from django.utils import timezone

    settings.INGEST_POLL_LEASE_SECONDS = 600
    now = timezone.now()
    hourly = FeedFactory(poll_interval=timezone.timedelta(hours=1), next_poll_at=now)
    frequent = FeedFactory(poll_interval=timezone.timedelta(minutes=2), next_poll_at=now)

    assert sorted(jobs.claim_due_feeds(now)) == sorted([hourly.pk, frequent.pk])
    hourly.refresh_from_db()
    frequent.refresh_from_db()
    assert hourly.next_poll_at == now + timezone.timedelta(minutes=10)
    assert frequent.next_poll_at == now + timezone.timedelta(minutes=2)


PAGE = """<html><head><title>Basra rail link advances | Gulf Wire</title>
<meta name="author" content="Laila Hassan"><meta property="article:published_time"
content="2025-02-10T08:00:00Z"></head><body><nav>Home | World</nav><article>
<h1>Basra rail link advances</h1>
<p>Engineers finished the survey for the Basra rail link on Monday, officials said.</p>
<p>The line will connect the port city with the Iranian border at Shalamcheh and carry both
freight and passengers once the bridges over the Shatt al-Arab are complete.</p>
<p>Work on the bridges is expected to start in the spring, according to the ministry.</p>
</article><footer>Copyright Gulf Wire</footer></body></html>"""


def test_submitted_url_is_fetched_through_redirects_and_extracted(local_server):
    local_server.redirect("/short", local_server.url("/news/basra?utm_medium=social"))
    local_server.route("/news/basra?utm_medium=social", PAGE, headers={"Content-Type": "text/html"})

    outcome = jobs.submit_url(local_server.url("/short"))

    assert outcome.status == "created"
    article = Article.objects.get(pk=outcome.article_id)
    assert article.url == local_server.url("/news/basra")
    assert article.title.startswith("Basra rail link advances")
    assert "Engineers finished the survey" in article.body
    assert "Copyright" not in article.body
    assert article.byline == "Laila Hassan"
    assert jobs.submit_url(local_server.url("/news/basra?utm_source=x")).status == "duplicate"
    assert Feed.objects.count() == 0
