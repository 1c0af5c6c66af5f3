"""The analyst dashboards in a real Chromium on a live server with the demo data.

Each test groups several checks on one kind of flow to keep the browser time short.
"""

from __future__ import annotations

import re

import pytest
from django.db.models import Count

from articles.models import Article
from demo.loader import load_demo
from initiatives.models import Initiative, Person, Place
from tests.browser.support import axe_violations, format_violations, login, screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    load_demo()


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_every_dashboard_page_renders_its_content_without_axe_violations(page, demo):
    initiative = (
        Initiative.objects.filter(links__state="confirmed").order_by("slug").distinct().first()
    )
    article = Article.objects.filter(statements__isnull=False, language="en").first()
    person = Person.objects.filter(statements__isnull=False).first()
    place = Place.objects.filter(initiatives__isnull=False).first()
    pages = [
        ("overview", "/", "Iran–Iraq cooperation", "#activity-chart"),
        ("timeline", "/timeline/", "Timeline", ".density-chart"),
        ("search", "/search/?q=railway", "Search", "mark"),
        ("map", "/map/", "Map of places and corridors", ".map-svg .map-dot"),
        ("initiative", initiative.get_absolute_url(), initiative.name, ".map-svg"),
        ("article", article.get_absolute_url(), article.title, ".reader .mention"),
        ("person", person.get_absolute_url(), person.name, ".statement"),
        ("place", place.get_absolute_url(), place.name, ".map-svg .map-dot"),
    ]
    for name, url, heading, drawn in pages:
        page.goto(url)
        assert heading in page.locator("h1").inner_text(), name
        page.locator(drawn).first.wait_for()  # charts, maps and highlights are really drawn
        screenshot(page, f"dashboard-{name}")
        assert_accessible(page)

    # Keyboard: the skip link is the first stop and lands on the main content.
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_timeline_filters_live_in_the_url_and_survive_permalink_and_history(page, demo):
    page.goto("/timeline/")
    first_count = page.locator(".event").count()
    assert first_count == 40

    # Load more appends the next page in place (htmx), without leaving the URL.
    page.get_by_role("link", name="Load more").click()
    page.wait_for_function("() => document.querySelectorAll('.event').length > 40")
    assert page.url.endswith("/timeline/")

    # A filter change swaps the results and pushes a clean permalink.
    page.get_by_label("Language").select_option("fa")
    page.wait_for_url(re.compile(r"/timeline/\?language=fa$"))
    page.locator(".event").first.wait_for()
    tags = page.locator(".event .tag").all_text_contents()
    assert tags and set(tags) == {"Persian"}
    page.get_by_label("Status changes").uncheck()
    page.wait_for_url(re.compile(r"language=fa&kind=article&kind=statement&kind=milestone$"))
    assert_accessible(page)
    screenshot(page, "dashboard-timeline-filtered")
    filtered_url = page.url
    filtered_titles = page.locator(".event-title, .event blockquote").all_inner_texts()

    # Back and forward restore the views and their form state.
    page.go_back()
    page.wait_for_url(re.compile(r"\?language=fa$"))
    assert page.get_by_label("Status changes").is_checked()
    page.go_back()
    page.wait_for_url(re.compile(r"/timeline/$"))
    assert page.get_by_label("Language").input_value() == ""
    page.go_forward()
    page.wait_for_url(re.compile(r"\?language=fa$"))
    assert page.get_by_label("Language").input_value() == "fa"

    # The permalink, opened afresh, reproduces the view.
    page.goto(filtered_url)
    assert page.locator(".event-title, .event blockquote").all_inner_texts() == filtered_titles
    assert not page.get_by_label("Status changes").is_checked()

    # Clicking a density bar narrows the range to that bar's dates.
    page.goto("/timeline/")
    bar = page.locator(".density-chart a").last
    start, end = bar.get_attribute("data-start"), bar.get_attribute("data-end")
    bar.click()
    page.wait_for_url(re.compile(rf"date_from={start}&date_to={end}"))
    assert page.get_by_label("From").input_value() == start


def test_on_a_phone_filters_and_facets_leave_room_for_the_results(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/timeline/")
    chart = page.locator(".density-chart")
    chart.wait_for()
    assert chart.bounding_box()["y"] < 900  # the results begin about one screen down
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sideways

    page.goto("/search/?q=railway")
    assert page.locator(".hit").first.bounding_box()["y"] < 500  # hits first, facets after
    assert page.locator(".facets").bounding_box()["y"] > page.locator(".hits").bounding_box()["y"]


def test_on_a_phone_no_page_scrolls_sideways_for_editors_either(page, demo):
    """Wide tables (alias record, the editing panel's aliases) scroll inside their box."""
    UserFactory(username="editor-d", role="editor")
    login(page, "editor-d")
    page.set_viewport_size({"width": 390, "height": 844})
    initiative = Initiative.objects.order_by("slug").first()
    for url in ("/review/", "/editorial/aliases/", initiative.get_absolute_url(), "/map/"):
        page.goto(url)
        page.locator("main").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url


def test_persian_and_arabic_articles_read_right_to_left(page, demo):
    persian = Article.objects.filter(language="fa").first()
    arabic = Article.objects.filter(language="ar").first()

    page.goto(persian.get_absolute_url())
    reader = page.locator("article.reader")
    assert reader.get_attribute("dir") == "rtl" and reader.get_attribute("lang") == "fa"
    assert reader.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert "Vazirmatn" in reader.evaluate("el => getComputedStyle(el).fontFamily")
    screenshot(page, "dashboard-article-persian")
    assert_accessible(page)

    page.goto(arabic.get_absolute_url())
    assert page.locator("article.reader").get_attribute("dir") == "rtl"


_MAP_BOXES = """() => {
  const box = (el) => { const b = el.getBoundingClientRect();
                        return [b.left, b.top, b.right, b.bottom]; };
  const svg = document.querySelector(".map-svg");
  return {
    places: [...svg.querySelectorAll(".map-points a")].map((a) => ({
      name: a.querySelector("title").textContent,
      dot: box(a.querySelector("circle")),
      label: a.querySelector(".map-label") && box(a.querySelector(".map-label")),
    })),
    countries: [...svg.querySelectorAll(".map-country-label")].map(box),
  };
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


@pytest.mark.parametrize(("width", "share"), [(1280, 0.8), (390, 0.3)])
def test_the_map_names_places_legibly_without_names_covering_each_other(page, demo, width, share):
    """The demo's places crowd around Basra and Shalamcheh: names go where they are legible,
    on a desk and on a phone (where the map is drawn at a third of the size)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/map/")
    page.locator(".map-svg .map-label").first.wait_for()
    drawn = page.evaluate(_MAP_BOXES)
    places, countries = drawn["places"], drawn["countries"]
    labels = [(p["name"], p["label"]) for p in places if p["label"]]

    for i, (name, label) in enumerate(labels):
        assert label[3] - label[1] >= 11, f"{name} is drawn too small to read"
        for other, other_label in labels[i + 1 :]:
            assert not _overlap(label, other_label), f"{name} covers {other}"
        for place in places:
            if place["label"] is not label:
                assert not _overlap(label, place["dot"]), f"{name} covers {place['name']}"
        if width >= 1000:  # on a small map a place name may go over a country's name
            assert not any(_overlap(label, c) for c in countries), f"{name} covers a country"
    assert len(places) == Place.objects.count()
    assert len(labels) >= share * len(places)  # those left out keep tooltip and list entry
    busiest = Place.objects.annotate(n=Count("initiatives")).order_by("-n", "name").first()
    assert any(name.startswith(busiest.name + " (") for name, _ in labels)
    screenshot(page, f"dashboard-map-labels-{width}")


# [right edge of the text `name` in `line`, left edge and width of the element `after`].
_TEXT_THEN = """(line, [name, after]) => {
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && !node.textContent.includes(name)) {}
  const range = document.createRange();
  const at = node.textContent.indexOf(name);
  range.setStart(node, at);
  range.setEnd(node, at + name.length);
  const named = range.getBoundingClientRect();
  const next = line.querySelector(after).getBoundingClientRect();
  return [named.right, next.left, next.width];
}"""


def test_a_name_in_arabic_or_persian_does_not_pull_the_date_beside_it_out_of_order(page, db):
    """An outlet named in Arabic, followed by "· 16 Nov 2025" in an English line: without
    isolation the bidi algorithm moved "16" in front of the Arabic name. An override
    character (U+202E) in a name must not reverse what follows either."""
    import datetime as dt

    from tests.factories import ArticleFactory, PlaceFactory, SourceFactory

    place = PlaceFactory(slug="basra", name="Basra")
    for slug, name in (("ina", "وكالة الأنباء العراقية"), ("spoof", "Spoof \u202enews")):
        article = ArticleFactory(
            source=SourceFactory(slug=slug, name=name),
            published_at=dt.datetime(2025, 11, 16, 9, tzinfo=dt.UTC),
        )
        article.places.add(place)

    page.goto(place.get_absolute_url())
    lines = page.locator(".story .meta")
    assert lines.count() == 2
    for n, name in enumerate(("وكالة الأنباء العراقية", "Spoof \u202enews")):
        line = page.locator(".story .meta", has_text=name[:5])
        assert line.locator("time").inner_text() == "16 Nov 2025"
        name_right, date_left, date_width = line.evaluate(_TEXT_THEN, [name, "time"])
        # The name wholly left of the date, and the date one unbroken run.
        assert name_right <= date_left + 0.5, (n, name_right, date_left)
        assert date_width < 120


def test_an_arabic_alias_keeps_its_language_tag_after_it_in_the_alias_record(page, db):
    from tests.factories import AliasFactory, ArticleLinkFactory, InitiativeFactory

    UserFactory(username="editor-c", role="editor")
    alias = AliasFactory(initiative=InitiativeFactory(), text="زوار الأربعين", language="ar")
    ArticleLinkFactory(initiative=alias.initiative, matched_alias=alias, state="suggested")
    login(page, "editor-c")

    page.goto("/editorial/aliases/")
    cell = page.locator("td", has_text="(ar)")
    text_right, tag_left, _ = cell.evaluate(_TEXT_THEN, [alias.text, ".muted"])
    assert text_right <= tag_left + 0.5


def test_editors_see_feed_health_and_the_review_link(page, demo):
    UserFactory(username="editor-b", role="editor")
    login(page, "editor-b")

    page.goto("/")
    assert page.get_by_role("link", name="Review").is_visible()
    assert page.get_by_role("heading", name="Feed health").is_visible()
    assert_accessible(page)
