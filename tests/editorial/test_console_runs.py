"""The runs list and a run's page: counts, live progress, stuck runs, refused rows as CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from articles.ingest import runs
from articles.models import Feed, IngestionRun
from tests.editorial.console_support import text
from tests.factories import FeedFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_runs_list_shows_kind_starter_state_counts_and_error(editor_client, editor):
    feed = FeedFactory(url="http://127.0.0.1:9/rss.xml")
    poll = runs.start_run(IngestionRun.Kind.FEED, label=feed.url, feed=feed)
    runs.finish_run(poll, failed=True, error="HTTP 503 from 127.0.0.1")
    upload = runs.start_run(IngestionRun.Kind.FILE, label="march.jsonl", by=editor)
    IngestionRun.objects.filter(pk=upload.pk).update(created=7, duplicates=2, refused=1)

    page = text(editor_client.get(reverse("editorial-runs")))

    assert "Feed poll" in page and "HTTP 503 from 127.0.0.1" in page and "failed" in page
    assert "march.jsonl" in page and "editor" in page
    assert '<td class="num">7</td> <td class="num">2</td> <td class="num">1</td>' in page


def test_runs_list_filters_by_kind_state_and_starter(editor_client, editor):
    runs.start_run(IngestionRun.Kind.FILE, label="mine.csv", by=editor)
    runs.finish_run(runs.start_run(IngestionRun.Kind.RELINK, label="relink all"))

    files = text(editor_client.get(reverse("editorial-runs"), {"kind": "file"}))
    assert "mine.csv" in files and "relink all" not in files
    done = text(editor_client.get(reverse("editorial-runs"), {"state": "succeeded"}))
    assert "relink all" in done and "mine.csv" not in done
    by_editor = text(editor_client.get(reverse("editorial-runs"), {"by": "editor"}))
    assert "mine.csv" in by_editor and "relink all" not in by_editor


def test_a_run_without_progress_for_the_lost_run_time_is_shown_stuck_with_the_rule(
    editor_client, settings
):
    settings.INGEST_LOST_RUN_MINUTES = 60
    stuck = runs.start_run(IngestionRun.Kind.FILE, label="stuck.jsonl")
    IngestionRun.objects.filter(pk=stuck.pk).update(started_at=F("started_at") - timedelta(hours=2))
    runs.start_run(IngestionRun.Kind.FILE, label="fresh.jsonl")

    page = text(editor_client.get(reverse("editorial-runs"), {"state": "stuck"}))
    assert "stuck.jsonl" in page and "fresh.jsonl" not in page
    assert "stuck: running, no progress since" in page
    assert "counts nothing for 60 minutes" in page and "close_lost_runs" in page

    detail = text(editor_client.get(reverse("editorial-run", args=[stuck.pk])))
    assert 'id="run-stuck"' in detail and "run it again then" in detail


def test_a_running_run_page_polls_its_counts_and_stops_when_finished(editor_client):
    run = runs.start_run(IngestionRun.Kind.FILE, label="big.jsonl", total=200)
    IngestionRun.objects.filter(pk=run.pk).update(items_seen=50, created=45, duplicates=5)
    progress_url = reverse("editorial-run-progress", args=[run.pk])

    page = text(editor_client.get(reverse("editorial-run", args=[run.pk])))
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in page
    assert (
        '<progress id="run-bar" max="200" value="50">' in page and "50 of 200 items (25%)" in page
    )
    # Without JavaScript the page refreshes itself while the run is running.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page

    IngestionRun.objects.filter(pk=run.pk).update(items_seen=200, created=190, duplicates=10)
    runs.finish_run(IngestionRun.objects.get(pk=run.pk))
    fragment = text(editor_client.get(progress_url, HTTP_HX_REQUEST="true"))
    assert "hx-trigger" not in fragment and "succeeded" in fragment
    assert 'id="run-duplicates">' in fragment


def test_refused_rows_show_line_and_reason_and_download_as_csv(editor_client):
    run = runs.start_run(IngestionRun.Kind.FILE, label="mixed.jsonl", total=3)
    runs.add_errors(
        run,
        [
            "mixed.jsonl:2: invalid JSON (Expecting value)",
            "mixed.jsonl:3: language “de” is not one of en, fa, ar",
        ],
    )
    IngestionRun.objects.filter(pk=run.pk).update(refused=2, items_seen=3)

    page = text(editor_client.get(reverse("editorial-run", args=[run.pk])))
    assert '<td class="num">2</td><td>invalid JSON (Expecting value)</td>' in page

    response = editor_client.get(reverse("editorial-run-refused", args=[run.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="run-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["where", "line", "reason"],
        ["mixed.jsonl", "2", "invalid JSON (Expecting value)"],
        ["mixed.jsonl", "3", "language “de” is not one of en, fa, ar"],
    ]


def console_views(run: IngestionRun, feed) -> list[tuple[str, str]]:
    """Every view of the ingestion console, with the method it answers."""
    return [
        ("get", reverse("editorial-runs")),
        ("get", reverse("editorial-run", args=[run.pk])),
        ("get", reverse("editorial-run-progress", args=[run.pk])),
        ("get", reverse("editorial-run-refused", args=[run.pk])),
        ("get", reverse("editorial-upload")),
        ("post", reverse("editorial-upload")),
        ("get", reverse("editorial-sources")),
        ("get", reverse("editorial-source-edit", args=[feed.source_id])),
        ("post", reverse("editorial-source-edit", args=[feed.source_id])),
        ("post", reverse("editorial-feed-discover")),
        ("post", reverse("editorial-feed-add")),
        ("get", reverse("editorial-feed-edit", args=[feed.pk])),
        ("post", reverse("editorial-feed-edit", args=[feed.pk])),
        ("post", reverse("editorial-feed-pause", args=[feed.pk])),
        ("post", reverse("editorial-feed-resume", args=[feed.pk])),
        ("post", reverse("editorial-feed-poll", args=[feed.pk])),
        ("get", reverse("editorial-opml-export")),
        ("post", reverse("editorial-opml-import")),
        ("get", reverse("editorial-submit")),
        ("post", reverse("editorial-submit")),
        ("post", reverse("editorial-submit-store")),
    ]


def test_console_is_for_editors_and_admins_only(client, analyst):
    from initiatives.models import AuditEvent

    run = runs.start_run(IngestionRun.Kind.API, label="batch")
    feed = FeedFactory()
    views = console_views(run, feed)
    for method, url in views:
        assert getattr(client, method)(url).status_code == 302, url  # to the sign-in page
    client.force_login(analyst)
    for method, url in views:
        assert getattr(client, method)(url).status_code == 403, url
    assert not AuditEvent.objects.exists() and Feed.objects.get().active
    client.force_login(UserFactory(username="admin2", role="admin"))
    assert client.get(reverse("editorial-sources")).status_code == 200
