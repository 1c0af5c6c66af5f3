"""Hostile input never becomes a 500: every list endpoint and dashboard page answers a clear 4xx.

The sweep sends each hostile query string to every API list (enumerated from the OpenAPI
schema, so a new endpoint is swept too) and every dashboard page; specific tests check the
messages, the size limits, and that rejected writes leave the stored rows as they were.
"""

from __future__ import annotations

import base64
import json

import pytest
from django.apps import apps
from django.test import Client, RequestFactory

from accounts.tokens import create_token
from config import errors
from tests import factories
from tests.api_support import _generous_throttles  # noqa: F401 (fixture)
from tests.dashboard_data import build
from tests.security.hostile import api_list_paths

pytestmark = pytest.mark.django_db

INITIATIVE = "basra-shalamcheh-railway"
PAGES = [
    "/",
    "/timeline/",
    "/search/",
    "/map/",
    f"/initiatives/{INITIATIVE}/",
    "/people/masoud-pezeshkian/",
    "/places/basra/",
    "/review/",
    "/activity/",
    "/account/alerts/",
    "/account/tokens/",
    "/editorial/aliases/",
    "/editorial/suggest/initiative/",
    "/login/",
]
# (query string, why it is hostile)
HOSTILE_QUERIES = [
    ("published_after=notadate", "invalid date"),
    ("published_before=9999-12-31", "last representable day (date overflow)"),
    ("date_to=9999-12-31&date_from=0001-01-01", "extreme date range"),
    ("date_from=2025-02-30", "impossible date"),
    ("started_after=notadate&date_after=31-12-2025", "invalid datetimes"),
    ("cursor=garbage", "malformed cursor"),
    ("cursor=" + "A" * 4000, "long cursor"),
    ("cursor=" + base64.b64encode(b"p=notadate&o=1").decode(), "forged cursor position"),
    ("page=abc", "page not a number"),
    ("page=0", "page zero"),
    ("page=-1", "negative page"),
    ("page=99999999999999999999", "page beyond bigint"),
    ("page=²", "unicode digit"),
    ("page_size=abc", "page size not a number"),
    ("page_size=100000000000000000000", "huge page size"),
    ("ordering=nope", "unknown ordering field"),
    ("ordering=-body,__proto__", "ordering on a hidden field"),
    ("pubished_after=2025-01-01", "misspelt filter"),
    ("search=%00", "NUL in a filter"),
    ("q=%00&initiative=a%00b", "NUL in search and slug"),
    ("kind=%00", "NUL in a choice"),
    ("search=%FF%FE", "non-UTF-8 bytes"),
    ("q=%C0%AF%80&initiative=%E9", "overlong / invalid UTF-8"),
    ("q=" + "x" * 3000, "long search query"),
    ("search=" + "y" * 3000, "long full-text filter"),
    ("kind=bogus&buckets=year", "unknown choices"),
    ("language=xx&sector=%20&status=zz", "invalid choices"),
    ("cluster=abc&article=1e400&min_score=nan&feed=inf", "bad numbers"),
    ("weeks=99999999999999999999&healthy=maybe&active=2", "bad numbers and booleans"),
    ("q=%22&search=!!!", "lone quote and punctuation in full-text"),
    ("q=a%20or%20-%20%3A*&search=%26%7C!", "tsquery operators"),
    ("format=xml", "unknown format"),
    ("format=csv&published_before=9999-12-31", "CSV with an extreme date"),
    ("user=%E2%80%AE&initiative=..%2F..%2Fetc", "bidi override and path traversal"),
    ("&".join(f"f{i}=1" for i in range(1100)), "more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS"),
    ("a=" + "z" * 9000, "query string over MAX_QUERY_STRING_BYTES"),
]


@pytest.fixture
def data():
    return build()


@pytest.fixture
def admin_client(data):
    """Signed in as an admin: sees every API list (feeds, runs) and every editor page."""
    client = Client()
    client.force_login(factories.UserFactory(username="boss", role="admin"))
    return client


def stored_rows() -> dict[str, int]:
    """How many rows each of the product's tables holds."""
    return {
        model._meta.label: model.objects.count()
        for app in ("initiatives", "articles")
        for model in apps.get_app_config(app).get_models()
    }


def _is_json(response) -> bool:
    return response["Content-Type"].split(";")[0].endswith("json")


# --------------------------------------------------------------------------- the sweep


@pytest.mark.parametrize(
    "query", [q for q, _ in HOSTILE_QUERIES], ids=[why for _, why in HOSTILE_QUERIES]
)
def test_hostile_query_never_gets_a_server_error(admin_client, query):
    for url in [*api_list_paths(), *PAGES]:
        response = admin_client.get(f"{url}?{query}")
        assert response.status_code < 500, (url, query, response.content[:300])
        if url.startswith("/api/") and response.status_code >= 400:
            # API errors say what is wrong in JSON (or the CSV asked for), never in HTML.
            if "format=csv" in query and response["Content-Type"].startswith("text/csv"):
                assert b"Unknown query parameter" in response.content, (url, query)
                continue
            assert _is_json(response), (url, query, response.content[:200])
            assert response.json(), (url, query)


def test_anonymous_visitors_get_the_same_protection(data):
    client = Client()
    for url in [*api_list_paths(), *PAGES]:
        for query in ("published_before=9999-12-31", "q=%00", "cursor=garbage", "page=abc"):
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, (url, query)


# --------------------------------------------------------------------------- the messages


def test_an_invalid_date_is_a_400_naming_the_field(admin_client):
    response = admin_client.get("/api/v1/articles/?published_after=notadate")
    assert response.status_code == 400
    assert "date" in response.json()["published_after"][0].lower()
    response = admin_client.get("/api/v1/timeline/?published_after=notadate")
    assert response.status_code == 400
    assert response.json() == {"published_after": ["“notadate” is not a date; use YYYY-MM-DD."]}


def test_the_last_representable_day_is_a_valid_upper_bound(admin_client, data):
    response = admin_client.get("/api/v1/articles/?published_before=9999-12-31")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3
    timeline = admin_client.get("/timeline/?date_to=9999-12-31")
    assert timeline.status_code == 200
    assert "Work resumes on the Shalamcheh railway" in timeline.content.decode()


def test_an_unknown_filter_is_a_400_listing_the_allowed_ones(admin_client):
    response = admin_client.get("/api/v1/articles/?pubished_after=2025-01-01")
    assert response.status_code == 400
    (message,) = response.json()["pubished_after"]
    assert message.startswith("Unknown query parameter. Allowed here:")
    for allowed in ("published_after", "initiative", "cursor", "ordering", "format"):
        assert allowed in message
    timeline = admin_client.get("/api/v1/timeline/?kinds=article&sectr=rail")
    assert timeline.status_code == 400 and list(timeline.json()) == ["sectr"]
    assert "sector" in timeline.json()["sectr"][0]


def test_a_malformed_cursor_is_a_400_not_a_404(admin_client):
    forged = base64.b64encode(b"p=notadate&o=1").decode()
    for url in ("/api/v1/articles/", "/api/v1/statements/", "/api/v1/timeline/"):
        for cursor in ("garbage", forged):
            response = admin_client.get(f"{url}?cursor={cursor}")
            assert response.status_code == 400, (url, cursor)
            assert "cursor" in response.json()
            assert "first page" in response.json()["cursor"][0]


def test_a_cursor_the_api_handed_out_still_works(admin_client):
    first = admin_client.get("/api/v1/articles/?page_size=1").json()
    second = admin_client.get(first["next"])
    assert second.status_code == 200 and len(second.json()["results"]) == 1


def test_invalid_page_numbers_are_400_and_pages_past_the_end_404(admin_client):
    for page in ("abc", "0", "-1", "²"):
        response = admin_client.get(f"/api/v1/initiatives/?page={page}")
        assert response.status_code == 400, page
        assert response.json() == {"page": ["A whole number from 1."]}
    beyond = admin_client.get("/api/v1/initiatives/?page=99")
    assert beyond.status_code == 404
    assert "Page 99 does not exist" in beyond.json()["detail"]
    size = admin_client.get("/api/v1/sources/?page_size=abc")
    assert size.status_code == 400 and size.json() == {
        "page_size": ["A whole number from 1 to 100."]
    }


def test_a_bad_ordering_field_is_a_400_listing_the_sortable_fields(admin_client):
    response = admin_client.get("/api/v1/initiatives/?ordering=-budget")
    assert response.status_code == 400
    (message,) = response.json()["ordering"]
    assert "“-budget”" in message and "status_since" in message
    assert admin_client.get("/api/v1/initiatives/?ordering=-name").status_code == 200


def test_an_unknown_format_is_a_406_naming_the_formats(admin_client):
    response = admin_client.get("/api/v1/initiatives/?format=xml")
    assert response.status_code == 406
    assert "csv" in response.json()["detail"] and "json" in response.json()["detail"]


def test_nul_bytes_are_refused_clearly_on_the_api_and_the_pages(admin_client):
    api = admin_client.get(f"/api/v1/timeline/?initiative={INITIATIVE}%00")
    assert api.status_code == 400
    assert "NUL" in api.json()["detail"]
    page = admin_client.get("/search/?q=rail%00way")
    assert page.status_code == 400
    html = page.content.decode()
    assert "NUL character" in html and "Cooperation Tracker" in html and "Traceback" not in html


def test_non_utf8_bytes_in_parameters_are_read_as_replacement_characters(admin_client):
    response = admin_client.get("/api/v1/initiatives/?search=%FF%FE")
    assert response.status_code == 200 and response.json()["results"] == []
    assert admin_client.get("/search/?q=%FF%FE").status_code == 200


def test_very_long_search_queries_are_refused_with_a_message(admin_client):
    api = admin_client.get("/api/v1/search/?q=" + "rail " * 200)
    assert api.status_code == 400 and api.json() == {"q": ["At most 500 characters."]}
    listed = admin_client.get("/api/v1/articles/?search=" + "x" * 501)
    assert listed.status_code == 400 and "500" in listed.json()["search"][0]
    page = admin_client.get("/search/?q=" + "rail " * 200)
    assert page.status_code == 400
    assert "too long: at most 500 characters" in page.content.decode()


def test_dashboards_explain_a_bad_filter_instead_of_failing(admin_client):
    response = admin_client.get("/timeline/?date_from=notadate")
    assert response.status_code == 400
    assert "is not a date; use YYYY-MM-DD" in response.content.decode()
    response = admin_client.get("/search/?q=railway&page=99999999999999999999")
    assert response.status_code == 400
    assert "The page must be at most 10000." in response.content.decode()


def test_a_huge_query_string_is_a_414(admin_client, settings):
    response = admin_client.get("/api/v1/articles/?search=" + "x" * settings.MAX_QUERY_STRING_BYTES)
    assert response.status_code == 414
    assert "query string is too long" in response.json()["detail"]
    page = admin_client.get("/timeline/?x=" + "y" * settings.MAX_QUERY_STRING_BYTES)
    assert page.status_code == 414 and "too long" in page.content.decode()


def test_too_many_parameters_is_a_400_json_on_the_api(admin_client):
    query = "&".join("kind=a" for _ in range(1100))
    response = admin_client.get(f"/api/v1/timeline/?{query}")
    assert response.status_code == 400
    assert _is_json(response) and response.json()["detail"]


# --------------------------------------------------------------------------- request bodies


@pytest.fixture
def editor_api(data):
    """A client sending an editor's API token (no CSRF involved)."""
    user = factories.UserFactory(username="editor", role="editor")
    _, key = create_token(user, "script")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_an_oversized_body_is_a_413_with_a_json_message(editor_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    before = stored_rows()
    body = json.dumps({"body": "railway " * 20_000, "title": "Too big"})
    response = editor_api.post("/api/v1/articles/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large: at most 64 KB."}
    assert stored_rows() == before


def test_an_oversized_form_on_a_page_is_a_413_page(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = admin_client.post("/account/views/", {"name": "v", "query": "x" * 5000})
    assert response.status_code == 413
    assert "too large: at most 1 KB" in response.content.decode()


def test_deeply_nested_json_is_a_400_not_a_recursion_error(editor_api):
    before = stored_rows()
    deep = "[" * 10_000 + "]" * 10_000
    for url in ("/api/v1/milestones/", "/api/v1/articles/", "/api/v1/tokens/"):
        response = editor_api.post(url, deep, content_type="application/json")
        assert response.status_code == 400, url
        assert response.json() == {"detail": "The JSON is nested too deeply to be read."}
    nested = {
        "initiative": INITIATIVE,
        "date": "2025-03-01",
        "title": json.loads("[" * 200 + "]" * 200),
    }
    response = editor_api.post("/api/v1/milestones/", nested, content_type="application/json")
    assert response.status_code == 400 and "title" in response.json()
    assert stored_rows() == before


def test_nul_in_a_json_body_is_refused_and_nothing_is_written(editor_api):
    before = stored_rows()
    payloads = [
        (
            "/api/v1/milestones/",
            {"initiative": INITIATIVE, "date": "2025-03-01", "title": "A\u0000"},
        ),
        ("/api/v1/feeds/", {"url": "https://example.org/rss", "source": "irna\u0000"}),
        (
            f"/api/v1/initiatives/{INITIATIVE}/milestones/",
            {"date": "2025-03-01", "title": "\u0000"},
        ),
        ("/api/v1/articles/", {"body": "Railway\u0000 news", "title": "x"}),
    ]
    for url, payload in payloads:
        response = editor_api.post(url, payload, content_type="application/json")
        assert response.status_code == 400, url
        assert "NUL" in response.json()["detail"]
    assert stored_rows() == before


def test_nul_in_a_form_is_refused_with_a_page(admin_client):
    before = stored_rows()
    for content_type in ("application/x-www-form-urlencoded", None):
        if content_type:
            response = admin_client.post(
                "/account/subscriptions/", "initiative=a%00b", content_type=content_type
            )
        else:
            response = admin_client.post("/account/subscriptions/", {"initiative": "a\x00b"})
        assert response.status_code == 400
        assert "NUL character" in response.content.decode()
    assert stored_rows() == before


def test_malformed_and_invalid_writes_lose_nothing_already_stored(editor_api, data):
    before = stored_rows()
    link = data.article.links.first()
    writes = [
        ("/api/v1/milestones/", "{not json"),
        ("/api/v1/milestones/", {"initiative": "nope", "date": "2025-13-40", "title": ""}),
        (f"/api/v1/initiatives/{INITIATIVE}/status/", {"status": "proposed"}),
        (f"/api/v1/initiatives/{INITIATIVE}/status/", {"status": "x" * 100_000}),
        (f"/api/v1/articles/{data.article.pk}/links/", {"initiative": ["a", {"b": None}]}),
        (f"/api/v1/links/{link.pk}/confirm/", {"expected_state": "\ud800"}),
        ("/api/v1/feeds/", {"url": "javascript:alert(1)", "source": "irna"}),
        ("/api/v1/articles/", {"body": ""}),
        ("/api/v1/articles/submit-url/", {"url": "http://127.0.0.1:9/"}),
        ("/api/v1/tokens/", {"name": "n" * 101}),
    ]
    for url, payload in writes:
        body = payload if isinstance(payload, str) else json.dumps(payload)
        response = editor_api.post(url, body, content_type="application/json")
        assert 400 <= response.status_code < 500, (url, response.status_code, response.content)
        assert _is_json(response), url
    after = stored_rows()
    # The refused fetch is logged as a failed ingestion run; nothing else changes.
    assert after.pop("articles.IngestionRun") == before.pop("articles.IngestionRun") + 1
    assert after == before


# --------------------------------------------------------------------------- error pages


def test_unknown_addresses_get_a_404_page_or_json(client, db):
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "Page not found" in page.content.decode()
    api = client.get("/api/v1/no-such-endpoint/")
    assert api.status_code == 404 and api.json() == {"detail": errors.MESSAGES[404]}


def test_the_500_page_renders_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = errors.server_error(RequestFactory().get("/timeline/"))
        api = errors.server_error(RequestFactory().get("/api/v1/articles/"))
    assert page.status_code == 500 and "Something went wrong" in page.content.decode()
    assert api.status_code == 500 and json.loads(api.content) == {"detail": errors.MESSAGES[500]}


def test_a_forbidden_page_explains_who_may_open_it(data):
    client = Client()
    client.force_login(factories.UserFactory(username="reader", role="analyst"))
    response = client.get("/activity/")
    assert response.status_code == 403
    assert "signed in as reader" in response.content.decode()


def test_a_lone_surrogate_in_json_is_a_400_not_a_500(editor_api):
    before = stored_rows()
    body = '{"initiative": "basra-shalamcheh-railway", "date": "2025-03-01", "title": "\\ud800"}'
    response = editor_api.post("/api/v1/milestones/", body, content_type="application/json")
    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]
    emoji = body.replace("\\ud800", "\\ud83d\\ude86")  # a valid pair: a train
    response = editor_api.post("/api/v1/milestones/", emoji, content_type="application/json")
    assert response.status_code == 201 and response.json()["title"] == "\U0001f686"
    assert stored_rows()["initiatives.Milestone"] == before["initiatives.Milestone"] + 1
