"""Parse sources into RawItems: the seed text format, JSON Lines, CSV, feeds, HTML pages.

XML is checked by defusedxml first (no DTD entities, no external references) so a
billion-laughs or external-entity feed is refused before feedparser sees it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from articles.ingest.items import RawItem

# Headings of the seed format ("Why it matters:"): structure, never speakers.
SECTION_HEADINGS = frozenset(
    h.casefold()
    for h in (
        "Why it matters",
        "The big picture",
        "Driving the news",
        "What they're saying",
        "What they’re saying",
        "What he is saying",
        "What she is saying",
        "What he's saying",
        "What he’s saying",
        "The other side",
        "Key points",
        "Go deeper",
        "State of play",
        "Between the lines",
        "By the numbers",
        "Zoom in",
        "Zoom out",
        "Yes, but",
        "What's next",
        "What’s next",
        "The bottom line",
        "Background",
        "Context",
        "Details",
        "Flashback",
    )
)
FIELDS = ("url", "title", "published_at", "language", "body", "source", "byline")

# "…West Asia.Zohre Khazaee - ahmad shirzadian": a byline of 1–4 words, " - ", 1–4 words,
# on its own last line or glued to the last sentence.
_NAME = r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,3}"
_BYLINE = re.compile(
    rf"(?P<before>.*?[.!?”\"»)])?\s*(?P<byline>(?P<reporter>{_NAME}) [-–] {_NAME})\s*$"
)


class ParseError(Exception):
    """A source that cannot be read at all (malformed file or feed): permanent."""


class UnsafeXML(ParseError):
    """XML with entity declarations or external references: refused, never expanded."""


def is_heading(line: str) -> bool:
    """True for the seed format's section headings ("The big picture:")."""
    stripped = line.strip()
    return stripped.endswith(":") and stripped[:-1].strip().casefold() in SECTION_HEADINGS


def _split_byline(lines: list[str]) -> tuple[list[str], str]:
    if not lines:
        return lines, ""
    match = _BYLINE.fullmatch(lines[-1].strip())
    if not match:
        return lines, ""
    before = (match.group("before") or "").strip()
    rest = lines[:-1] + ([before] if before else [])
    return rest, match.group("reporter").strip()


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text.strip())
    return (match.group(1) if match else text).strip()


def derive_title(paragraphs: list[str], limit: int = 130) -> str:
    """A headline for title-less text: the news sentence, shortened at a clause boundary."""
    by_heading: dict[str, str] = {}
    plain: list[str] = []
    current = ""
    for para in paragraphs:
        if is_heading(para):
            current = para.strip()[:-1].casefold()
            continue
        if current and current not in by_heading:
            by_heading[current] = para
        plain.append(para)
    candidates = [
        by_heading.get(h) for h in ("driving the news", "the big picture", "why it matters")
    ]
    chosen = next((c for c in candidates if c), plain[0] if plain else "")
    sentence = _first_sentence(chosen).rstrip(".")
    if len(sentence) <= limit:
        return sentence
    # Cut at the last clause break (comma, dash, "saying") before the limit, else a word.
    head = sentence[:limit]
    for sep in (", saying", " — ", " – ", "—", ", "):
        cut = head.rfind(sep)
        if cut >= limit // 2:
            return head[:cut].rstrip()
    return head.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def parse_seed_text(text: str, label: str = "") -> RawItem:
    """The sample format: headed sections, speaker lines, quotes, a byline on the last line."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    lines, reporter = _split_byline(lines)
    if not lines:
        raise ParseError(f"{label or 'text'}: no article text")
    return RawItem(
        body="\n\n".join(lines),
        title=derive_title(lines),
        byline=reporter,
        label=label,
    )


def _row_to_item(row: dict, label: str) -> RawItem:
    unknown = sorted(set(row) - set(FIELDS) - {"body_is_html"})
    if unknown:
        raise ParseError(f"{label}: unknown field(s) {', '.join(unknown)}")
    published = row.get("published_at") or None
    if published is not None and not isinstance(published, str):
        raise ParseError(f"{label}: published_at must be an ISO 8601 string")
    parsed_date = None
    if published:
        try:
            parsed_date = dt.datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ParseError(
                f"{label}: published_at “{published}” is not an ISO 8601 date"
            ) from None
    for key in FIELDS:
        if row.get(key) is not None and not isinstance(row.get(key), str):
            raise ParseError(f"{label}: {key} must be a string")
    return RawItem(
        body=row.get("body") or "",
        title=(row.get("title") or "").strip(),
        url=(row.get("url") or "").strip(),
        published_at=parsed_date,
        language=(row.get("language") or "").strip(),
        source=(row.get("source") or "").strip(),
        byline=(row.get("byline") or "").strip(),
        label=label,
    )


@dataclass
class ParsedFile:
    """Items read from a file plus the lines that could not be read (with reasons)."""

    items: list[RawItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _collect(rows: Iterator[RawItem | str]) -> ParsedFile:
    result = ParsedFile()
    for row in rows:
        (result.errors if isinstance(row, str) else result.items).append(row)
    return result


def parse_jsonl(text: str, label: str = "") -> ParsedFile:
    """JSON Lines: one object per line; a bad line is reported, the others still import."""
    return _collect(_iter_jsonl(text, label))


def parse_csv(text: str, label: str = "") -> ParsedFile:
    """CSV with a header row naming the same columns as JSON Lines."""
    return _collect(_csv_rows(text, label)[1])


def iter_file(name: str, text: str) -> tuple[int, Iterator[RawItem | str]]:
    """A file's rows one at a time, for imports whose memory must not grow with the file:
    (how many rows it has, an iterator of RawItems and, for rows that cannot be read, their
    "file:line: reason" messages). Raises ParseError when the file cannot be read at all."""
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        total = sum(1 for line in io.StringIO(text) if line.strip())
        return total, _iter_jsonl(text, name)
    if lower.endswith(".csv"):
        return _csv_rows(text, name)
    return 1, iter([parse_seed_text(text, name)])


def _iter_jsonl(text: str, label: str) -> Iterator[RawItem | str]:
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        where = f"{label}:{number}"
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ParseError(f"{where}: expected a JSON object")
            yield _row_to_item(row, where)
        except json.JSONDecodeError as exc:
            yield f"{where}: invalid JSON ({exc.msg})"
        except ParseError as exc:
            yield str(exc)


def _csv_rows(text: str, label: str) -> tuple[int, Iterator[RawItem | str]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "body" not in reader.fieldnames:
        raise ParseError(f"{label}: CSV needs a header row with at least a “body” column")
    total = sum(1 for _row in csv.reader(io.StringIO(text))) - 1
    return max(total, 0), _iter_csv(reader, label)


def _iter_csv(reader: csv.DictReader, label: str) -> Iterator[RawItem | str]:
    for row in reader:
        where = f"{label}:{reader.line_num}"
        if None in row:
            yield f"{where}: more values than columns"
            continue
        try:
            yield _row_to_item({k: v for k, v in row.items() if v != ""}, where)
        except ParseError as exc:
            yield str(exc)


def parse_file(name: str, text: str) -> ParsedFile:
    """Dispatch on the file name: .jsonl, .csv, else the seed text format."""
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        return parse_jsonl(text, name)
    if lower.endswith(".csv"):
        return parse_csv(text, name)
    return ParsedFile(items=[parse_seed_text(text, name)])


# --- Feeds --------------------------------------------------------------------------------


def check_xml_safe(data: bytes) -> None:
    """Refuse XML with entity declarations or external references (billion laughs, XXE)."""
    from xml.etree.ElementTree import ParseError as XMLParseError

    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeXML(f"unsafe XML refused: {type(exc).__name__}") from None
    except (XMLParseError, LookupError, ValueError):
        # Not well-formed, or in an encoding expat does not know (LookupError): feedparser's
        # lenient parser (no entity expansion) may still read it, unless it declares entities.
        # Anywhere in the document, also spelled in UTF-16/32 (NUL bytes between letters).
        if re.search(rb"<!ENTITY", data.replace(b"\x00", b""), re.IGNORECASE):
            raise UnsafeXML("unsafe XML refused: entity declarations") from None


def _entry_date(entry) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.datetime(*value[:6], tzinfo=dt.UTC)
    return None


@dataclass
class ParsedFeed:
    title: str
    items: list[RawItem]
    problem: str = ""  # the document was damaged (not well-formed, wrong charset…) but read


def parse_feed(data: bytes, label: str = "") -> ParsedFeed:
    """RSS 2.0, Atom 1.0 and RDF to RawItems (HTML bodies, sanitised later)."""
    import feedparser

    check_xml_safe(data)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: None)()
        raise ParseError(f"malformed feed: {reason or parsed.get('bozo_exception')}")
    if not parsed.get("version") and not parsed.entries:
        raise ParseError("not a feed (no RSS, Atom or RDF root element)")
    items = []
    for index, entry in enumerate(parsed.entries):
        content = entry.get("content") or []
        body = max((c.get("value", "") for c in content), key=len, default="") or entry.get(
            "summary", ""
        )
        items.append(
            RawItem(
                body=body,
                title=entry.get("title", ""),
                url=entry.get("link", ""),
                published_at=_entry_date(entry),
                byline=entry.get("author", ""),
                body_is_html=True,
                label=f"{label}#{index}",
            )
        )
    problem = ""
    if parsed.bozo:
        reason = parsed.get("bozo_exception")
        detail = reason.getMessage() if hasattr(reason, "getMessage") else str(reason)
        problem = f"damaged feed, {len(items)} entries read: {detail}"
    return ParsedFeed(title=parsed.feed.get("title", ""), items=items, problem=problem[:500])


def iter_feed_links(feed: ParsedFeed) -> Iterator[str]:
    """The entry links of a parsed feed."""
    return (item.url for item in feed.items if item.url)


# --- HTML pages ---------------------------------------------------------------------------


def parse_html_page(html: str, url: str) -> RawItem:
    """Main text, title, byline and date of an article page (trafilatura)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None or not (getattr(doc, "text", "") or "").strip():
        raise ParseError("no article text found on the page")
    published = None
    if getattr(doc, "date", None):
        try:
            published = dt.datetime.fromisoformat(doc.date).replace(tzinfo=dt.UTC)
        except ValueError:
            published = None
    return RawItem(
        body=doc.text,
        title=doc.title or "",
        url=url,
        published_at=published,
        language=(doc.language or "") if getattr(doc, "language", None) else "",
        byline=doc.author or "",
        source=doc.sitename or "",
        label=url,
    )
