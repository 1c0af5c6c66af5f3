"""`load_demo --remove` deletes exactly the demo rows: editors' work stays, counts, the data
version and the audit trail stay true, and removing twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import (
    Article,
    ArticleLink,
    Cluster,
    Feed,
    IngestionRun,
    InitiativeLinkCount,
    Source,
    Statement,
)
from articles.selectors.filters import TimelineFilters
from articles.selectors.timeline import _density
from demo.loader import load_demo
from demo.removal import demo_present, demo_was_removed, remove_demo
from initiatives.models import ALLOWED_TRANSITIONS, AuditEvent, Initiative, Milestone, StatusChange
from initiatives.services import add_milestone, change_status
from tests.factories import (
    ArticleFactory,
    SourceFactory,
    StatementFactory,
    confirmed_link,
)

DEMO_MODELS = (Source, Feed, Article, Statement, ArticleLink, StatusChange, Milestone)


def _all_rows() -> dict[str, set[int]]:
    models = (*DEMO_MODELS, Cluster, IngestionRun, AuditEvent, Initiative)
    return {m.__name__: set(m.objects.values_list("pk", flat=True)) for m in models}


def _editor_work(editor) -> dict[str, object]:
    """What an editor adds beside the demo: a real outlet and article with a confirmed link and
    a quote, a status change and a milestone citing real evidence, one citing a demo article."""
    real = ArticleFactory(title="Real report", source=SourceFactory(name="Real Outlet"))
    initiative = Initiative.objects.order_by("slug").first()
    link = confirmed_link(article=real, initiative=initiative)
    statement = StatementFactory(article=real, text="A real quote.")
    milestone = add_milestone(
        initiative, date=dt.date(2026, 1, 5), title="Real milestone", evidence=real, by=editor
    )
    demo_article = Article.objects.filter(is_demo=True).first()
    cites_demo = add_milestone(
        initiative, date=dt.date(2026, 1, 6), title="Cites a demo story", evidence=demo_article,
        by=editor,
    )  # fmt: skip
    return {
        "article": real,
        "link": link,
        "statement": statement,
        "milestone": milestone,
        "cites_demo": cites_demo,
        "initiative": initiative,
    }


@pytest.mark.django_db
def test_removal_deletes_exactly_the_demo_rows_and_keeps_every_editor_row(editor):
    load_demo()
    before = _all_rows()
    demo_ids = {
        m.__name__: set(m.objects.filter(is_demo=True).values_list("pk", flat=True))
        for m in DEMO_MODELS
    }
    work = _editor_work(editor)
    after_work = _all_rows()

    result = remove_demo(by=editor)

    for model in DEMO_MODELS:
        assert not model.objects.filter(is_demo=True).exists(), model
        remaining = set(model.objects.values_list("pk", flat=True))
        editor_rows = after_work[model.__name__] - before[model.__name__]
        # Everything the editor made is still there; nothing demo is.
        assert editor_rows <= remaining, model
        assert not remaining & demo_ids[model.__name__], model
    assert Article.objects.filter(pk=work["article"].pk).exists()
    assert ArticleLink.objects.filter(pk=work["link"].pk, state="confirmed").exists()
    assert Statement.objects.filter(pk=work["statement"].pk).exists()
    assert Milestone.objects.get(pk=work["milestone"].pk).evidence == work["article"]
    kept = Milestone.objects.get(pk=work["cites_demo"].pk)
    assert kept.evidence is None  # the editor's entry stays, without the invented evidence
    assert Source.objects.filter(name="Real Outlet").exists()
    assert not Source.objects.filter(name__endswith="(demo)").exists()
    assert not IngestionRun.objects.filter(kind="demo").exists()
    assert not Cluster.objects.filter(articles=None).exists()
    assert result.deleted["articles"] == len(demo_ids["Article"])
    assert result.evidence_cleared == 1
    assert not demo_present() and demo_was_removed()


@pytest.mark.django_db
def test_removal_restores_statuses_the_demo_moved_but_keeps_an_editors_later_change(editor):
    load_demo()
    moved = list(
        Initiative.objects.filter(status_changes__is_demo=True).distinct().order_by("slug")
    )
    assert len(moved) >= 2
    expected = {}
    for initiative in moved:
        real_steps = initiative.status_changes.filter(is_demo=False).order_by("created_at", "id")
        expected[initiative.slug] = real_steps.last().to_status
    # An editor moves one of them after the demo did: their status stands.
    kept = moved[0]
    editor_status = sorted(ALLOWED_TRANSITIONS[kept.status])[0]
    change_status(kept, editor_status, by=editor)

    remove_demo(by=editor)

    for initiative in moved:
        initiative.refresh_from_db()
        wanted = editor_status if initiative.pk == kept.pk else expected[initiative.slug]
        assert initiative.status == wanted, initiative.slug
    restored = AuditEvent.objects.filter(action="status.restore")
    assert restored.count() == len(moved) - 1
    assert kept.pk not in set(restored.values_list("initiative_id", flat=True))


@pytest.mark.django_db
def test_the_audit_trail_keeps_editors_and_drops_what_the_loader_wrote(editor):
    load_demo()
    loader_events = AuditEvent.objects.filter(
        action__in=["status.change", "milestone.add"], initiative__isnull=False
    ).count()
    assert loader_events
    loaded = set(AuditEvent.objects.values_list("pk", flat=True))
    demo_rows = {
        model._meta.label_lower: [
            str(pk) for pk in model.objects.filter(is_demo=True).values_list("pk", flat=True)
        ]
        for model in (StatusChange, Milestone)
    }
    work = _editor_work(editor)
    editor_events = set(AuditEvent.objects.values_list("pk", flat=True)) - loaded
    assert editor_events

    remove_demo(by=editor)

    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert editor_events <= remaining
    removal = AuditEvent.objects.get(action="demo.remove")
    assert removal.actor == editor and removal.after["articles"] >= 36
    assert "Demo data removed" in removal.summary
    cleared = AuditEvent.objects.get(action="evidence.cleared")
    assert cleared.object_id == str(work["cites_demo"].pk) and cleared.after == {"evidence": None}
    # The loader's own records went with the invented rows they described.
    for object_type, ids in demo_rows.items():
        assert ids and not AuditEvent.objects.filter(object_type=object_type, object_id__in=ids)


@pytest.mark.django_db
def test_an_outlet_that_also_holds_real_articles_stays_under_its_own_name(editor):
    load_demo()
    shafaq = Source.objects.get(slug="shafaq-en")
    real = ArticleFactory(source=shafaq, title="Submitted by an editor")

    result = remove_demo(by=editor)

    shafaq.refresh_from_db()
    assert shafaq.name == "Shafaq News" and not shafaq.is_demo
    assert list(shafaq.articles.all()) == [real]
    assert result.sources_kept == ["Shafaq News"]


@pytest.mark.django_db(transaction=True)
def test_counts_and_data_version_follow_and_removing_twice_is_a_no_op(editor):
    load_demo()
    _editor_work(editor)

    def version() -> int:
        with connection.cursor() as cur:
            cur.execute("SELECT last_value FROM ct_data_version")
            return cur.fetchone()[0]

    loaded = version()
    remove_demo(by=editor)
    removed = version()
    assert removed > loaded

    links = dict(InitiativeLinkCount.objects.values_list("initiative_id", "confirmed"))
    for initiative in Initiative.objects.all():
        real = ArticleLink.objects.filter(initiative=initiative, state="confirmed").count()
        assert links.get(initiative.pk, 0) == real, initiative.slug
    for query in (
        {},
        {"language": "fa"},
        {"kind": "statement"},
        {"initiative": "basra-shalamcheh-railway"},
    ):
        filters = TimelineFilters.from_query(query)
        assert _density(filters, "month") == _density(filters, "month", use_counts=False), query

    rows = _all_rows()
    second = remove_demo(by=editor)
    assert second.nothing_to_do and second.summary() == "No demo data: nothing removed."
    assert _all_rows() == rows
    assert version() == removed  # nothing written, nothing for any cache to notice


@pytest.mark.django_db
def test_the_command_removes_and_serve_does_not_bring_a_removed_demo_back(capsys):
    load_demo()
    call_command("load_demo", "--remove")
    out = capsys.readouterr().out
    assert "removed:" in out and "articles" in out and "Demo data removed." in out

    call_command("load_demo", "--unless-removed")  # what `serve` runs at every start
    assert "not loading it again" in capsys.readouterr().out
    assert not Article.objects.exists()

    call_command("load_demo", "--remove")
    assert "nothing removed" in capsys.readouterr().out

    call_command("load_demo")  # asked for explicitly: it comes back
    assert Article.objects.filter(is_demo=True).count() >= 36
    assert not demo_was_removed()


def test_help_says_how_to_remove_the_demo():
    from demo.management.commands.load_demo import Command

    parser = Command().create_parser("manage.py", "load_demo")
    text = parser.format_help()
    assert "--remove" in text and "--unless-removed" in text
