"""Slipping dates and silence made visible: the slip log of announced completion dates, the
inferred "quiet" marker, and the overview's filter and sorts by both."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from initiatives.claims import add_claim, claim_groups
from tests.factories import ArticleFactory, InitiativeFactory, SourceFactory, confirmed_link

pytestmark = pytest.mark.django_db


def _announce(initiative, year: int, said: dt.date, outlet: str, editor, **kwargs):
    sentence = f"The line will be finished by the end of {year}."
    article = ArticleFactory(
        body=f"Officials spoke on {said}. {sentence}", source=SourceFactory(name=outlet)
    )
    return add_claim(
        initiative, kind="date", label="Announced completion", date=dt.date(year, 12, 31),
        precision="year", as_of=said, source=article, sentence=sentence, by=editor, **kwargs,
    )  # fmt: skip


@pytest.fixture
def slipping(initiative, editor):
    _announce(initiative, 2025, dt.date(2024, 6, 1), "Shafaq News", editor)
    _announce(initiative, 2024, dt.date(2023, 3, 1), "IRNA", editor)
    _announce(initiative, 2026, dt.date(2025, 2, 1), "Tehran Times", editor)
    _announce(initiative, 2026, dt.date(2025, 5, 1), "Rudaw", editor)  # repeated: no move
    return initiative


def test_the_slip_log_lists_the_announced_dates_in_the_order_they_were_said(slipping, client):
    (group,) = claim_groups(list(slipping.claims.all()))
    assert group.slip_summary == "announced for 2024 → 2025 → 2026, moved 2×"
    html = client.get(slipping.get_absolute_url()).content.decode()
    log = html.split('class="slip-log"', 1)[1].split("</div>", 1)[0]
    assert "announced for 2024 → 2025 → 2026, moved 2×" in log
    steps = re.findall(r"<li>(.*?)</li>", log, re.S)
    assert [re.sub(r"<[^>]+>", "", s) for s in steps] == [
        "2024, announced 1 Mar 2023 by IRNA",
        "2025, announced 1 Jun 2024 by Shafaq News",
        "2026, announced 1 Feb 2025 by Tehran Times",
    ]


def test_a_deprecated_announcement_is_not_a_move(slipping, editor):
    from initiatives.claims import rank_claim

    rank_claim(slipping.claims.get(date__year=2025), "deprecated", by=editor)
    (group,) = claim_groups(list(slipping.claims.all()))
    assert group.moves == 1 and group.slip_summary.endswith("2024 → 2026, moved 1×")


def test_the_api_has_the_slip_log(slipping, client):
    (group,) = client.get(f"/api/v1/initiatives/{slipping.slug}/").json()["claims"]
    assert group["moves"] == 2 and group["sequence"] == ["2024", "2025", "2026"]


def test_the_overview_sorts_by_slippage_and_shows_the_moves(slipping, client):
    InitiativeFactory(name="Aardvark corridor")
    html = client.get("/?sort=slippage").content.decode()
    assert listed(html)[0] == slipping.slug
    row = html.split('id="initiatives-heading"', 1)[1].split(f"/{slipping.slug}/", 1)[1]
    assert '<td class="num">2×</td>' in row.split("</tr>", 1)[0]
    assert listed(client.get("/").content.decode())[0] != slipping.slug  # "Aardvark…" first


def listed(html: str) -> list[str]:
    """The initiatives the overview's list shows, in order (not the momentum table's)."""
    section = html.split('id="initiatives-heading"', 1)[1]
    return re.findall(r'<tr>\s*<td><a href="/initiatives/([^/]+)/">', section)


def _evidence(initiative, days_ago: int) -> None:
    article = ArticleFactory(published_at=timezone.now() - dt.timedelta(days=days_ago))
    confirmed_link(article=article, initiative=initiative)


def test_an_initiative_without_evidence_for_the_quiet_period_is_marked_quiet_not_restatused(
    initiative, client
):
    _evidence(initiative, 200)
    status = initiative.status
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert 'class="quiet-marker">Quiet</span> No confirmed evidence for 200 days' in html
    assert "the status above is the editors' and stands" in html
    initiative.refresh_from_db()
    assert initiative.status == status and not initiative.status_changes.exists()


def test_the_quiet_period_is_configurable(initiative, client, settings):
    _evidence(initiative, 200)
    settings.QUIET_DAYS = 365
    assert "quiet-marker" not in client.get(initiative.get_absolute_url()).content.decode()


def test_the_overview_filters_quiet_initiatives_and_sorts_by_latest_evidence(client):
    quiet = InitiativeFactory(name="Quiet zone", slug="quiet-zone")
    busy = InitiativeFactory(name="Busy market", slug="busy-market")
    silent = InitiativeFactory(name="Silent accord", slug="silent-accord")  # never any evidence
    _evidence(quiet, 400)
    _evidence(busy, 3)

    def slugs(url: str) -> list[str]:
        return listed(client.get(url).content.decode())

    assert slugs("/?quiet=1") == [quiet.slug, silent.slug]
    assert slugs("/?sort=latest") == [silent.slug, quiet.slug, busy.slug]
    html = client.get("/").content.decode()
    busy_row = html.split(f'/initiatives/{busy.slug}/"', 1)[1].split("</tr>", 1)[0]
    assert "Quiet" not in busy_row
    quiet_row = html.split(f'/initiatives/{quiet.slug}/"', 1)[1].split("</tr>", 1)[0]
    assert "quiet-marker" in quiet_row


def test_the_api_says_which_initiatives_are_quiet(client):
    quiet = InitiativeFactory(slug="quiet-zone")
    busy = InitiativeFactory(slug="busy-market")
    _evidence(quiet, 400)
    _evidence(busy, 3)
    listed_api = {
        i["slug"]: i["quiet"] for i in client.get("/api/v1/initiatives/").json()["results"]
    }
    assert listed_api == {"quiet-zone": True, "busy-market": False}
    assert client.get("/api/v1/initiatives/quiet-zone/").json()["quiet"] is True
    assert client.get("/api/v1/initiatives/busy-market/").json()["quiet"] is False
