"""Articles in another language than en/fa/ar: recognised, stored, marked, never linked.

The texts are short sentences written for these tests, about the railway and the border.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from articles.ingest import jobs, pipeline, runs
from articles.ingest.clean import detect_language
from articles.ingest.items import RawItem
from articles.models import Article, ArticleLink, IngestionRun
from tests.factories import AliasFactory, ArticleFactory, ArticleLinkFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

TURKISH = (
    "Basra–Shalamcheh railway için çalışmalar bu yıl hızlandı ve iki ülke arasında yeni bir "
    "anlaşma imzalandı. Bakan, hattın gelecek yıl açılacağını söyledi ve projenin bölge için "
    "çok önemli olduğunu belirtti."
)
FRENCH = (
    "Les travaux du Basra–Shalamcheh railway ont repris cette semaine, selon le ministre des "
    "transports. La ligne sera ouverte aux voyageurs et aux marchandises dans un an, et elle "
    "reliera les deux pays par la frontière."
)
AZERBAIJANI = (
    "Bakı və Tehran arasında yeni nəqliyyat dəhlizi üçün danışıqlar davam edir. Nazir bildirib "
    "ki, bu layihə hər iki ölkə üçün çox vacibdir və gələn il başa çatacaq."
)
SORANI = (
    "کارەکانی هێڵی ئاسنینی شلمچه و بەسرە لەم هەفتەیەدا دەستیان پێکردەوە. وەزیر ڕایگەیاند کە "
    "هێڵەکە ساڵی داهاتوو بۆ گەشتیاران دەکرێتەوە."
)
URDU = (
    "ایران اور عراق کے درمیان ریلوے لائن پر کام دوبارہ شروع ہو گیا ہے۔ وزیر نے کہا کہ یہ منصوبہ "
    "اگلے سال مکمل ہوگا اور دونوں ملکوں کے لیے بہت اہم ہے۔"
)
PASHTO = (
    "د ایران او عراق ترمنځ د اورګاډي پټلۍ کار بیا پیل شو. وزیر وویل چې دا پروژه به راتلونکی "
    "کال بشپړه شي او د دواړو هېوادونو لپاره ډېره مهمه ده."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (TURKISH, "tr"),
        (FRENCH, "fr"),
        (AZERBAIJANI, "az"),
        (SORANI, "ckb"),
        (URDU, "ur"),
        (PASHTO, "ps"),
        ("Кабинет министров обсудил новую железную дорогу до границы.", "und"),
    ],
)
def test_another_language_is_recognised_whatever_the_hint_says(text, language):
    assert detect_language(text) == language
    for hint in ("en", "fa", "ar"):
        assert detect_language(text, hint) == language


@pytest.mark.parametrize(
    ("text", "hint", "language"),
    [
        # A headline has no stop words: English it stays, as the source says.
        ("Basra–Shalamcheh railway: track reaches Shalamcheh", "", "en"),
        ("Basra–Shalamcheh railway: track reaches Shalamcheh", "en", "en"),
        # An English story quoting a French phrase is English.
        (
            "The minister said the line was a “projet de la plus haute importance” and that "
            "it would open to passengers and freight within a year of the agreement.",
            "",
            "en",
        ),
        # A Persian story with one Kurdish place name (هەولێر, Erbil) is Persian.
        (
            "هیئت ایرانی برای گفتگو درباره تجارت مرزی به هەولێر رفت و با مقامات اقلیم دیدار "
            "کرد. این دیدار برای توسعه بازارچه‌های مرزی اهمیت دارد.",
            "",
            "fa",
        ),
        # Too short to tell: the source's word stands, in either direction.
        ("Demiryolu hattı", "tr", "tr"),
        ("سكة حديد", "ar", "ar"),
    ],
)
def test_english_persian_and_arabic_stay_themselves(text, hint, language):
    assert detect_language(text, hint) == language


@pytest.fixture
def railway():
    rail = InitiativeFactory(slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway")
    AliasFactory(initiative=rail, text="Basra–Shalamcheh railway", language="en")
    AliasFactory(initiative=rail, text="شلمچه", language="fa", specificity=0.6)
    AliasFactory(initiative=rail, text="railway", language="en", specificity=0.2)
    return rail


def _ingest(**fields):
    return pipeline.ingest_item(RawItem(**fields), via=Article.Via.API)


@pytest.mark.parametrize(
    ("body", "hint", "language"),
    [(TURKISH, "en", "tr"), (FRENCH, "", "fr"), (SORANI, "fa", "ckb"), (URDU, "", "ur")],
)
def test_an_article_in_another_language_is_stored_marked_and_not_linked(
    railway, body, hint, language
):
    outcome = _ingest(title="Basra–Shalamcheh railway", body=body, language=hint)

    assert outcome.status == "created"
    article = Article.objects.get(pk=outcome.article_id)
    assert article.language == language
    assert not article.is_linkable and article.not_linked_reason == "language not supported"
    assert not ArticleLink.objects.filter(article=article).exists()
    assert article.statements.count() == 0 and article.places.count() == 0


def test_the_same_name_in_an_english_article_still_links(railway):
    body = "Work on the Basra–Shalamcheh railway resumed this week, the minister said."
    outcome = _ingest(title="Basra–Shalamcheh railway works resume", body=body)
    article = Article.objects.get(pk=outcome.article_id)
    assert article.language == "en" and article.is_linkable
    assert ArticleLink.objects.filter(article=article, initiative=railway).exists()


def test_a_file_line_in_another_language_is_imported_and_a_bad_code_refused(railway, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"body": "Die Arbeiten an der Eisenbahn an der Grenze wurden wieder aufgenommen.", '
        '"language": "de"}\n'
        '{"body": "Iraq and Iran agreed on the railway.", "language": "english"}\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)

    assert "imported 1, duplicates 0, refused 1" in out.getvalue()
    assert "language “english” is not a language code" in out.getvalue()
    assert Article.objects.get().language == "de"


def test_relink_drops_machine_suggestions_of_an_article_in_another_language(railway):
    article = ArticleFactory(title="Basra–Shalamcheh railway", body=TURKISH, language="tr")
    old = ArticleLinkFactory(article=article, initiative=railway, score=0.6)
    confirmed = ArticleLinkFactory(
        article=ArticleFactory(body=FRENCH, language="fr"),
        initiative=railway,
        state="confirmed",
        origin="editor",
        decided_at="2025-01-01T00:00Z",
    )
    run = runs.start_run(IngestionRun.Kind.RELINK, label="relink")

    jobs.relink(run.pk)

    assert not ArticleLink.objects.filter(pk=old.pk).exists()
    assert ArticleLink.objects.get(pk=confirmed.pk).state == "confirmed"  # an editor's stays
    assert not ArticleLink.objects.filter(article=article).exists()


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_article_page_and_the_timeline_say_it_is_not_linked(client):
    article = ArticleFactory(title="Demiryolu çalışmaları", body=TURKISH, language="tr")

    page = _text(client.get(article.get_absolute_url()))
    assert "Not linked: language not supported" in page
    assert "Turkish" in page and 'lang="tr"' in page

    timeline = _text(client.get("/timeline/"))
    assert "Demiryolu çalışmaları" in timeline
    assert "Turkish · not linked: language not supported" in timeline


def test_the_api_says_an_article_in_another_language_is_not_linked(railway, editor):
    api = APIClient()
    api.force_authenticate(editor)
    posted = api.post(
        "/api/v1/articles/",
        {"title": "Basra–Shalamcheh railway", "body": TURKISH, "language": "en"},
        format="json",
    )
    assert posted.status_code == 201, posted.data
    assert posted.data["language"] == "tr" and posted.data["links"] == []
    assert posted.data["not_linked_reason"] == "language not supported"

    ArticleFactory(title="Sorani", body=SORANI, language="ckb")
    listed = api.get("/api/v1/articles/?language=ckb").json()["results"]
    assert [(a["language"], a["links"], a["not_linked_reason"]) for a in listed] == [
        ("ckb", [], "language not supported")
    ]
    english = api.get(f"/api/v1/articles/{ArticleFactory().pk}/").json()
    assert english["not_linked_reason"] == ""


def test_the_api_refuses_a_language_that_is_no_code(editor):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post("/api/v1/articles/", {"body": FRENCH, "language": "French!"}, format="json")
    assert response.status_code == 400
    assert "Not a language code" in str(response.data["language"])
    assert not Article.objects.exists()


def test_search_and_timeline_filter_by_another_language(client):
    ArticleFactory(title="Demiryolu çalışmaları", body=TURKISH, language="tr")
    ArticleFactory(title="Rail works resume", body="Rail works resumed at the border.")

    search = _text(client.get("/search/", {"q": "Shalamcheh"}))
    assert ">Turkish</a>" in search  # the language facet is named, not a bare code

    narrowed = client.get("/search/", {"q": "Shalamcheh", "language": "tr"})
    assert narrowed.status_code == 200
    assert "Demiryolu çalışmaları" in _text(narrowed)
    timeline = client.get("/timeline/", {"language": "tr"})
    assert timeline.status_code == 200
    page = _text(timeline)
    assert "Demiryolu çalışmaları" in page and "Rail works resume" not in page
    assert client.get("/timeline/", {"language": "xx"}).status_code == 400
