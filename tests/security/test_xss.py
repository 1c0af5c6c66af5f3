"""XSS corpus: hostile strings in every kind of content, rendered on every page type.

The content comes in the way it does in production where it can: a feed on a local HTTP server
is polled through the real ingest pipeline (titles, bodies, bylines, links, feed and source
names); the catalogue (initiatives, aliases, people, places, statements, milestones, key
figures) is written as editors and importers write it. Each page type is loaded once with all
payloads on it, in Chromium with the CSP bypassed (so escaping is tested on its own) and with
the CSP enforced (the `page` fixture fails the test on any CSP violation).
"""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape

import defusedxml.ElementTree as ET  # noqa: N817
import pytest
from django.utils import timezone

from articles import services as article_services
from articles.ingest import jobs
from articles.models import Article, ArticleLink, Statement
from initiatives import services as initiative_services
from initiatives.models import Alias, KeyFigure, Status
from tests import factories
from tests.browser.support import login
from tests.security.xss_payloads import PAYLOADS, TEMPLATE_EVALUATED, joined, payload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every element, attribute or URL that only a payload could have made.
FIND_INJECTED = """
() => {
  const found = [];
  const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "srcdoc",
                    "hx-get", "hx-post", "hx-put", "hx-delete", "hx-patch"];
  const badScheme = /^(javascript|vbscript|data):/i;
  const clean = (v) => v.replace(/[\\u0000-\\u0020]/g, "");
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    const cls = String(el.getAttribute("class") || "") + " " + (el.id || "");
    if (/xss/i.test(cls) || el.hasAttribute("data-xss")) found.push(`${tag}.${cls.trim()}`);
    if (tag === "script" && !el.src && el.type !== "application/json") found.push("inline script");
    if (["iframe", "object", "embed", "base"].includes(tag)) found.push(el.outerHTML.slice(0, 80));
    if (tag === "meta" && /refresh/i.test(el.httpEquiv)) found.push("meta refresh");
    if (tag === "link" && !/^\\/static\\//.test(el.getAttribute("href") || "")) found.push("link");
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name.startsWith("hx-on")) found.push(`${tag}[${name}]`);
      if (urlAttrs.includes(name) && badScheme.test(clean(attr.value)))
        found.push(`${tag}[${name}=${attr.value.slice(0, 40)}]`);
      if (/^hx-(get|post|put|delete|patch)$/.test(name) && /xss/i.test(attr.value))
        found.push(`${tag}[${name}]`);
      if (name === "style" && /(expression|javascript|url|xss)/i.test(attr.value))
        found.push(`${tag}[style=${attr.value.slice(0, 40)}]`);
    }
  }
  return found;
}
"""


def _rss(server_url: str, count: int) -> str:
    """An RSS feed whose items carry the payloads in titles, links, authors and bodies."""
    items = []
    for i in range(count):
        title = f"Railway report {i} " + " ".join(payload(i * 7 + k) for k in range(1, 4))
        # As real markup (the sanitiser must strip it) and as text (templates must escape it).
        markup = joined(start=i, count=8)
        as_text = html.escape(joined())
        body = (
            f"<p>Iran and Iraq railway cooperation, report {i}.</p><p>{markup}</p><p>{as_text}</p>"
        )
        link = f"javascript:__xss('feed link {i}')" if i == 0 else f"{server_url}/news/{i}"
        items.append(
            f"<item><title>{xml_escape(title)}</title><link>{xml_escape(link)}</link>"
            f"<author>{xml_escape(payload(i + 20))}</author>"
            f"<pubDate>Tue, 0{i % 9 + 1} Apr 2025 10:00:00 GMT</pubDate>"
            f"<description>{xml_escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{xml_escape(payload(30))}</title><link>{server_url}/</link>"
        + "".join(items)
        + "</channel></rss>"
    )


def seed_hostile_content(server) -> dict[str, object]:
    """Catalogue and feed full of payloads; returns the objects whose pages are checked."""
    editor = factories.UserFactory(username="boss", role="admin", is_staff=True, is_superuser=True)
    alias_text = 'Basra "><img class=xss-alias src=x onerror=__xss(99)> railway'
    place = factories.PlaceFactory(
        slug="hostile-place", name=payload(16)[:200], name_fa=payload(18)[:200]
    )
    person = factories.PersonFactory(
        slug="hostile-person", name=payload(25)[:200], role=payload(31)[:200]
    )
    initiative = factories.InitiativeFactory(
        slug="hostile-initiative",
        name=alias_text,
        name_fa=payload(43)[:200],
        summary=joined(sep="\n\n"),
        status=Status.PROPOSED,
    )
    initiative.places.add(place)
    initiative.people.add(person)
    Alias.objects.create(initiative=initiative, text=alias_text, language="en")
    for n in (1, 26, 51, 52):
        Alias.objects.create(initiative=initiative, text=payload(n)[:200], language="en")
    KeyFigure.objects.create(
        initiative=initiative,
        label=payload(27)[:100],
        value=12,
        unit=payload(9)[:40],
        note=payload(28)[:300],
    )

    source = factories.SourceFactory(slug="hostile-source", name=payload(17)[:200])
    server.route(
        "/feed.xml",
        _rss(server.url(""), 6),
        headers={"Content-Type": "application/rss+xml; charset=utf-8"},
    )
    feed = factories.FeedFactory(url=server.url("/feed.xml"), source=source)
    run = jobs.poll_feed(feed.pk)
    # The feed really went through the pipeline; the item linking to javascript: was refused.
    assert run.created == 5, run.errors
    assert "http(s)" in str(run.errors)

    articles = list(Article.objects.filter(feed=feed).order_by("published_at"))
    # A body that names the initiative, so the reader highlights a payload-named mention.
    mention_article = factories.ArticleFactory(
        title=payload(33),
        byline=payload(34)[:300],
        body=f"The {alias_text} was discussed.\n\n{joined()}",
        source=source,
        language="en",
    )
    mention_article.people.add(person)
    mention_article.places.add(place)
    articles.append(mention_article)
    for article in articles[:4]:
        link = ArticleLink.objects.filter(article=article, initiative=initiative).first()
        link = link or factories.ArticleLinkFactory(article=article, initiative=initiative)
        article_services.decide_link(link, "confirmed", by=editor, expected_state=None)
    for i, article in enumerate(articles[4:]):
        ArticleLink.objects.update_or_create(
            article=article,
            initiative=initiative,
            defaults={
                "state": "suggested",
                "score": 0.8,
                "snippet": f"near {alias_text} and {payload(i + 40)}",
                "matched_alias": Alias.objects.get(initiative=initiative, text=alias_text),
            },
        )
    statement = Statement.objects.create(
        article=mention_article,
        speaker=person,
        speaker_name=payload(35)[:200],
        text=joined(),
        position=1,
    )
    statement.initiatives.add(initiative)
    initiative_services.change_status(
        initiative,
        Status.AGREED,
        date=dt.date(2025, 4, 2),
        note=joined(count=10),
        evidence=mention_article,
        by=editor,
    )
    initiative_services.add_milestone(
        initiative,
        date=dt.date(2025, 4, 3),
        title=payload(38)[:300],
        description=joined(count=10),
        evidence=mention_article,
        by=editor,
    )
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(published_at=timezone.now())
    return {
        "initiative": initiative,
        "article": mention_article,
        "feed_article": articles[1],
        "person": person,
        "place": place,
        "source": source,
    }


def assert_clean(page, watch, label: str) -> None:
    """Nothing a payload carried ran, requested anything or became markup on this page."""
    page.wait_for_load_state("networkidle")
    injected = page.evaluate(FIND_INJECTED)
    assert not watch.ran, f"{label}: payload script ran: {watch.ran}"
    assert not watch.requests, f"{label}: payload made requests: {watch.requests}"
    assert not injected, f"{label}: payload markup in the DOM: {injected[:10]}"
    assert page.evaluate("() => document.title") != "XSS", label
    assert TEMPLATE_EVALUATED not in page.content(), f"{label}: content rendered as a template"


def _query(**params: str) -> str:
    return "?" + urlencode(params)


def test_hostile_content_and_parameters_stay_text_on_every_page(page, raw_page, local_server):
    objects = seed_hostile_content(local_server)
    initiative, article = objects["initiative"], objects["article"]
    raw, watch = raw_page
    hostile = payload(1) + payload(16)
    public = [
        ("overview", "/"),
        ("timeline", "/timeline/"),
        ("timeline filtered", "/timeline/" + _query(initiative=initiative.slug, source="x")),
        (
            "timeline hostile filters",
            "/timeline/" + _query(source=hostile, language=payload(25), date_from=payload(7)),
        ),
        ("search", "/search/" + _query(q="railway")),
        ("search hostile query", "/search/" + _query(q=hostile, language=payload(2))),
        ("initiative", initiative.get_absolute_url()),
        ("article", article.get_absolute_url()),
        ("feed article", objects["feed_article"].get_absolute_url()),
        ("person", objects["person"].get_absolute_url()),
        ("place", objects["place"].get_absolute_url()),
        ("map", "/map/"),
        ("atom feed", f"/initiatives/{initiative.slug}/feed.atom"),
        ("api json", "/api/v1/articles/?format=json"),
        ("api browsable", "/api/v1/articles/?format=api"),
        ("api search browsable", "/api/v1/search/" + _query(q=hostile, format="api")),
        ("api initiative browsable", f"/api/v1/initiatives/{initiative.slug}/?format=api"),
        ("login next", "/login/" + _query(next=payload(31))),
    ]
    editor = [
        ("review queue", "/review/"),
        ("review hostile filters", "/review/" + _query(source=hostile, language=payload(3))),
        ("article as editor", article.get_absolute_url()),
        ("initiative as editor", initiative.get_absolute_url()),
        ("aliases", "/editorial/aliases/"),
        ("activity", "/activity/" + _query(action=hostile)),
        ("suggest", "/editorial/suggest/initiative/" + _query(q="Basra")),
        ("admin articles", "/admin/articles/article/" + _query(q=hostile)),
        ("admin initiative", f"/admin/initiatives/initiative/{initiative.pk}/change/"),
    ]
    for phase, pages in (("public", public), ("editor", editor)):
        if phase == "editor":
            login(raw, "boss")
            login(page, "boss")
        for label, url in pages:
            raw.goto(url)
            assert_clean(raw, watch, label)
            page.goto(url)  # the CSP-enforcing page fails the test on any violation
    # The hostile content was really on the pages, as text (not vacuous, not double-escaped).
    raw.goto(article.get_absolute_url())
    assert raw.locator("h1").inner_text().strip() == article.title
    assert raw.locator(".reader .mention").count() >= 1
    raw.goto("/review/")
    assert raw.locator(".queue-row mark").count() >= 1
    raw.goto("/search/" + _query(q="railway"))
    assert raw.locator(".search-results mark").count() >= 1


def test_feed_payloads_were_sanitised_on_the_way_in(local_server):
    """Markup in feed bodies is stripped by the pipeline; what is left is plain text."""
    seed_hostile_content(local_server)
    for article in Article.objects.filter(ingested_via="feed"):
        assert "Iran and Iraq railway cooperation" in article.body
        assert not article.url.lower().startswith("javascript"), article.url


def test_atom_feed_keeps_payloads_as_escaped_text(client, local_server):
    objects = seed_hostile_content(local_server)
    response = client.get(f"/initiatives/{objects['initiative'].slug}/feed.atom")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = "{http://www.w3.org/2005/Atom}"
    assert root.find(f"{ns}title").text.startswith(objects["initiative"].name)
    titles = [e.text for e in root.iter(f"{ns}title")]
    assert f"Milestone: {payload(38)}" in titles, titles  # the exact text, escaped once
    # No element outside the Atom namespace: a payload never became XML markup.
    assert {e.tag.split("}")[0] for e in root.iter()} == {ns[:-1]}
    assert len(PAYLOADS) >= 40
