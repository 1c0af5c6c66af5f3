"""Submit URLs in the console: preview what a page gives, correct it, store it, audited."""

import pytest
from django.urls import reverse

from articles.models import Article
from initiatives.models import AuditEvent
from tests.editorial.console_support import text
from tests.factories import AliasFactory, ArticleFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html lang="en"><head><title>Rail link to Basra advances | News</title>
<meta property="og:title" content="Rail link to Basra advances">
<meta property="article:published_time" content="2025-03-04T08:00:00Z">
</head><body><article><h1>Rail link to Basra advances</h1>
<p>Engineers laid the last kilometres of track on the Shalamcheh railway this week, officials
in Khorramshahr said on Tuesday, as both governments pressed to open the line within a year.</p>
<p>The Shalamcheh railway will connect the Iranian rail network with Basra, carrying pilgrims
and freight across the border crossing that handles most of the trade between the neighbours.</p>
<p>Iraqi transport ministry officials said the bridge over the Shatt al-Arab was the last major
piece of work, and that trains could run as soon as the signalling was tested.</p>
</article></body></html>"""


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def site(local_server):
    local_server.route("/rail", PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    local_server.route("/doc.pdf", b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    return local_server


def preview(client, *urls):
    return text(client.post(reverse("editorial-submit"), {"urls": "\n".join(urls)}))


def store(client, url, **chosen):
    data = {
        "url": url,
        "orig_title": "Rail link to Basra advances",
        "orig_date": "2025-03-04",
        "orig_language": "en",
        "title": "Rail link to Basra advances",
        "date": "2025-03-04",
        "language": "en",
        **chosen,
    }
    return client.post(reverse("editorial-submit-store"), data, HTTP_HX_REQUEST="true")


def test_preview_shows_title_date_text_and_suggested_links_and_stores_nothing(editor_client, site):
    rail = InitiativeFactory(name="Basra–Shalamcheh railway")
    AliasFactory(initiative=rail, text="Shalamcheh railway")

    page = preview(editor_client, site.url("/rail"))

    assert 'name="title" value="Rail link to Basra advances"' in page
    assert 'name="date" type="date" value="2025-03-04"' in page
    assert "Engineers laid the last kilometres of track" in page
    assert "Basra–Shalamcheh railway (score" in page
    assert not Article.objects.exists()


def test_refused_addresses_say_why(editor_client, site):
    page = preview(editor_client, "http://10.0.0.7/news", site.url("/doc.pdf"), "ftp://x.example/a")
    assert "Refused: 10.0.0.7 is a private address" in page
    assert "Refused: unexpected content type “application/pdf”" in page
    assert "Refused: scheme “ftp” refused: only http and https" in page
    assert not Article.objects.exists()


def test_an_address_already_stored_says_so(editor_client, site):
    stored = ArticleFactory(url=site.url("/rail"), title="Stored earlier")
    page = preview(editor_client, site.url("/rail"))
    assert "Already stored:" in page and "Stored earlier" in page
    assert Article.objects.get() == stored


def test_storing_with_corrections_records_them_on_the_article_and_in_the_audit(
    editor_client, editor, site
):
    response = store(
        editor_client,
        site.url("/rail"),
        title="Shalamcheh rail link nears completion",
        date="2025-03-05",
        language="en",
    )

    article = Article.objects.get()
    assert response.status_code == 200
    assert "Stored “Shalamcheh rail link nears completion” with your date, title." in text(response)
    assert article.corrected and article.title == "Shalamcheh rail link nears completion"
    assert article.published_at.isoformat() == "2025-03-05T12:00:00+00:00"
    assert article.ingested_via == "url" and article.ingestion_run.started_by == editor
    audit = AuditEvent.objects.get(action="article.correct")
    assert audit.actor == editor and audit.article == article
    assert audit.before == {"title": "Rail link to Basra advances", "date": "2025-03-04"}
    assert audit.after == {"title": "Shalamcheh rail link nears completion", "date": "2025-03-05"}


def test_storing_unchanged_is_not_marked_corrected(editor_client, site):
    store(editor_client, site.url("/rail"))
    article = Article.objects.get()
    assert not article.corrected and article.title == "Rail link to Basra advances"
    assert not AuditEvent.objects.filter(action="article.correct").exists()
    assert AuditEvent.objects.filter(action="article.submit").exists()


def test_a_language_correction_is_stored(editor_client, site):
    store(editor_client, site.url("/rail"), language="ar")
    article = Article.objects.get()
    assert (article.language, article.corrected) == ("ar", True)


@pytest.mark.parametrize(
    ("chosen", "reason"),
    [
        ({"language": "de"}, "Language “de” is not one of en, fa, ar."),
        ({"date": "5 March"}, "Date “5 March” is not a date (YYYY-MM-DD)."),
        ({"title": "  "}, "The title may not be empty."),
    ],
)
def test_a_bad_correction_is_refused_and_nothing_stored(editor_client, site, chosen, reason):
    response = store(editor_client, site.url("/rail"), **chosen)
    assert response.status_code == 400 and reason in text(response)
    assert not Article.objects.exists()


def test_without_javascript_storing_redirects_back_with_the_message(editor_client, site):
    response = editor_client.post(
        reverse("editorial-submit-store"),
        {
            "url": site.url("/rail"),
            "title": "T",
            "orig_title": "x",
            "language": "en",
            "orig_language": "en",
        },
        follow=True,
    )
    assert "Stored “T” with your title." in text(response)
