"""Linking through aliases in three languages, clusters of syndicated copies, URL dedupe."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.ingest import pipeline
from articles.ingest.clean import detect_language, html_to_text
from articles.ingest.dedupe import canonical_url
from articles.ingest.items import RawItem
from articles.models import Article, ArticleLink
from articles.services import reject_link
from initiatives.models import AuditEvent
from tests.factories import AliasFactory, InitiativeFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    rail = InitiativeFactory(slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway")
    AliasFactory(initiative=rail, text="Basra–Shalamcheh railway", language="en")
    AliasFactory(initiative=rail, text="راه‌آهن شلمچه-بصره", language="fa")
    AliasFactory(initiative=rail, text="سكة حديد الشلامجة البصرة", language="ar")
    AliasFactory(initiative=rail, text="railway", language="en", specificity=0.2)
    markets = InitiativeFactory(slug="border-markets", name="Border markets")
    AliasFactory(initiative=markets, text="بازارچه‌های مرزی", language="fa")
    AliasFactory(initiative=markets, text="الأسواق الحدودية", language="ar")
    AliasFactory(initiative=markets, text="border markets", language="en")
    shalamcheh = PlaceFactory(slug="shalamcheh", name="Shalamcheh", name_fa="شلمچه")
    rail.places.add(shalamcheh)
    return {"rail": rail, "markets": markets}


def _ingest(**fields):
    return pipeline.ingest_item(RawItem(**fields), via=Article.Via.API)


def _links(outcome) -> dict[str, str]:
    return {
        link.initiative.slug: link.state
        for link in ArticleLink.objects.filter(article_id=outcome.article_id)
    }


def test_persian_article_is_linked_through_its_persian_alias(catalogue):
    # Arabic yeh/kaf, a missing ZWNJ and a tatweel must not stop the match.
    body = (
        "وزير راه و شهرسازی گفت عملیات اجرایی راه آهن شلمچـه-بصره از ماه آینده آغاز می‌شود.\n"
        "این پروژه برای تجارت دو کشور اهمیت دارد."
    )
    outcome = _ingest(title="آغاز عملیات راه‌آهن", body=body)

    article = Article.objects.get(pk=outcome.article_id)
    assert article.language == "fa"
    assert _links(outcome) == {"basra-shalamcheh-railway": "suggested"}
    link = ArticleLink.objects.get(article=article)
    assert link.matched_alias.language == "fa"
    assert "شلمچـه" in link.snippet


def test_arabic_article_is_linked_through_its_arabic_alias(catalogue):
    body = (
        "افتتحت السلطات العراقية والإيرانية اليوم الأسواق الحدودية في منفذ مهران.\n"
        "وقال المسؤولون إن الأسواق الحدودية ستنشط التجارة في المنطقة."
    )
    outcome = _ingest(title="افتتاح الأسواق الحدودية", body=body)

    assert Article.objects.get(pk=outcome.article_id).language == "ar"
    assert _links(outcome) == {"border-markets": "confirmed"}


def test_a_link_the_pipeline_confirms_is_in_the_audit_trail_once(catalogue):
    body = "افتتحت السلطات اليوم الأسواق الحدودية في منفذ مهران.\nالأسواق الحدودية تنشط التجارة."
    outcome = _ingest(title="افتتاح الأسواق الحدودية", body=body)
    _ingest(title="افتتاح الأسواق الحدودية", body=body)  # the same item again: no second record

    link = ArticleLink.objects.get(article_id=outcome.article_id)
    assert link.state == "confirmed" and link.decided_by is None
    events = AuditEvent.objects.filter(action="link.auto_confirmed")
    assert [(e.article_id, e.initiative_id, e.object_id, e.actor) for e in events] == [
        (outcome.article_id, catalogue["markets"].pk, str(link.pk), None)
    ]
    assert "confirmed by the pipeline" in events[0].summary


def test_a_generic_word_alone_suggests_nothing(catalogue):
    outcome = _ingest(title="Weather", body="The railway station was closed by snow all week.")
    assert _links(outcome) == {}


def test_title_lead_and_place_make_a_confident_link_with_snippet(catalogue, settings):
    settings.LINK_AUTOCONFIRM_THRESHOLD = 0.95
    outcome = _ingest(
        title="Basra–Shalamcheh railway: tracks reach the border",
        body="Tracks of the Basra–Shalamcheh railway reached Shalamcheh on Monday.\n\nMore soon.",
    )
    link = ArticleLink.objects.get(article_id=outcome.article_id)
    assert link.score > 0.9
    assert link.state == ("confirmed" if link.score >= 0.95 else "suggested")
    assert link.snippet.startswith("Tracks of the Basra–Shalamcheh railway")
    assert link.matched_alias.text == "Basra–Shalamcheh railway"


def test_relink_finds_a_new_alias_but_never_resuggests_a_rejected_link(catalogue, editor):
    old = _ingest(title="Trade", body="Officials discussed the border markets near Mehran.")
    unrelated = _ingest(title="Fairs", body="Officials discussed the Mehran trade fair plans.")
    rejected = ArticleLink.objects.get(article_id=old.article_id)
    reject_link(rejected, by=editor)
    AliasFactory(initiative=catalogue["markets"], text="Mehran trade fair", language="en")

    out = io.StringIO()
    call_command("relink", stdout=out)

    assert "relinked 2 articles, 1 new links" in out.getvalue()
    rejected.refresh_from_db()
    assert rejected.state == "rejected"
    assert _links(unrelated) == {"border-markets": "suggested"}


def test_same_story_from_three_outlets_is_one_cluster(catalogue):
    story = (
        "Iranian and Iraqi officials agreed on Tuesday to speed up construction of the "
        "Basra–Shalamcheh railway, saying the 32-kilometre line would carry pilgrims and "
        "freight between the two countries once a bridge over the Shatt al-Arab is finished. "
        "The ministers also discussed customs procedures at the Shalamcheh crossing and a "
        "timetable for laying the remaining track before the end of next year."
    )
    when = timezone.now() - dt.timedelta(days=3)
    outcomes = [
        _ingest(
            title=f"{outlet}: railway talks",
            body=f"{outlet} — {story} {tail}",
            source=outlet,
            url=f"https://{outlet.lower().replace(' ', '')}.example/rail",
            published_at=when + dt.timedelta(hours=i),
        )
        for i, (outlet, tail) in enumerate(
            [
                ("IRNA", ""),
                ("Shafaq News", "Read more on our site."),
                ("Mehr", "(Reporting by staff.)"),
            ]
        )
    ]
    other = _ingest(title="Markets", body="Border markets reopened after the holiday in Mehran.")

    articles = Article.objects.filter(pk__in=[o.article_id for o in outcomes])
    assert len({o.status for o in outcomes}) == 1 and outcomes[0].status == "created"
    clusters = set(articles.values_list("cluster", flat=True))
    assert len(clusters) == 1 and None not in clusters
    cluster = articles.first().cluster
    assert sorted(cluster.articles.values_list("source__name", flat=True)) == [
        "IRNA",
        "Mehr",
        "Shafaq News",
    ]
    assert Article.objects.get(pk=other.article_id).cluster_id is None


def test_same_url_with_tracking_parameters_is_one_article(catalogue):
    first = _ingest(url="https://News.example/a/1?id=7&utm_source=tw#top", body="Story one.")
    second = _ingest(
        url="https://news.example/a/1?fbclid=xyz&id=7&utm_medium=social", body="Story one, updated."
    )
    assert first.status == "created"
    assert (second.status, second.article_id) == ("duplicate", first.article_id)
    assert Article.objects.get().url == "https://news.example/a/1?id=7"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://WWW.Example.COM:80/a/?b=2&a=1", "http://example.com/a?a=1&b=2"),
        ("https://example.com/x?utm_campaign=y&gclid=1&mc_eid=2", "https://example.com/x"),
        ("https://example.com:8443/x#frag", "https://example.com:8443/x"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_html_is_sanitised_to_plain_paragraphs():
    text = html_to_text(
        '<p onclick="x()">One <b>bold</b></p><script>alert(1)</script><style>p{}</style>'
        "<iframe src='http://evil'></iframe><p>Two &amp; three</p>"
    )
    assert text == "One bold\n\nTwo & three"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The two countries signed a memorandum on rail.", "en"),
        ("دو کشور تفاهم‌نامه‌ای برای همکاری ریلی امضا کردند و این پروژه مهم است.", "fa"),
        ("وقع البلدان مذكرة تفاهم للتعاون في مجال السكك الحديدية في بغداد.", "ar"),
    ],
)
def test_language_is_detected_by_script_and_letters(text, language):
    assert detect_language(text) == language


def test_bad_lines_of_a_jsonl_file_are_refused_with_reasons_and_the_rest_imported(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"title": "One", "body": "First article body.", "url": "https://a.example/1"}\n'
        "{not json}\n"
        '{"title": "No body"}\n'
        '{"body": "Second article.", "language": "Deutsch"}\n'
        '{"body": "Third.", "published_at": "yesterday"}\n'
        '{"body": "Fourth article body.", "published_at": "2025-01-02T03:04:05Z"}\n'
    )
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)

    text = out.getvalue()
    assert "imported 2, duplicates 0, refused 4" in text
    assert "batch.jsonl:2: invalid JSON" in text
    assert "batch.jsonl:3: body is empty" in text
    assert "language “Deutsch” is not a language code" in text
    assert "not an ISO 8601 date" in text
    assert Article.objects.get(title="One").url == "https://a.example/1"


def test_csv_import_reads_the_same_columns(tmp_path):
    path = tmp_path / "batch.csv"
    path.write_text(
        "title,body,source,byline,published_at\n"
        'Rail,"Rail talks resumed in Baghdad.",IRNA,Reza,2025-01-02T00:00:00+00:00\n'
        'Rail again,"Rail talks resumed in Baghdad.",IRNA,Reza,\n'
    )
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)

    assert "imported 1, duplicates 1, refused 0" in out.getvalue()
    article = Article.objects.get()
    assert (article.source.name, article.byline, article.date_estimated) == ("IRNA", "Reza", False)


def test_missing_file_is_a_clear_error():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("import_articles", "/nonexistent/file.jsonl")


@pytest.mark.django_db(transaction=True)
def test_two_workers_storing_copies_of_one_story_at_once_make_one_cluster_and_no_twin():
    """Worker A stores a story and has not committed; worker B brings a syndicated copy and an
    exact duplicate. B must wait for A, then cluster its copy with A's article and recognise
    the duplicate, instead of each missing the other's uncommitted rows."""
    import threading

    from django.db import connection, connections, transaction

    story = (
        "Iraqi and Iranian customs officials met at the Mehran crossing on Sunday to agree a "
        "joint inspection procedure for lorries carrying fruit, cement and construction steel, "
        "which they said would cut waiting times at the border from two days to a few hours."
    )
    when = timezone.now() - dt.timedelta(days=2)

    def raw(outlet: str, tail: str = "") -> RawItem:
        return RawItem(
            title="Mehran customs deal", body=f"{story} {tail}".strip(), source=outlet,
            url=f"https://{outlet.lower()}.example/mehran", published_at=when,
        )  # fmt: skip

    a_stored, release, results = threading.Event(), threading.Event(), {}

    def worker_a() -> None:
        try:
            with transaction.atomic():
                results["a"] = pipeline.ingest_items([raw("IRNA")], via=Article.Via.FILE)
                a_stored.set()
                release.wait(30)
        finally:
            connections.close_all()

    def worker_b() -> None:
        try:
            results["b"] = pipeline.ingest_items(
                [raw("Shafaq", "Reporting by staff."), raw("IRNA")], via=Article.Via.FILE
            )
        finally:
            connections.close_all()

    first = threading.Thread(target=worker_a)
    first.start()
    assert a_stored.wait(30)
    second = threading.Thread(target=worker_b)
    second.start()
    with connection.cursor() as cursor:  # B is queued behind A's uncommitted batch
        for _ in range(300):
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.02)
        else:
            raise AssertionError("the second batch did not wait for the first")
    release.set()
    first.join(30)
    second.join(30)

    assert results["a"].created == 1
    assert (results["b"].created, results["b"].duplicates) == (1, 1)
    articles = list(Article.objects.select_related("source").order_by("id"))
    assert [a.source.name for a in articles] == ["IRNA", "Shafaq"]
    assert articles[0].cluster_id is not None
    assert articles[0].cluster_id == articles[1].cluster_id
