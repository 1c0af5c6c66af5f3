"""The ingestion console in Chromium: upload with live progress, a feed added from
discovery, a failing feed's error, a submitted URL corrected before storing. The outside
sites are a local HTTP server on 127.0.0.1; tasks run in a real Celery worker."""

import json

import pytest

from articles.models import Article, Feed, IngestionRun
from tests.articles.ingest.celery_worker import wait_for
from tests.browser.support import axe_violations, format_violations, login, screenshot
from tests.editorial.console_support import console_worker_fixture  # noqa: F401
from tests.factories import FeedFactory, SourceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_an_upload_shows_its_progress_live_until_it_completes(page, console_worker, tmp_path):
    UserFactory(username="editor", role="editor")
    rows = [
        {"title": f"Border market {i}", "body": f"Traders returned to border market {i}."}
        for i in range(5000)
    ]
    lines = [json.dumps(r) for r in rows]
    lines.insert(300, "{broken")
    path = tmp_path / "markets.jsonl"
    path.write_text("\n".join(lines))
    login(page, "editor")

    page.goto("/editorial/uploads/")
    no_axe_violations(page)
    page.locator("#upload-files").set_input_files(str(path))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url("**/editorial/runs/*/")
    assert "import started as run #" in page.locator(".messages").inner_text()
    seen = set()
    # htmx polls the counts every second; the bar moves, then the run reads succeeded.
    for _ in range(600):
        seen.add(
            page.locator("#run-bar").get_attribute("value")
            if page.locator("#run-bar").count()
            else None
        )
        if "succeeded" in page.locator("#run-state").inner_text():
            break
        page.wait_for_timeout(100)
    assert "succeeded" in page.locator("#run-state").inner_text(), console_worker.output()[-2000:]
    # The page showed the run part-way, not only at its start and end.
    run = IngestionRun.objects.get()
    assert seen - {None, "0", "1", "5001"}, (seen, run.duration)
    assert page.locator("#run-created").inner_text() == "5000"
    assert page.locator("#run-refused").inner_text() == "1"
    assert page.locator("#run-bar").get_attribute("value") == "5001"
    assert "invalid JSON" in page.locator("#refused-rows").inner_text()
    assert "301" in page.locator("#refused-rows").inner_text()  # its line in the file
    no_axe_violations(page)
    screenshot(page, "console-upload-finished")
    assert Article.objects.count() == 5000

    page.get_by_role("link", name="Runs", exact=True).click()
    assert "markets.jsonl" in page.locator("tbody").inner_text()
    no_axe_violations(page)


HOME = """<!doctype html><html lang="en"><head><title>Shafaq News</title>
<link rel="alternate" type="application/rss+xml" title="Shafaq English" href="/en/rss.xml">
</head><body><p>news</p></body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Shafaq English</title>
<item><title>Basra rail link advances</title><link>http://127.0.0.1:{port}/a/1</link>
<description>Work on the Shalamcheh railway advanced this week, officials said.</description>
</item></channel></rss>"""


def test_an_editor_adds_a_feed_found_on_a_home_page_and_it_is_polled(
    page, console_worker, local_server
):
    UserFactory(username="editor", role="editor")
    local_server.route("/", HOME, headers={"Content-Type": "text/html; charset=utf-8"})
    local_server.route(
        "/en/rss.xml",
        RSS.format(port=local_server.port),
        headers={"Content-Type": "application/rss+xml"},
    )
    login(page, "editor")

    page.goto("/editorial/sources/")
    no_axe_violations(page)
    page.get_by_label("Find the feeds of a site: its home page address").fill(local_server.url("/"))
    page.get_by_role("button", name="Find feeds").click()
    offered = page.get_by_role("form", name="Add Shafaq English")
    offered.wait_for()
    no_axe_violations(page)
    assert (
        offered.get_by_label("Source (an existing").input_value() == "127.0.0.1"
    )  # its host, unknown
    offered.get_by_label("Source (an existing").fill("Shafaq News")
    offered.get_by_label("Language (a new source)").select_option("en")
    offered.get_by_role("button", name="Add this feed").click()
    page.wait_for_url("**/editorial/sources/#feed-*")
    feed = Feed.objects.get(url=local_server.url("/en/rss.xml"))
    assert feed.source.name == "Shafaq News" and feed.title == "Shafaq English"
    row = page.locator(f"#feed-{feed.pk}")
    assert "healthy" in row.inner_text() and "last success: never" in row.inner_text()

    row.get_by_role("button", name="Poll now").click()
    assert "queued" in page.locator(".messages").inner_text()
    wait_for(
        lambda: Feed.objects.filter(pk=feed.pk, last_success_at__isnull=False).exists(),
        60,
        "the poll",
        console_worker,
    )
    page.reload()
    assert "last success: never" not in page.locator(f"#feed-{feed.pk}").inner_text()
    assert IngestionRun.objects.get(feed=feed).started_by.username == "editor"
    assert Article.objects.get().title == "Basra rail link advances"
    screenshot(page, "console-feed-added")


def test_a_failing_feed_shows_its_error_and_backoff(page, console_worker, local_server):
    UserFactory(username="editor", role="editor")
    local_server.route("/gone.xml", "gone", status=410, headers={"Content-Type": "text/plain"})
    feed = FeedFactory(url=local_server.url("/gone.xml"), source=SourceFactory(name="Old Outlet"))
    login(page, "editor")

    page.goto("/editorial/sources/")
    page.locator(f"#feed-{feed.pk}").get_by_role("button", name="Poll now").click()
    wait_for(
        lambda: Feed.objects.filter(pk=feed.pk, consecutive_failures=1).exists(),
        60,
        "the failed poll",
        console_worker,
    )
    page.goto("/editorial/sources/?status=failing")
    row = page.locator(f"#feed-{feed.pk}")
    text = row.inner_text()
    assert "failing" in text and "HTTP 410 from 127.0.0.1" in text
    assert "1 failure in a row, backing off: 2 × its interval" in text
    no_axe_violations(page)
    screenshot(page, "console-failing-feed")
    run = IngestionRun.objects.get(feed=feed)
    page.goto(f"/editorial/runs/{run.pk}/")
    assert "failed" in page.locator("#run-state").inner_text()
    assert "HTTP 410" in page.locator("#refused-rows").inner_text()
    no_axe_violations(page)

    # Fix it: the feed's and its source's edit forms.
    page.goto("/editorial/sources/?status=failing")
    page.locator(f"#feed-{feed.pk}").get_by_role("link", name="Edit").click()
    no_axe_violations(page)
    page.get_by_label("Feed address").fill(local_server.url("/moved.xml"))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/editorial/sources/#feed-*")
    assert Feed.objects.get(pk=feed.pk).url == local_server.url("/moved.xml")
    page.get_by_role("link", name="Edit source Old Outlet").click()
    no_axe_violations(page)
    page.get_by_label("Name").fill("Old Outlet (archive)")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/editorial/sources/#source-*")
    assert "Old Outlet (archive)" in page.locator("main").inner_text()


def test_an_editor_submits_a_url_corrects_its_title_and_stores_it(page, local_server):
    from tests.editorial.test_console_submit import PAGE

    UserFactory(username="editor", role="editor")
    local_server.route("/rail", PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    login(page, "editor")

    page.goto("/editorial/submit/")
    no_axe_violations(page)
    page.get_by_label("Addresses, one per line").fill(
        f"{local_server.url('/rail')}\nhttp://10.0.0.7/private"
    )
    page.get_by_role("button", name="Preview").click()
    first = page.locator("#preview-1")
    assert first.get_by_label("Title").input_value() == "Rail link to Basra advances"
    assert "Engineers laid the last kilometres" in first.inner_text()
    assert "Refused: 10.0.0.7 is a private address" in page.locator("#preview-2").inner_text()
    no_axe_violations(page)
    screenshot(page, "console-submit-preview")

    first.get_by_label("Title").fill("Shalamcheh rail link nears completion")
    first.get_by_role("button", name="Store this article").click()
    page.locator("#stored-1").wait_for()
    assert "with your title" in page.locator("#stored-1").inner_text()
    article = Article.objects.get()
    assert article.corrected and article.title == "Shalamcheh rail link nears completion"
    page.locator("#stored-1").get_by_role("link", name="Open the article").click()
    page.get_by_role("heading", name="Shalamcheh rail link nears completion").wait_for()
