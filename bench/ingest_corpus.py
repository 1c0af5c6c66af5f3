"""Synthetic corpus for the ingestion benchmark: N articles in en/fa/ar naming catalogue aliases.

Items are generated lazily (constant memory whatever N is). About 8 % are duplicates: the
same text again (content hash) or the same URL with tracking parameters (canonical URL).

    python bench/ingest_corpus.py 10000 > corpus.jsonl
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Iterator

EN_ALIASES = [
    "Basra–Shalamcheh railway",
    "border markets",
    "free zones",
    "gas exports",
    "Arbaeen pilgrimage",
    "transport corridor",
    "security agreement",
    "Mehran crossing",
]
FA_ALIASES = [
    "راه‌آهن شلمچه-بصره",
    "بازارچه‌های مرزی",
    "مناطق آزاد",
    "صادرات گاز",
    "راهپیمایی اربعین",
    "کریدور ترانزیتی",
]
AR_ALIASES = [
    "سكة حديد الشلامجة البصرة",
    "الأسواق الحدودية",
    "المناطق الحرة",
    "صادرات الغاز",
    "زيارة الأربعين",
    "ممر النقل",
]
PEOPLE = ["Masoud Pezeshkian", "Abdul Latif Rashid", "Qassem al-Araji", "Mohammed Shia al-Sudani"]
EN_FILLER = [
    "Officials from both countries met in {city} to review progress on {alias}.",
    "The ministry said the {alias} would create thousands of jobs in the border provinces.",
    "Traders welcomed the decision, saying customs procedures had become faster this year.",
    "Engineers expect the next phase to be completed before the end of {year}.",
    "{person} said, “Our cooperation on the {alias} serves both nations and the region.”",
    "Delegations also discussed electricity payments, visas and water sharing.",
    "Analysts noted that bilateral trade passed ten billion dollars in {year}.",
]
FA_FILLER = [
    "مقامات دو کشور در {city} درباره پیشرفت {alias} گفتگو کردند.",
    "وزارت اعلام کرد که {alias} هزاران شغل در استان‌های مرزی ایجاد می‌کند.",
    "بازرگانان از این تصمیم استقبال کردند و گفتند تشریفات گمرکی سریع‌تر شده است.",
    "کارشناسان انتظار دارند مرحله بعدی تا پایان سال {year} تکمیل شود.",
]
AR_FILLER = [
    "التقى مسؤولون من البلدين في {city} لمراجعة التقدم في {alias}.",
    "وقالت الوزارة إن {alias} ستوفر آلاف فرص العمل في المحافظات الحدودية.",
    "ورحب التجار بالقرار مؤكدين أن الإجراءات الجمركية أصبحت أسرع هذا العام.",
    "ويتوقع المهندسون اكتمال المرحلة التالية قبل نهاية عام {year}.",
]
CITIES = ["Baghdad", "Tehran", "Basra", "Khorramshahr", "Karbala", "Mashhad", "Erbil", "Ilam"]
OUTLETS = ["IRNA", "Shafaq News", "Mehr", "Tasnim", "Rudaw", "INA", "Tehran Times", "Al Sumaria"]


def _article(rng: random.Random, i: int) -> dict:
    language = rng.choices(["en", "fa", "ar"], weights=[6, 2, 2])[0]
    aliases, filler = {
        "en": (EN_ALIASES, EN_FILLER),
        "fa": (FA_ALIASES, FA_FILLER),
        "ar": (AR_ALIASES, AR_FILLER),
    }[language]
    alias = rng.choice(aliases)
    values = {
        "alias": alias,
        "city": rng.choice(CITIES),
        "year": rng.choice([2024, 2025]),
        "person": rng.choice(PEOPLE),
    }
    paragraphs = [rng.choice(filler).format(**values) for _ in range(rng.randint(6, 12))]
    # A unique sentence per article so texts differ (and simhashes mostly do too).
    paragraphs.insert(1, f"Report {i}: figures {rng.randint(0, 10**9)} and {rng.random():.6f}.")
    published = dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=7 * i)
    outlet = rng.choice(OUTLETS)
    return {
        "url": f"https://{outlet.lower().replace(' ', '')}.example/news/{i}",
        "title": f"{alias}: update {i}",
        "published_at": published.isoformat(),
        "language": language,
        "body": "\n\n".join(paragraphs),
        "source": outlet,
        "byline": rng.choice(["Staff", "Sara Ahmadi", "Ali Karimi", ""]),
    }


def corpus(n: int, seed: int = 7, duplicate_rate: float = 0.08) -> Iterator[dict]:
    """n items, some of them duplicates of earlier ones (same text, or URL + tracking)."""
    rng = random.Random(seed)
    recent: list[dict] = []
    for i in range(n):
        if recent and rng.random() < duplicate_rate:
            original = rng.choice(recent)
            if rng.random() < 0.5:
                yield {**original, "url": original["url"] + "?utm_source=feed&fbclid=x"}
            else:
                yield {**original, "url": "", "title": original["title"] + " (copy)"}
            continue
        item = _article(rng, i)
        recent.append(item)
        if len(recent) > 200:
            recent.pop(0)
        yield item


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for row in corpus(count):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
