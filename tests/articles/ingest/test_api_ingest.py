"""POST /api/v1/articles/ and /api/v1/articles/submit-url/ through the real URLs."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from articles.models import Article, IngestionRun

pytestmark = pytest.mark.django_db

BODY = "Iraq and Iran signed a memorandum on border markets in Baghdad on Sunday."


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_editor_posts_an_article_and_gets_it_back(api):
    response = api.post(
        "/api/v1/articles/",
        {
            "title": "Markets memorandum",
            "body": BODY,
            "url": "https://n.example/m?utm_source=x",
            "published_at": "2025-03-02T09:00:00Z",
            "source": "IRNA",
            "byline": "Staff",
        },
        format="json",
    )

    assert response.status_code == 201, response.data
    assert response.data["title"] == "Markets memorandum"
    assert response.data["url"] == "https://n.example/m"
    assert response.data["source"] == "irna"
    assert response.data["language"] == "en"
    run = IngestionRun.objects.get(kind="api")
    assert (run.created, run.state) == (1, "succeeded")


def test_posting_the_same_article_again_returns_the_stored_one_with_200(api):
    first = api.post("/api/v1/articles/", {"body": BODY}, format="json")
    again = api.post("/api/v1/articles/", {"body": "  " + BODY + "\n"}, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.data["id"] == first.data["id"]
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "no body"}, "body"),
        ({"body": BODY, "url": "ftp://x.example/a"}, "url"),
        ({"body": BODY, "language": "German"}, "language"),
        ({"body": BODY, "published_at": "last week"}, "published_at"),
        ({"body": "<script>alert(1)</script>"}, "body"),
    ],
)
def test_bad_input_is_a_400_with_field_errors_and_nothing_stored(api, payload, field):
    response = api.post("/api/v1/articles/", payload, format="json")

    assert response.status_code == 400
    assert field in response.data
    assert Article.objects.count() == 0


def test_analysts_and_anonymous_users_cannot_add_articles(analyst):
    client = APIClient()
    assert client.post("/api/v1/articles/", {"body": BODY}, format="json").status_code in (
        401,
        403,
    )
    client.force_authenticate(analyst)
    assert client.post("/api/v1/articles/", {"body": BODY}, format="json").status_code == 403
    assert (
        client.post(
            "/api/v1/articles/submit-url/", {"url": "https://a.example/"}, format="json"
        ).status_code
        == 403
    )
    assert Article.objects.count() == 0


PAGE = """<html><head><title>Mehran market reopens</title></head><body><article>
<h1>Mehran market reopens</h1><p>The Mehran border market reopened on Sunday after repairs,
local officials said, with more than two hundred traders returning to their stalls.</p>
<p>Trade across the crossing is expected to double before the pilgrimage season.</p>
</article></body></html>"""


def test_submit_url_fetches_and_stores_then_returns_the_duplicate(api, local_server):
    local_server.route("/m", PAGE, headers={"Content-Type": "text/html; charset=utf-8"})

    created = api.post(
        "/api/v1/articles/submit-url/", {"url": local_server.url("/m")}, format="json"
    )
    again = api.post(
        "/api/v1/articles/submit-url/",
        {"url": local_server.url("/m?utm_source=mail")},
        format="json",
    )

    assert created.status_code == 201, created.data
    assert created.data["title"] == "Mehran market reopens"
    assert created.data["ingested_via"] == "url"
    assert again.status_code == 200 and again.data["id"] == created.data["id"]
    assert local_server.routes["/m"].hits == 1


def test_submit_url_refuses_a_private_address_with_the_reason(api, settings):
    settings.INGEST_ALLOW_LOOPBACK = False
    response = api.post(
        "/api/v1/articles/submit-url/",
        {"url": "http://169.254.169.254/latest/meta-data/"},
        format="json",
    )

    assert response.status_code == 400
    assert "metadata" in response.data["url"][0]
    assert IngestionRun.objects.get(kind="url").state == "failed"


def test_submit_url_with_no_article_on_the_page_is_a_400(api, local_server):
    local_server.route(
        "/empty", "<html><body></body></html>", headers={"Content-Type": "text/html"}
    )
    response = api.post(
        "/api/v1/articles/submit-url/", {"url": local_server.url("/empty")}, format="json"
    )
    assert response.status_code == 400
    assert "No article" in response.data["url"][0]
