"""Over a hundred broken feed documents and servers, polled by a real worker through Redis.

The worker must survive every one (same process id), record each as an error on its feed
(or as a success with nothing to import when the document is just empty), refuse entity
tricks without fetching anything, and lose nothing stored before.
"""

from __future__ import annotations

import pytest

from articles.models import Article, Feed, IngestionRun
from articles.tasks import poll_feed
from tests.db_support import database_url
from tests.factories import SourceFactory
from tests.faults import corpus
from tests.faults.feedserver import rss
from tests.faults.services import ProductWorker, product_env, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _outcome(feed: Feed) -> tuple[str, int, str]:
    runs = list(IngestionRun.objects.filter(feed=feed))
    assert len(runs) == 1, f"{feed.url}: {len(runs)} runs"
    return runs[0].state, Article.objects.filter(feed=feed).count(), feed.last_error


def _check(case: corpus.Case, feed: Feed) -> str | None:
    """What is wrong with the recorded outcome of one case, or None."""
    state, stored, error = _outcome(feed)
    failed = (
        state == IngestionRun.State.FAILED
        and feed.consecutive_failures == 1
        and bool(error)
        and stored == 0
        and feed.last_success_at is None
    )
    succeeded = state == IngestionRun.State.SUCCEEDED and feed.consecutive_failures == 0
    ok = {
        "error": failed,
        "empty": succeeded and stored == 0 and not error,
        "items": succeeded and stored == case.items and not error,
        "read-or-error": bool(error) and (failed or succeeded),
    }[case.expect]
    if ok and "Traceback" not in error:
        return None
    return (
        f"{case.name}: expected {case.expect} ({case.items}), got state={state} stored={stored}"
        f" failures={feed.consecutive_failures} error={error[:160]!r}"
    )


def test_malformed_feed_corpus_is_recorded_per_feed_and_never_crashes_the_worker(
    shared_redis_url, feed_server, stop_after, logs
):
    source = SourceFactory(slug="corpus-wire", name="Corpus Wire")
    env = product_env(database_url(), shared_redis_url)
    worker = ProductWorker(env, log=logs / "worker.log")
    stop_after.append(worker)
    worker.start()
    pid = worker.process.pid

    # A feed that worked: its articles must survive everything below.
    good_body = rss(
        [
            {
                "title": f"Kept story {i}",
                "link": feed_server.url(f"/kept/{i}"),
                "description": f"Kept story {i}: the Basra customs office reopened gate {i}.",
            }
            for i in range(3)
        ]
    )
    feed_server.route("/good.xml", good_body, headers=corpus.XML)
    good = Feed.objects.create(url=feed_server.url("/good.xml"), source=source)
    poll_feed.apply_async((good.pk,), queue=worker.queue)
    wait_until(
        lambda: Feed.objects.filter(pk=good.pk, last_success_at__isnull=False).exists(),
        60,
        "the good feed",
        worker.output,
    )
    kept = {a.pk: (a.url, a.title, a.body) for a in Article.objects.all()}
    assert len(kept) == 3
    # The same feed now serves garbage.
    feed_server.route("/good.xml", b"\x00\xff garbage", headers=corpus.XML)

    cases = corpus.build(feed_server.url(""), "c")
    polled = [c for c in cases if c.expect != "skip"]
    assert len(polled) >= 100
    feeds: dict[str, Feed] = {}
    for case in cases:
        feed_server.route(f"/c/{case.name}", **case.route)
        if case.refused_path:
            feed_server.route(case.refused_path, "<!ENTITY leaked 'fetched'>")
    for case in polled:
        feeds[case.name] = Feed.objects.create(
            url=feed_server.url(f"/c/{case.name}"), source=source
        )
    for feed in [good, *feeds.values()]:
        poll_feed.apply_async((feed.pk,), queue=worker.queue)

    ids = [good.pk] + [f.pk for f in feeds.values()]

    def all_polled() -> bool:
        assert worker.alive(), worker.output()[-3000:]
        runs = IngestionRun.objects.filter(feed_id__in=ids)
        return (
            runs.count() == len(ids) + 1
            and not runs.filter(state=IngestionRun.State.RUNNING).exists()
        )

    wait_until(all_polled, 240, "every corpus feed to be polled", worker.output)

    assert worker.alive() and worker.process.pid == pid, "the worker must never crash"
    problems = []
    for case in polled:
        feed = feeds[case.name]
        feed.refresh_from_db()
        problem = _check(case, feed)
        if problem:
            problems.append(problem)
        if case.refused_path and feed_server.routes[case.refused_path].hits:
            problems.append(f"{case.name}: {case.refused_path} was fetched")
    assert not problems, "\n".join(problems)
    # Nothing a document smuggled in reached a stored body: no file contents, no script.
    bodies = Article.objects.filter(feed_id__in=ids)
    assert not bodies.filter(body__contains="root:").exists()
    assert not bodies.filter(body__contains="alert(").exists()

    good.refresh_from_db()
    assert good.consecutive_failures == 1 and good.last_error
    assert good.last_success_at is not None
    after = {pk: (a.url, a.title, a.body) for pk, a in Article.objects.in_bulk(kept).items()}
    assert after == kept, "articles stored before must be untouched"
