"""Page furniture: an initiative named only in menus, "Related news" lists or notices is no
link; named in the article itself it still is. Texts written for these tests."""

from __future__ import annotations

import pytest

from articles.ingest import jobs, pipeline, runs
from articles.ingest.furniture import furniture_flags
from articles.ingest.items import RawItem
from articles.models import Article, ArticleLink, IngestionRun
from tests.factories import AliasFactory, ArticleFactory, InitiativeFactory

FOOTBALL = {
    "en": {
        "title": "Basra club wins the derby in extra time",
        "story": [
            "Naft al-Basra beat their city rivals 2-1 on Friday night, the winner coming from a "
            "header deep into extra time in front of a full stadium.",
            "The coach said his young side had shown character after going a goal down before "
            "the break, and that the league title was still within reach.",
        ],
        "furniture": [
            "Home | Sport | Iraq | World | Video",
            "Related news",
            "- Basra–Shalamcheh railway enters a new phase",
            "- Dollar steadies in Baghdad markets",
            "Share | Tweet | Print",
            "© 2025 Example Sport. All rights reserved.",
        ],
        "named": "Fans travelled from Khorramshahr, and officials said the Basra–Shalamcheh "
        "railway would one day bring supporters to matches in a few hours.",
    },
    "fa": {
        "title": "پیروزی تیم بصره در دربی شهر در وقت اضافه",
        "story": [
            "تیم نفت بصره جمعه شب در ورزشگاهی پر از تماشاگر با گلی که در دقایق پایانی وقت اضافه "
            "به ثمر رسید، رقیب همشهری خود را دو بر یک شکست داد.",
            "سرمربی این تیم گفت بازیکنان جوانش پس از عقب افتادن در نیمه نخست روحیه خوبی نشان دادند "
            "و هنوز شانس قهرمانی دارند.",
        ],
        "furniture": [
            "صفحه نخست | ورزش | فوتبال | بین‌الملل",
            "پربازدیدترین‌ها:",
            "۱. راه‌آهن شلمچه-بصره وارد مرحله تازه شد",
            "۲. ثبات دلار در بازار بغداد",
            "اخبار مرتبط: راه‌آهن شلمچه-بصره به کجا رسید | قیمت طلا امروز",
            "کلیه حقوق این سایت محفوظ است.",
        ],
        "named": "به گفته مسئولان، راه‌آهن شلمچه-بصره روزی هواداران را در چند ساعت از خرمشهر "
        "به ورزشگاه‌های بصره خواهد رساند.",
    },
    "ar": {
        "title": "نادي البصرة يفوز بالديربي في الوقت الإضافي",
        "story": [
            "فاز نادي نفط البصرة على جاره بهدفين مقابل هدف مساء الجمعة، بعد هدف برأسية في "
            "الدقائق الأخيرة من الوقت الإضافي أمام مدرجات ممتلئة.",
            "وقال المدرب إن لاعبيه الشباب أظهروا شخصية قوية بعد التأخر في الشوط الأول، وإن "
            "اللقب ما زال ممكناً.",
        ],
        "furniture": [
            "الرئيسية > رياضة",
            "الأكثر قراءة:",
            "1- سكة حديد الشلامجة البصرة تدخل مرحلة جديدة",
            "2- استقرار الدولار في أسواق بغداد",
            "اقرأ أيضاً: سكة حديد الشلامجة البصرة إلى أين؟",
            "شارك الخبر: فيسبوك | إكس | واتساب",
            "جميع الحقوق محفوظة",
        ],
        "named": "وقال مسؤولون إن سكة حديد الشلامجة البصرة ستنقل المشجعين يوماً ما من "
        "خرمشهر إلى ملاعب البصرة خلال ساعات.",
    },
}


def body_of(language: str, *, named: bool = False) -> str:
    case = FOOTBALL[language]
    furniture = case["furniture"]
    story = case["story"] + ([case["named"]] if named else [])
    return "\n\n".join([furniture[0], *story, *furniture[1:]])


@pytest.mark.parametrize("language", ["en", "fa", "ar"])
def test_menus_lists_and_notices_are_furniture_and_the_story_is_not(language):
    case = FOOTBALL[language]
    paragraphs = body_of(language, named=True).split("\n\n")

    flags = dict(zip(paragraphs, furniture_flags(paragraphs), strict=True))

    assert [p for p, flag in flags.items() if flag] == case["furniture"]
    assert [p for p, flag in flags.items() if not flag] == [*case["story"], case["named"]]


def test_prose_after_a_list_heading_is_kept():
    paragraphs = [
        "Read more:",
        "- Iran and Iraq sign a memorandum on border markets",
        "The two ministers said the markets would open in the spring, and that traders from "
        "both provinces could apply for permits from next month.",
        "Subscribed members of the chamber welcomed the news.",
    ]
    assert furniture_flags(paragraphs) == [True, True, False, False]


def test_short_sentences_and_headings_of_the_story_itself_are_kept():
    paragraphs = [
        "Why it matters:",
        "The line would cut the journey to Basra to a few hours.",
        "Related talks are due next week in Baghdad, the ministry said.",
        "Share prices rose in Tehran after the announcement.",
        "شارك وزير النقل في افتتاح المحطة.",
        "Comments from the governor were welcomed by traders",
    ]
    assert furniture_flags(paragraphs) == [False] * 6


@pytest.fixture
def railway(db):
    rail = InitiativeFactory(slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway")
    AliasFactory(initiative=rail, text="Basra–Shalamcheh railway", language="en")
    AliasFactory(initiative=rail, text="راه‌آهن شلمچه-بصره", language="fa")
    AliasFactory(initiative=rail, text="سكة حديد الشلامجة البصرة", language="ar")
    return rail


def _ingest(language: str, *, named: bool):
    body = body_of(language, named=named)
    raw = RawItem(title=FOOTBALL[language]["title"], body=body, language=language)
    outcome = pipeline.ingest_item(raw, via=Article.Via.API)
    return Article.objects.get(pk=outcome.article_id)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fa", "ar"])
def test_a_football_story_whose_related_list_names_the_railway_gets_no_link(railway, language):
    article = _ingest(language, named=False)

    assert not ArticleLink.objects.filter(article=article).exists()
    # The stored body is the page as it came, furniture included.
    assert article.body == body_of(language, named=False)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fa", "ar"])
def test_the_same_name_in_the_story_itself_still_links(railway, language):
    article = _ingest(language, named=True)

    link = ArticleLink.objects.get(article=article)
    assert link.initiative == railway
    # The snippet shows the story's own sentence, not a headline of the list.
    assert link.snippet.strip("…") in FOOTBALL[language]["named"]


@pytest.mark.django_db
def test_relink_ignores_furniture_too(railway):
    clutter = ArticleFactory(title=FOOTBALL["en"]["title"], body=body_of("en"), language="en")
    story = ArticleFactory(
        title=FOOTBALL["en"]["title"], body=body_of("en", named=True), language="en"
    )
    run = runs.start_run(IngestionRun.Kind.RELINK, label="relink")

    jobs.relink(run.pk)

    assert not ArticleLink.objects.filter(article=clutter).exists()
    assert ArticleLink.objects.filter(article=story, initiative=railway).exists()


@pytest.mark.django_db
def test_a_name_only_in_furniture_is_kept_as_a_zero_scored_candidate_with_the_reason(railway):
    from django.utils import timezone

    from articles.ingest.catalogue import current_catalogue

    raw = RawItem(title=FOOTBALL["ar"]["title"], body=body_of("ar"), language="ar")
    item = pipeline.prepare(raw, current_catalogue(), timezone.now())

    assert item.mentions == []
    [candidate] = [c for c in item.candidates if c.initiative_id == railway.pk]
    assert candidate.score == 0.0
    assert candidate.reasons[-1] == pipeline.FURNITURE_REASON
