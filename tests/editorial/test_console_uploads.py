"""Uploading files in the console: each file a run through the real Celery task (a worker on
the real Redis broker), the file passed by reference, repeats recognised, bad files refused."""

import base64
import json
import uuid

import pytest
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, IngestionRun, Upload
from tests.articles.ingest.celery_worker import wait_for
from tests.articles.ingest.conftest import SEEDS
from tests.editorial.console_support import queued, require_redis, route_uploads_to, text
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def jsonl(rows: list) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows).encode()


def good(i: int) -> dict:
    return {
        "title": f"Border market {i} reopens",
        "body": f"Traders returned to border market number {i} on the Iran–Iraq frontier.",
        "url": f"https://news.example/market-{i}",
        "language": "en",
    }


def finished(run_id: int):
    run = IngestionRun.objects.get(pk=run_id)
    return run if run.state != IngestionRun.State.RUNNING else None


def post(client, *files):
    return client.post(reverse("editorial-upload"), {"files": list(files)})


def test_a_file_with_one_bad_row_stores_the_good_rows_and_reports_the_bad_line(
    editor_client, editor, console_worker
):
    data = jsonl([good(1), good(2), "{not json", good(3)])
    response = post(editor_client, SimpleUploadedFile("march.jsonl", data))

    run = IngestionRun.objects.get(kind="file", label="march.jsonl")
    assert response.status_code == 302 and response["Location"] == f"/editorial/runs/{run.pk}/"
    run = wait_for(lambda: finished(run.pk), 60, "the upload's run", console_worker)
    assert run.state == "succeeded" and run.started_by == editor
    assert (run.total, run.created, run.duplicates, run.refused) == (4, 3, 0, 1)
    assert Article.objects.filter(ingestion_run=run).count() == 3
    page = text(editor_client.get(reverse("editorial-run", args=[run.pk])))
    assert "4 of 4 items (100%)" in page
    assert '<td class="num">3</td><td>invalid JSON' in page  # line 3 of the file


def test_the_same_file_again_creates_nothing_new_and_says_so(editor_client, console_worker):
    data = jsonl([good(1), good(2)])
    post(editor_client, SimpleUploadedFile("a.jsonl", data))
    first = IngestionRun.objects.get(label="a.jsonl")
    wait_for(lambda: finished(first.pk), 60, "the first import", console_worker)

    response = post(editor_client, SimpleUploadedFile("copy-of-a.jsonl", data))

    page = text(response)
    assert "copy-of-a.jsonl is the same file as “a.jsonl”" in page
    assert f"imported by run #{first.pk}: nothing new was imported" in page
    assert IngestionRun.objects.filter(kind="file").count() == 1
    assert Upload.objects.count() == 1 and Article.objects.count() == 2


def test_several_files_at_once_each_become_a_run(editor_client, console_worker):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    csv_file = b"title,body,language\nRail talks,Officials met on the Shalamcheh railway.,en\n"
    response = post(
        editor_client,
        SimpleUploadedFile(seed.name, seed.read_bytes()),
        SimpleUploadedFile("rail.csv", csv_file),
    )
    page = text(response)
    assert response.status_code == 200 and page.count("import started as run #") == 2
    for run in IngestionRun.objects.filter(kind="file"):
        run = wait_for(lambda run=run: finished(run.pk), 60, "each import", console_worker)
        assert (run.state, run.created) == ("succeeded", 1), run.errors


def test_the_task_message_carries_ids_not_the_file(editor_client, monkeypatch):
    require_redis()
    queue = f"unconsumed-{uuid.uuid4().hex[:8]}"
    route_uploads_to(monkeypatch, queue)
    data = jsonl([good(i) for i in range(200)])

    post(editor_client, SimpleUploadedFile("big.jsonl", data))

    broker = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(broker.scan_iter(match=f"{queue}*"))
    messages = [m for k in keys for m in broker.lrange(k, 0, -1)]
    broker.delete(*keys)
    assert len(messages) == 1 and len(messages[0]) < 2000 < len(data)
    upload = Upload.objects.get()
    run = IngestionRun.objects.get(label="big.jsonl")
    body = json.loads(messages[0])["body"]
    args, _kwargs, _embed = json.loads(base64.b64decode(body))
    assert args == [run.pk, upload.pk]
    assert upload.content.encode() == data and upload.run == run


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.pdf", b"%PDF-1.4", "report.pdf: not a file type we import (only .txt, .jsonl"),
        ("no-body.csv", b"title,url\nA,https://x.example/a\n", "has no “body” column"),
        ("odd.csv", b"body,colour\ntext,red\n", "unknown CSV column(s) colour"),
        ("latin1.txt", "Téhéran".encode("latin-1"), "latin1.txt is not UTF-8 text"),
        ("empty.jsonl", b"  \n", "empty.jsonl is empty"),
    ],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_lost(
    editor_client, name, data, expected
):
    kept = ArticleFactory(title="Stored before")
    response = post(editor_client, SimpleUploadedFile(name, data))
    assert response.status_code == 400 and expected in text(response)
    assert not Upload.objects.exists() and not IngestionRun.objects.exists()
    assert list(Article.objects.values_list("pk", flat=True)) == [kept.pk]


def test_an_oversized_file_is_refused_saying_the_limit(editor_client, settings):
    settings.CONSOLE_UPLOAD_MAX_BYTES = 1024
    response = post(editor_client, SimpleUploadedFile("huge.jsonl", jsonl([good(1)] * 40)))
    page = text(response)
    assert response.status_code == 400
    assert "huge.jsonl is 0.0 MB; files up to 0.0 MB are accepted" not in page
    assert "files up to 1 KB are accepted" in page
    assert not IngestionRun.objects.exists()
    form = text(editor_client.get(reverse("editorial-upload")))
    assert "Each file up to <strong>1 KB</strong>" in form


def test_files_over_the_request_limit_are_refused_saying_it_and_nothing_is_stored(
    editor_client, settings
):
    """REQUEST_MAX_BYTES (5 MB) bounds the whole request, the files of one upload together."""
    data = jsonl([good(i) | {"body": "x" * 2000 + f" {i}"} for i in range(3000)])
    assert len(data) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post(editor_client, SimpleUploadedFile("six.jsonl", data))
    assert response.status_code == 413
    assert "The request body is too large: at most 5 MB." in text(response)
    assert not Upload.objects.exists() and not IngestionRun.objects.exists()
    form = text(editor_client.get(reverse("editorial-upload")))
    assert "Each file up to <strong>4.9 MB</strong>; several at once, up to 5 MB together" in form


def test_a_larger_file_is_accepted_when_both_limits_are_raised(
    editor_client, monkeypatch, settings
):
    require_redis()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.CONSOLE_UPLOAD_MAX_BYTES = 8 * 1024 * 1024
    queue = f"unconsumed-{uuid.uuid4().hex[:8]}"
    route_uploads_to(monkeypatch, queue)
    data = jsonl([good(i) | {"body": "x" * 2000 + f" {i}"} for i in range(3000)])

    response = post(editor_client, SimpleUploadedFile("six.jsonl", data))

    assert response.status_code == 302
    upload, run = Upload.objects.get(), IngestionRun.objects.get()
    assert upload.size == len(data) > 6 * 1024 * 1024
    assert queued(queue) == [("articles.tasks.import_upload", [run.pk, upload.pk])]
