"""Page furniture: the paragraphs of a page or feed body that are not the article.

Pages carry menus, breadcrumbs, share bars, "Related news" / "اخبار مرتبط" / "الأكثر قراءة"
lists of other headlines, cookie and newsletter notices, tags and copyright lines around the
story. An initiative named only there ("Read more: Shalamcheh–Basra railway enters new
phase" under a football report) is no evidence, so the extractor leaves these paragraphs out
of what it matches (articles.ingest.extract.analyse); the stored body keeps them as written.

The rules look at one paragraph at a time, and at the paragraphs after a list heading:

- a **list heading** ("Related news", "Read more:", "Most read", "بیشتر بخوانید:",
  "پربازدیدترین‌ها", "أخبار ذات صلة", "اقرأ أيضاً:") alone, or followed by a colon and
  the headlines on the same line; the paragraphs after a heading alone are furniture while
  they look like list items (a bullet or number, or a short line with no sentence end);
- a **bar**: short segments between "|" (menus, share and print buttons), or a breadcrumb
  ("Economy » Transport", "الرئيسية > اقتصاد");
- a short paragraph that is a **notice**: cookies, newsletters, "follow us", comments,
  copyright, tags, share, font size.

A paragraph of running prose (long, or ending as a sentence does) is never furniture by
the list rule, so an article's own text is kept whatever follows a heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_NOTICE_WORDS = 30
MAX_ITEM_WORDS = 18
MAX_LIST_ITEMS = 15
MAX_BAR_SEGMENT_WORDS = 6
MAX_CRUMB_WORDS = 8

_ZWNJ = "\u200c"
# Headings of lists of other stories, in English, Persian and Arabic (casefolded, ZWNJ
# written as an optional space).
_HEADINGS = [
    r"related(?: news| stories| articles| content| coverage| topics| reports)?",
    r"read (?:more|also|next)",
    r"also read",
    r"see also",
    r"more (?:news|stories|on this|from [^:|]{1,30})",
    r"most (?:read|viewed|popular|shared|watched|commented)",
    r"trending(?: now| stories)?",
    r"you (?:may|might) (?:also )?(?:like|be interested in)",
    r"recommended(?: for you| stories| articles)?",
    r"top stories",
    r"latest(?: news| stories)?",
    r"popular(?: now| stories)?",
    r"editor[’']?s picks",
    r"don[’']?t miss",
    r"(?:اخبار|خبرهای|مطالب|گزارش‌های) ?(?:مرتبط|پیشنهادی|مشابه)",
    r"بیشتر بخوانید",
    r"بخوانید",
    r"پربازدیدترین ?(?:ها|خبرها|اخبار)?",
    r"پربیننده ?(?:ترین)? ?(?:ها)?",
    r"پربحث ?ترین ?(?:ها)?",
    r"آخرین (?:اخبار|خبرها)",
    r"(?:أ|ا)خبار (?:ذات صلة|مرتبطة|متعلقة|مشابهة)",
    r"ذات صلة",
    r"مواضيع (?:ذات صلة|مرتبطة)",
    r"(?:اقرأ|إقرأ|اقرا) (?:أيضا|ايضا|كذلك)[ًَ]?",
    r"شاهد (?:أيضا|ايضا)[ًَ]?",
    r"الأكثر (?:قراءة|مشاهدة|تداولا[ًَ]?|شعبية|تعليقا[ًَ]?)",
    r"آخر الأخبار",
    r"المزيد من الأخبار",
    r"قد يهمك",
    r"اخترنا لك",
]
_HEADING = re.compile(r"^(?:" + "|".join(_HEADINGS) + r")\s*(?P<colon>[:：])?\s*(?P<rest>.*)$")
_BULLET = re.compile(r"^(?:[-–—•·▪*►»]|[0-9۰-۹٠-٩]{1,2}\s*[.)\-–])\s*\S")
_SENTENCE_END = re.compile(r"[.!?؟…»”\"]\s*$")
_BAR = re.compile(r"\s[|│¦]\s|\s[|│¦]$|^[|│¦]\s")
_CRUMB = re.compile(r"\s[>»›]\s")
_NOTICES = [
    r"cookie",
    r"کوکی",
    r"ملفات (?:تعريف )?الارتباط",
    r"all rights reserved",
    r"copyright",
    r"©",
    r"حقوق .{0,30}محفوظ",
    r"subscribe (?:to|now|for)",
    r"newsletter",
    r"sign up (?:for|to)",
    r"خبرنامه",
    r"(?:اشترك|إشترك) (?:في|ب)",
    r"النشرة البريدية",
    r"follow us",
    r"دنبال کنید",
    r"تابعونا",
    r"تابعنا",
    r"download (?:our|the) app",
    r"حمّل تطبيق",
    r"حمل تطبيق",
    r"skip to (?:main )?content",
    r"^comments?\s*(?:\(\d+\)|[:|]|$)",
    r"\bcomments? \(\d+\)",
    r"نظرات ?\(",
    r"^نظر شما\s*:",
    r"دیدگاه شما",
    r"^التعليقات(?: مغلقة|\s*\(|\s*[:|]|$)",
    r"your comment",
    r"^font\s*:",
    r"اندازه (?:متن|قلم)",
    r"حجم الخط",
    r"^share(?: this(?: story| article)?| on [a-z]+| the (?:story|article|news))?\s*(?:[:|]|$)",
    r"^(?:tweet|print|email)$",
    r"^(?:اشتراک ?گذاری|اشتراک در)\s*(?:[:|]|$)",
    r"^(?:شارك|مشاركة)(?: الخبر| المقال)?\s*(?:[:|]|$)",
    r"^(?:tags|keywords|topics)\s*:",
    r"^(?:برچسب ?ها|کلیدواژه ?ها|کلید واژه ?ها)\s*:",
    r"^(?:الوسوم|كلمات مفتاحية|الكلمات المفتاحية)\s*:",
]
_NOTICE = re.compile("|".join(_NOTICES))


def _fold(text: str) -> str:
    return text.strip().casefold().replace(_ZWNJ, " ")


def _words(text: str) -> int:
    return len(text.split())


def is_list_heading(text: str) -> bool:
    """A paragraph that opens a list of other stories, alone or with them after a colon."""
    match = _HEADING.match(_fold(text))
    return bool(match and (not match["rest"] or match["colon"]))


def _heading_alone(text: str) -> bool:
    match = _HEADING.match(_fold(text))
    return bool(match and not match["rest"])


def _is_bar(text: str) -> bool:
    if _BAR.search(text):
        segments = [s for s in re.split(r"[|│¦]", text) if s.strip()]
        return sum(_words(s) for s in segments) <= MAX_BAR_SEGMENT_WORDS * len(segments)
    return bool(_CRUMB.search(text)) and _words(text) <= MAX_CRUMB_WORDS


def _is_notice(text: str) -> bool:
    return _words(text) <= MAX_NOTICE_WORDS and bool(_NOTICE.search(_fold(text)))


def _is_list_item(text: str) -> bool:
    """A headline in a list: a bullet or number, or a short line that ends no sentence."""
    stripped = text.strip()
    if _words(stripped) > MAX_ITEM_WORDS * 2:
        return False
    if _BULLET.match(stripped):
        return True
    return _words(stripped) <= MAX_ITEM_WORDS and not _SENTENCE_END.search(stripped)


def furniture_flags(paragraphs: Sequence[str]) -> list[bool]:
    """For each paragraph of a body, whether it is page furniture (module docstring)."""
    flags = [False] * len(paragraphs)
    items_left = 0
    for index, text in enumerate(paragraphs):
        if not text.strip():
            continue
        if is_list_heading(text) or _is_bar(text) or _is_notice(text):
            flags[index] = True
            items_left = MAX_LIST_ITEMS if _heading_alone(text) else 0
            continue
        if items_left and _is_list_item(text):
            flags[index] = True
            items_left -= 1
            continue
        items_left = 0
    return flags
