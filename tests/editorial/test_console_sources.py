"""The sources and feeds page: health at a glance, filters, actions, discovery and OPML."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.ingest.opml import OPML_NS
from articles.models import EventCount, Feed, Source
from initiatives.models import AuditEvent
from tests.editorial.console_support import queued, require_redis, route_uploads_to, text
from tests.factories import (
    ArticleFactory,
    ArticleLinkFactory,
    CountryFactory,
    FeedFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def add(client, **values):
    data = {"language": "en", "poll_minutes": 30, **values}
    return client.post(reverse("editorial-feed-add"), data)


def test_a_source_row_shows_its_feeds_health_chart_and_confirmed_links(editor_client):
    iran = CountryFactory(code="IR", name="Iran")
    irna = SourceFactory(name="IRNA", language="fa", country=iran)
    now = timezone.now()
    FeedFactory(
        source=irna,
        url="http://127.0.0.1:9/fa/rss",
        last_success_at=now - dt.timedelta(hours=3),
        last_error="HTTP 503 from 127.0.0.1",
        last_error_at=now - dt.timedelta(minutes=20),
        consecutive_failures=2,
        next_poll_at=now + dt.timedelta(hours=2),
    )
    today = now.date()
    for days_ago, n in ((0, 4), (1, 6), (40, 99)):  # 40 days ago is outside the chart
        EventCount.objects.create(
            dimension="source",
            value=str(irna.pk),
            kind="article",
            day=today - dt.timedelta(days=days_ago),
            language="fa",
            n=n,
        )
    ArticleLinkFactory(article=ArticleFactory(source=irna), state="confirmed", decided_at=now)

    page = text(editor_client.get(reverse("editorial-sources")))

    assert "IRNA" in page and "Persian · Iran" in page
    assert "Last error" in page and "HTTP 503 from 127.0.0.1" in page
    assert "2 failures in a row, backing off: 4 × its interval, every 120 minutes" in page
    assert 'aria-label="10 articles in 30 days, at most 6 a day"' in page
    assert '<td class="num">1</td>' in page  # confirmed links


def test_the_page_reads_counts_in_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    for i in range(30):
        FeedFactory(source=SourceFactory(name=f"Outlet {i}"))
    with django_assert_max_num_queries(15):
        editor_client.get(reverse("editorial-sources"))


def test_filters_failing_paused_language_and_side(editor_client):
    iraq = CountryFactory(code="IQ", name="Iraq")
    FeedFactory(source=SourceFactory(name="Failing Outlet"), consecutive_failures=3)
    FeedFactory(source=SourceFactory(name="Paused Outlet"), active=False)
    FeedFactory(source=SourceFactory(name="Arabic Outlet", language="ar", country=iraq))

    def names(**query):
        page = text(editor_client.get(reverse("editorial-sources"), query))
        page = page.split('class="table compact sources-table"')[1]
        return {n for n in ("Failing Outlet", "Paused Outlet", "Arabic Outlet") if n in page}

    assert names(status="failing") == {"Failing Outlet"}
    assert names(status="paused") == {"Paused Outlet"}
    assert names(language="ar") == {"Arabic Outlet"}
    assert names(side="IQ") == {"Arabic Outlet"}


def test_adding_a_feed_with_a_new_source_is_audited(editor_client, editor):
    response = add(
        editor_client,
        url="http://93.184.215.7/rss.xml",
        title="Shafaq News",
        source="Shafaq News",
        language="ar",
    )
    feed = Feed.objects.get(url="http://93.184.215.7/rss.xml")
    assert response.status_code == 302 and response["Location"].endswith(f"#feed-{feed.pk}")
    assert (feed.source.name, feed.source.language, feed.title) == (
        "Shafaq News",
        "ar",
        "Shafaq News",
    )
    assert AuditEvent.objects.filter(action="feed.create", actor=editor).count() == 1
    assert AuditEvent.objects.filter(action="source.create").count() == 1


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.1.2.3/rss.xml", "refused, 10.1.2.3 is a private address"),
        ("http://192.168.0.9/feed", "refused, 192.168.0.9 is a private address"),
        ("http://intranet.internal/rss", "is an internal name"),
    ],
)
def test_a_feed_address_on_a_private_network_is_refused_and_nothing_stored(
    editor_client, url, reason
):
    source = SourceFactory(slug="irna")
    response = add(editor_client, url=url, source="irna")
    assert response.status_code == 400 and reason in text(response)
    assert not Feed.objects.exists() and list(Source.objects.all()) == [source]


def test_a_duplicate_feed_is_refused_naming_its_source(editor_client):
    FeedFactory(url="http://93.184.215.7/rss.xml", source=SourceFactory(name="IRNA", slug="irna"))
    response = add(editor_client, url="http://93.184.215.7/rss.xml", source="Other")
    assert response.status_code == 400
    assert "http://93.184.215.7/rss.xml is already a feed of IRNA: nothing was added." in text(
        response
    )
    assert Feed.objects.count() == 1 and not Source.objects.filter(name="Other").exists()


def test_pause_and_resume_are_audited_and_resume_polls_at_once(editor_client, editor):
    feed = FeedFactory(next_poll_at=timezone.now() + dt.timedelta(hours=5), consecutive_failures=3)
    editor_client.post(reverse("editorial-feed-pause", args=[feed.pk]))
    feed.refresh_from_db()
    assert not feed.active
    assert "none while paused" in text(editor_client.get(reverse("editorial-sources")))
    editor_client.post(reverse("editorial-feed-resume", args=[feed.pk]))
    feed.refresh_from_db()
    assert feed.active and feed.next_poll_at <= timezone.now()
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["feed.pause", "feed.resume"]


def test_poll_now_queues_the_real_poll_task_as_the_editor(editor_client, editor, monkeypatch):
    require_redis()
    queue = f"unconsumed-{uuid.uuid4().hex[:8]}"
    route_uploads_to(monkeypatch, queue, "poll_feed")
    feed = FeedFactory()
    response = editor_client.post(reverse("editorial-feed-poll", args=[feed.pk]), follow=True)
    assert "Poll of" in text(response) and "queued" in text(response)
    assert queued(queue) == [("articles.tasks.poll_feed", [feed.pk, editor.pk])]
    assert AuditEvent.objects.filter(action="feed.poll").exists()


def test_editing_a_feed_and_a_source(editor_client):
    feed = FeedFactory(url="http://93.184.215.7/old.xml")
    other = SourceFactory(slug="shafaq", name="Shafaq")
    editor_client.post(
        reverse("editorial-feed-edit", args=[feed.pk]),
        {
            "url": "http://93.184.215.7/new.xml",
            "title": "New",
            "source": "shafaq",
            "poll_minutes": 15,
        },
    )
    feed.refresh_from_db()
    assert (feed.url, feed.source, feed.poll_interval) == (
        "http://93.184.215.7/new.xml",
        other,
        dt.timedelta(minutes=15),
    )
    editor_client.post(
        reverse("editorial-source-edit", args=[other.pk]),
        {"source-name": "Shafaq News", "source-language": "ar", "source-domain": "www.shafaq.com"},
    )
    other.refresh_from_db()
    assert (other.name, other.language, other.domain) == ("Shafaq News", "ar", "shafaq.com")
    assert AuditEvent.objects.filter(action__in=["feed.edit", "source.edit"]).count() == 2


HOME = """<!doctype html><html><head><title>Shafaq</title>
<link rel="alternate" type="application/rss+xml" title="Shafaq English" href="/en/rss.xml">
<link rel="alternate" type="application/atom+xml" title="Shafaq Arabic" href="http://{host}/ar/atom">
<link rel="alternate" hreflang="ar" href="/ar/">
<link rel="stylesheet" href="/s.css"></head><body>news</body></html>"""


def test_discovery_offers_the_feeds_a_home_page_declares(editor_client, local_server):
    host = f"127.0.0.1:{local_server.port}"
    local_server.route("/", HOME.format(host=host), headers={"Content-Type": "text/html"})
    FeedFactory(url=local_server.url("/ar/atom"))

    page = text(
        editor_client.post(reverse("editorial-feed-discover"), {"homepage": local_server.url("/")})
    )

    assert "Shafaq English</bdi></strong> (RSS)" in page
    assert f'value="{local_server.url("/en/rss.xml")}"' in page
    assert f"<code>{local_server.url('/ar/atom')}</code>: already a feed." in page
    assert '/ar/"' not in page.split('id="discovered"')[1].split("</ul>")[0]  # not a feed type


def test_discovery_refuses_a_private_address_and_says_when_there_are_none(
    editor_client, local_server
):
    refused = editor_client.post(
        reverse("editorial-feed-discover"), {"homepage": "http://10.0.0.8/"}
    )
    assert refused.status_code == 400 and "10.0.0.8 is a private address" in text(refused)
    local_server.route(
        "/plain", "<html><head></head></html>", headers={"Content-Type": "text/html"}
    )
    none = editor_client.post(
        reverse("editorial-feed-discover"), {"homepage": local_server.url("/plain")}
    )
    assert "declares no feeds" in text(none)


def opml(*outlines: str) -> bytes:
    return (
        f'<?xml version="1.0"?><opml version="2.0" xmlns:ct="{OPML_NS}"><head><title>t</title>'
        f"</head><body>{''.join(outlines)}</body></opml>"
    ).encode()


OUTLINES = (
    '<outline text="Agencies">'
    '<outline type="rss" text="IRNA English" xmlUrl="http://93.184.215.5/en/rss" '
    'ct:source="irna" ct:sourceName="IRNA" ct:language="fa" ct:country="IR"/>'
    '<outline type="rss" text="INA" xmlUrl="http://93.184.215.6/rss" htmlUrl="https://ina.iq/"/>'
    "</outline>"
)


def import_opml(client, data: bytes, name: str = "feeds.opml"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("editorial-opml-import"), {"opml": SimpleUploadedFile(name, data)}, follow=True
    )


def test_opml_import_reads_our_attributes_and_twice_changes_nothing(editor_client):
    CountryFactory(code="IR", name="Iran")
    first = text(import_opml(editor_client, opml(OUTLINES)))
    assert "2 feeds added, 2 sources added, 0 already known" in first
    irna = Source.objects.get(slug="irna")
    assert (irna.name, irna.language, irna.country.code) == ("IRNA", "fa", "IR")
    assert Source.objects.get(feeds__url="http://93.184.215.6/rss").homepage == "https://ina.iq/"
    state = list(Feed.objects.order_by("url").values())

    again = text(import_opml(editor_client, opml(OUTLINES)))

    assert "0 feeds added, 0 sources added, 2 already known (left as they are)" in again
    assert list(Feed.objects.order_by("url").values()) == state and Source.objects.count() == 2


def test_opml_export_round_trips_with_our_namespace(editor_client):
    iraq = CountryFactory(code="IQ", name="Iraq")
    FeedFactory(
        url="http://93.184.215.6/rss",
        source=SourceFactory(slug="ina", name="INA", language="ar", country=iraq),
    )
    response = editor_client.get(reverse("editorial-opml-export"))
    body = response.content
    assert response["Content-Type"].startswith("text/x-opml")
    assert f'xmlns:ct="{OPML_NS}"'.encode() in body
    assert b'ct:source="ina"' in body and b'ct:country="IQ"' in body and b'ct:language="ar"' in body
    Feed.objects.all().delete()
    Source.objects.all().delete()
    assert "1 feed added, 1 source added" in text(import_opml(editor_client, body))
    assert Source.objects.get(slug="ina").country == iraq


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<opml><body><outline", "OPML refused: not well-formed XML"),
        (b"<rss><channel/></rss>", "not an OPML document"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><opml><body/></opml>', "unsafe XML refused"),
        (opml('<outline text="folder only"/>'), "it lists no feeds"),
    ],
)
def test_a_malformed_opml_is_refused_and_nothing_is_imported(editor_client, data, reason):
    kept = FeedFactory()
    page = text(import_opml(editor_client, data))
    assert reason in page
    assert list(Feed.objects.all()) == [kept]


def test_an_opml_over_ten_thousand_feeds_is_refused_whole(editor_client):
    outlines = "".join(
        f'<outline type="rss" text="f{i}" xmlUrl="http://93.184.215.9/{i}.xml"/>'
        for i in range(10_001)
    )
    page = text(import_opml(editor_client, opml(outlines)))
    assert "lists more than 10,000 feeds; import at most 10,000 at a time" in page
    assert not Feed.objects.exists()


def test_one_bad_outline_is_refused_and_the_rest_imported(editor_client):
    data = opml(
        '<outline type="rss" text="Good" xmlUrl="http://93.184.215.5/rss"/>'
        '<outline type="rss" text="Private" xmlUrl="http://192.168.1.1/rss"/>'
    )
    page = text(import_opml(editor_client, data))
    assert "1 feed added" in page and "1 refused" in page
    assert (
        "feed 2 (http://192.168.1.1/rss): http://192.168.1.1/rss: refused, "
        "192.168.1.1 is a private address" in page
    )
    assert list(Feed.objects.values_list("url", flat=True)) == ["http://93.184.215.5/rss"]


def test_a_feed_added_under_an_existing_sources_name_joins_it(editor_client):
    irna = SourceFactory(slug="irna", name="IRNA")
    add(editor_client, url="http://93.184.215.8/rss.xml", source="irna")
    add(editor_client, url="http://93.184.215.9/rss.xml", source="Irna")
    assert list(Feed.objects.values_list("source", flat=True)) == [irna.pk, irna.pk]
    assert Source.objects.count() == 1


def test_an_opml_of_ten_thousand_feeds_is_imported_whole_and_audited(editor_client, editor):
    outlines = "".join(
        f'<outline type="rss" text="f{i}" xmlUrl="http://93.184.215.9/{i}.xml" '
        f'ct:source="outlet-{i % 100}" ct:sourceName="Outlet {i % 100}"/>'
        for i in range(10_000)
    )
    page = text(import_opml(editor_client, opml(outlines)))
    assert "10000 feeds added, 100 sources added, 0 already known" in page
    assert Feed.objects.count() == 10_000 and Source.objects.count() == 100
    assert AuditEvent.objects.filter(action="feed.create", actor=editor).count() == 10_000
