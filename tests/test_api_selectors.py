"""The shared selectors behind the API and the dashboards: timeline, density, search, stats."""

import datetime as dt

import pytest
from django.http import QueryDict

from articles.models import ArticleLink
from articles.selectors import evidence as initiative_selectors
from articles.selectors.filters import InvalidFilter, TimelineFilters
from articles.selectors.search import search
from articles.selectors.timeline import timeline, timeline_density
from initiatives.models import Sector, Status, StatusChange
from tests.factories import (
    ArticleFactory,
    ArticleLinkFactory,
    InitiativeFactory,
    MilestoneFactory,
    PersonFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def link(**kwargs) -> ArticleLink:
    """A link; decided ones get a decision time, as the database requires."""
    if kwargs.get("state", "suggested") != "suggested":
        kwargs.setdefault("decided_at", dt.datetime(2025, 3, 1, tzinfo=UTC))
    return ArticleLinkFactory(**kwargs)


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, tzinfo=UTC)


def test_filters_round_trip_through_the_query_string():
    filters = TimelineFilters(
        initiative="rail",
        language="fa",
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2025, 2, 1),
        kinds={"article", "status"},
    )
    assert TimelineFilters.from_query(QueryDict(filters.to_query())) == filters
    assert TimelineFilters.from_query(QueryDict("")) == TimelineFilters()


def test_filters_refuse_a_bad_date_naming_the_field():
    with pytest.raises(InvalidFilter, match="not a date") as caught:
        TimelineFilters.from_query(QueryDict("published_after=yesterday"))
    assert caught.value.field == "published_after"
    with pytest.raises(InvalidFilter, match="Unknown kind"):
        TimelineFilters.from_query(QueryDict("kind=tweet"))


def test_timeline_merges_all_kinds_newest_first(initiative):
    article = ArticleFactory(title="Railway talks", published_at=at(5))
    link(article=article, initiative=initiative, state="confirmed")
    statement = StatementFactory(article=ArticleFactory(published_at=at(3)), text="We agree.")
    statement.initiatives.add(initiative)
    MilestoneFactory(initiative=initiative, date=dt.date(2025, 3, 4), title="Groundbreaking")
    StatusChange.objects.create(
        initiative=initiative, from_status="proposed", to_status="agreed", date=dt.date(2025, 3, 6)
    )

    page = timeline(TimelineFilters(initiative=initiative.slug))

    assert [(e.kind, e.title) for e in page.items] == [
        ("status", "Basra–Shalamcheh railway: Proposed → Agreed"),
        ("article", "Railway talks"),
        ("milestone", "Groundbreaking"),
        ("statement", statement.article.title),
    ]
    assert page.items[1].initiatives[0].slug == initiative.slug
    assert page.items[3].text == "We agree."
    assert page.items[3].url.endswith(f"#statement-{statement.pk}")
    assert page.next_cursor is None


def test_timeline_cursor_walks_every_event_exactly_once():
    same_time = at(10)
    articles = [ArticleFactory(published_at=same_time) for _ in range(4)]
    articles += [ArticleFactory(published_at=at(d)) for d in (1, 2, 3)]
    seen, cursor = [], None
    while True:
        page = timeline(TimelineFilters(kinds={"article"}), cursor=cursor, limit=2)
        seen += [e.id for e in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(a.pk for a in articles)
    assert len(seen) == len(set(seen))


def test_timeline_filters_only_confirmed_links_and_hides_irrelevant(initiative):
    confirmed = ArticleFactory()
    link(article=confirmed, initiative=initiative, state="confirmed")
    link(initiative=initiative, state="suggested")
    hidden = ArticleFactory(is_irrelevant=True)
    link(article=hidden, initiative=initiative, state="confirmed")
    page = timeline(TimelineFilters(initiative=initiative.slug, kinds={"article"}))
    assert [e.id for e in page.items] == [confirmed.pk]


def test_one_initiatives_articles_walk_by_cursor_within_dates_newest_first(initiative):
    articles = [ArticleFactory(published_at=at(day)) for day in (2, 4, 4, 4, 6, 8, 20)]
    for article in articles:
        link(article=article, initiative=initiative, state="confirmed")
    link(article=ArticleFactory(published_at=at(5)), state="confirmed")  # another initiative
    filters = TimelineFilters(
        initiative=initiative.slug,
        kinds={"article"},
        date_from=dt.date(2025, 3, 4),
        date_to=dt.date(2025, 3, 8),
    )
    seen, cursor = [], None
    while True:
        page = timeline(filters, cursor=cursor, limit=2)
        seen += [e.id for e in page.items]
        if not (cursor := page.next_cursor):
            break
    in_range = [a for a in articles if 4 <= a.published_at.day <= 8]
    assert seen == [a.pk for a in sorted(in_range, key=lambda a: (a.published_at, a.pk))][::-1]


def test_one_initiatives_statements_come_newest_first_and_follow_date_corrections(initiative):
    statements = [StatementFactory(article=ArticleFactory(published_at=at(d))) for d in (3, 9, 6)]
    for statement in statements:
        statement.initiatives.add(initiative)
    StatementFactory(article=ArticleFactory(published_at=at(20)))  # about nothing
    filters = TimelineFilters(initiative=initiative.slug, kinds={"statement"})
    assert [e.id for e in timeline(filters).items] == [statements[i].pk for i in (1, 2, 0)]
    article = statements[0].article
    article.published_at = at(28)  # the first one's date was wrong
    article.save()
    page = timeline(filters, limit=1)
    assert [(e.id, e.date) for e in page.items] == [(statements[0].pk, at(28))]
    rest = timeline(filters, cursor=page.next_cursor, limit=5)
    assert [e.id for e in rest.items] == [statements[1].pk, statements[2].pk]


def test_timeline_filters_by_speaker_source_and_language():
    speaker = PersonFactory(slug="araghchi")
    source = SourceFactory(slug="irna")
    wanted = StatementFactory(speaker=speaker, article=ArticleFactory(source=source, language="fa"))
    StatementFactory(article=ArticleFactory(source=source, language="fa"))
    StatementFactory(speaker=speaker, article=ArticleFactory(language="en"))
    filters = TimelineFilters(person="araghchi", source="irna", language="fa", kinds={"statement"})
    assert [e.id for e in timeline(filters).items] == [wanted.pk]


def test_density_counts_per_week_with_empty_weeks_filled():
    ArticleFactory(published_at=at(3))  # Monday 3 March
    ArticleFactory(published_at=at(4))
    ArticleFactory(published_at=at(18))
    assert timeline_density(TimelineFilters(), buckets="week") == [
        (dt.date(2025, 3, 3), 2),
        (dt.date(2025, 3, 10), 0),
        (dt.date(2025, 3, 17), 1),
    ]


def test_search_finds_english_stems_and_persian_words_with_highlights(initiative):
    english = ArticleFactory(title="Rail link", body="Basra & Iran: the railways <will> connect.")
    link(article=english, initiative=initiative, state="confirmed")
    persian = ArticleFactory(title="راه آهن", body="راه آهن شلمچه بصره افتتاح شد", language="fa")
    ArticleFactory(title="Other", body="Nothing about trains here.")

    page = search("railway", filters=TimelineFilters())
    assert [h.id for h in page.items] == [english.pk]
    assert "<mark>railways</mark>" in page.items[0].snippet
    assert "&amp; Iran" in page.items[0].snippet
    assert page.facets["initiative"][0].value == initiative.slug
    assert page.facets["language"][0].label == "English"

    page = search("شلمچه")
    assert [h.id for h in page.items] == [persian.pk]
    assert "<mark>شلمچه</mark>" in page.items[0].snippet


def test_search_covers_statements_and_counts_facets_over_all_matches():
    StatementFactory(text="The corridor will open next year.")
    for n in range(3):
        ArticleFactory(body=f"The corridor to Basra, part {n}.", language="ar")
    page = search("corridor", page_size=2)
    assert page.total == 4
    assert len(page.items) == 2 and page.has_next
    assert {f.value: f.count for f in page.facets["language"]} == {"ar": 3, "en": 1}
    assert search("corridor", filters=TimelineFilters(kinds={"statement"})).total == 1
    assert search("").total == 0


def test_initiative_detail_counts_confirmed_evidence_and_statements(initiative):
    for state in ("confirmed", "confirmed", "suggested"):
        link(initiative=initiative, state=state, article=ArticleFactory(published_at=at(2)))
    StatementFactory().initiatives.add(initiative)
    detail = initiative_selectors.initiative_detail(initiative.slug)
    assert (detail.confirmed_articles, detail.statements_count) == (2, 1)
    assert detail.last_evidence_at == at(2)


def test_counts_by_status_and_sector_include_zeros():
    InitiativeFactory(status=Status.AGREED, sector=Sector.ENERGY)
    InitiativeFactory(status=Status.AGREED, sector=Sector.RAIL)
    statuses = {code: n for code, _, n in initiative_selectors.counts_by_status()}
    assert statuses["agreed"] == 2 and statuses["stalled"] == 0
    assert len(initiative_selectors.counts_by_sector()) == len(Sector.values)


def test_mentions_per_week_and_momentum(initiative):
    now = dt.datetime(2025, 3, 20, 12, tzinfo=UTC)
    for day in (18, 19):
        link(initiative=initiative, state="confirmed", article=ArticleFactory(published_at=at(day)))
    link(
        initiative=initiative,
        state=ArticleLink.State.CONFIRMED,
        article=ArticleFactory(published_at=now - dt.timedelta(days=60)),
    )
    (series,) = initiative_selectors.mentions_per_week(4, initiative.slug, today=now.date())
    assert series.weeks[-1] == (dt.date(2025, 3, 17), 2)
    assert len(series.weeks) == 4
    (m,) = initiative_selectors.momentum(30, 90, now=now)
    assert (m.recent, m.previous) == (2, 1)
    assert m.change > 0


def test_overview_activity_counts_each_article_once_per_sector():
    railway, corridor = (InitiativeFactory(sector=Sector.RAIL) for _ in range(2))
    pipeline = InitiativeFactory(sector=Sector.ENERGY)
    both_rail = ArticleFactory(published_at=at(18))
    link(article=both_rail, initiative=railway, state="confirmed")
    link(article=both_rail, initiative=corridor, state="confirmed")
    rail_and_energy = ArticleFactory(published_at=at(19))
    link(article=rail_and_energy, initiative=railway, state="confirmed")
    link(article=rail_and_energy, initiative=pipeline, state="confirmed")
    irrelevant = ArticleFactory(published_at=at(19), is_irrelevant=True)
    link(article=irrelevant, initiative=pipeline, state="confirmed")
    link(article=ArticleFactory(published_at=at(19)), initiative=pipeline)  # suggested only

    axis, series = initiative_selectors.mentions_per_week_by_sector(2, today=dt.date(2025, 3, 20))
    assert axis == [dt.date(2025, 3, 10), dt.date(2025, 3, 17)]
    assert [(sector, counts) for sector, _label, counts in series] == [
        ("rail", [0, 2]),  # in Sector order
        ("energy", [0, 1]),
    ]
    assert initiative_selectors.mentions_per_week_by_sector(1, today=dt.date(2025, 1, 6)) == (
        [],
        [],
    )


def test_momentum_windows_are_exact_to_the_microsecond_around_partial_days(initiative):
    now = dt.datetime(2025, 6, 20, 15, 30, tzinfo=UTC)
    recent_start = now - dt.timedelta(days=30)  # 21 May 15:30
    previous_start = recent_start - dt.timedelta(days=90)
    tick = dt.timedelta(microseconds=1)
    times = {
        "recent": [
            now,
            now - dt.timedelta(hours=15),
            recent_start,
            recent_start + tick,
            dt.datetime(2025, 6, 1, tzinfo=UTC),
        ],
        "previous": [recent_start - tick, previous_start, dt.datetime(2025, 4, 1, 8, tzinfo=UTC)],
        "neither": [now + tick, previous_start - tick, dt.datetime(2024, 12, 1, tzinfo=UTC)],
    }
    for when in (t for group in times.values() for t in group):
        link(initiative=initiative, state="confirmed", article=ArticleFactory(published_at=when))
    hidden = ArticleFactory(published_at=now - dt.timedelta(days=2), is_irrelevant=True)
    link(initiative=initiative, state="confirmed", article=hidden)
    link(initiative=initiative, state="suggested", article=ArticleFactory(published_at=now))

    (m,) = initiative_selectors.momentum(30, 90, now=now)
    assert (m.recent, m.previous) == (len(times["recent"]), len(times["previous"]))
    (within_a_day,) = initiative_selectors.momentum(1, 1, now=now)  # windows inside two days
    assert (within_a_day.recent, within_a_day.previous) == (2, 0)


def test_search_of_a_very_common_word_ranks_the_newest_matches_and_says_counts_are_estimates(
    monkeypatch,
):
    from articles.selectors import search as selectors

    monkeypatch.setattr(selectors, "SEARCH_MATCH_CAP", 2)
    articles = [
        ArticleFactory(body=f"Trade fair number {n}.", published_at=at(n)) for n in (1, 2, 3, 4)
    ]
    page = search("trade")
    assert page.total_is_estimate
    assert {h.id for h in page.items} <= {a.pk for a in articles[1:]}
    assert not search("fair number 4").total_is_estimate
