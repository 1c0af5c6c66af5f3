"""The learned linker: trained on the team's corpus and editors' decisions, promoted only
when no worse, recorded, stored on each link, and never in the way when its file is bad."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.ingest import evaluation, learned, link, pipeline
from articles.ingest.catalogue import current_catalogue
from articles.ingest.items import RawItem
from articles.ingest.learned import Metrics
from articles.models import Article, ArticleLink, IngestionRun, LinkerModel
from editorial.selectors import suggest_band
from initiatives.catalogue_loader import load_catalogue
from tests.factories import ArticleLinkFactory, UserFactory

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "linking"
# Raised as the linker improves (docs/linking.md has the figures these came from).
FLOORS = {
    "en": {"precision": 0.92, "recall": 0.94},
    "fa": {"precision": 0.94, "recall": 0.90},
    "ar": {"precision": 0.95, "recall": 0.80},
}


@pytest.fixture
def model_dir(settings, tmp_path):
    settings.LINKER_MODEL_DIR = tmp_path / "linker"
    return settings.LINKER_MODEL_DIR


@pytest.fixture
def starter(model_dir):
    load_catalogue()


@pytest.fixture
def promoted(starter) -> LinkerModel:
    row = learned.train(corpus=[CORPUS / "train.jsonl"])
    assert row.outcome == LinkerModel.Outcome.PROMOTED, row.reason
    return row


def _ingest(title: str, body: str, language: str = "") -> list[ArticleLink]:
    raw = RawItem(title=title, body=body, language=language)
    outcome = pipeline.ingest_item(raw, via=Article.Via.API)
    return list(ArticleLink.objects.filter(article_id=outcome.article_id))


STORY = (
    "Iraq and Iran agree to speed up work on cross-border rail bridge",
    "Iraqi and Iranian transport officials agreed in Basra on Monday to speed up work on the "
    "movable bridge over the Shatt al-Arab that will carry the Shalamcheh railway.\n\n"
    "Track laying on the Iraqi side is due to start once the bridge piers are finished.",
)


def test_a_training_run_is_recorded_promoted_and_its_file_checked(promoted, model_dir):
    path = model_dir / f"linker-{promoted.version}.json"
    assert path.is_file() and promoted.is_current and promoted.sha256
    trained = promoted.trained_on
    assert trained["corpus_pairs"] > 200 and trained["held_out"] >= 20
    assert promoted.metrics["current_is"] == "rules"
    assert promoted.metrics["new"]["f1"] >= promoted.metrics["current"]["f1"]
    suggest, autoconfirm = link.thresholds_of(current_catalogue().scorer)
    assert (suggest, autoconfirm) == (
        promoted.thresholds["suggest"],
        promoted.thresholds["autoconfirm"],
    )
    # The review queue's "most uncertain first" reads the same band.
    assert suggest_band() == (suggest, autoconfirm)


def test_links_say_which_model_scored_them(promoted):
    links = _ingest(*STORY)

    assert [lnk.initiative.slug for lnk in links] == ["basra-shalamcheh-railway"]
    assert links[0].model_version == promoted.version
    assert any("both sides named" in reason for reason in links[0].reasons)


def test_the_test_split_meets_the_floors_in_each_language(promoted):
    items, problems = evaluation.read_labelled(CORPUS / "test.jsonl")
    assert not problems
    report = evaluation.evaluate(items)

    for language, floor in FLOORS.items():
        tally = report.by_language[language]
        assert tally.precision >= floor["precision"], (language, tally.as_dict())
        assert tally.recall >= floor["recall"], (language, tally.as_dict())
    assert report.autoconfirmed.precision >= 0.98, report.autoconfirmed.as_dict()


def test_a_missing_or_corrupt_model_file_leaves_linking_to_the_rules(promoted, model_dir):
    path = model_dir / f"linker-{promoted.version}.json"
    path.unlink()
    status = learned.linker_status()
    assert status["scorer"] == "rules" and not status["ok"]
    assert "is missing" in status["problem"]
    links = _ingest(*STORY)
    assert [lnk.model_version for lnk in links] == ["rules"]

    path.write_text('{"version": "tampered"}', encoding="utf-8")
    status = learned.linker_status()
    assert "corrupt" in status["problem"] and status["scorer"] == "rules"


def test_the_health_page_says_when_linking_fell_back_to_the_rules(promoted, model_dir, client):
    admin = UserFactory(username="boss", role="admin", is_staff=True)
    client.force_login(admin)
    ok = client.get("/healthz").json()["checks"]["linker"]
    assert ok == {"ok": True, "status": "ok", "detail": f"scored by {promoted.version}"}

    (model_dir / f"linker-{promoted.version}.json").unlink()
    response = client.get("/healthz")

    assert response.status_code == 200  # ingestion goes on: degraded, not down
    linker = response.json()["checks"]["linker"]
    assert linker["status"] == "degraded" and "is missing" in linker["detail"]


def test_too_few_decisions_are_refused_with_the_reason_and_recorded(starter):
    for state in ("confirmed", "rejected", "rejected"):
        ArticleLinkFactory(state=state, decided_at="2026-01-01T00:00Z")

    with pytest.raises(CommandError, match="Too few labelled pairs to train on"):
        call_command("train_linker", "--no-corpus")

    row = LinkerModel.objects.get()
    assert row.outcome == LinkerModel.Outcome.REFUSED and not row.is_current
    assert "editor decisions" in row.reason
    assert current_catalogue().scorer.version == "rules"


def test_a_new_model_is_promoted_only_when_no_worse_on_the_kept_aside_pairs():
    current = Metrics(pairs=50, positives=20, precision=0.9, recall=0.9, f1=0.9)
    worse = Metrics(pairs=50, positives=20, precision=0.95, recall=0.7, f1=0.806)
    sloppy = Metrics(pairs=50, positives=20, f1=0.95, autoconfirmed=20, autoconfirm_precision=0.9)
    assert learned.no_worse(worse, current)[0] is False
    assert "0.806 < 0.900" in learned.no_worse(worse, current)[1]
    assert learned.no_worse(sloppy, current)[0] is False
    assert learned.no_worse(current, current)[0] is True


def test_editor_decisions_are_learned_from_and_relink_keeps_them(promoted, editor):
    links = _ingest(*STORY)
    ArticleLink.objects.filter(pk=links[0].pk).update(
        state="rejected", decided_by=editor, decided_at="2026-01-01T00:00Z"
    )
    examples = list(learned.decision_examples(100))
    assert [(e.label, e.origin) for e in examples] == [(0, "decision")]
    assert examples[0].features.alias_raw > 0

    call_command("relink")

    kept = ArticleLink.objects.get(pk=links[0].pk)
    assert kept.state == "rejected" and kept.decided_by == editor


def test_the_command_prints_both_models_figures(starter, capsys):
    call_command("train_linker", "--corpus", str(CORPUS / "train.jsonl"))
    out = capsys.readouterr().out
    assert "kept aside" in out and "new model" in out and "in use (rules)" in out
    assert "Promoted" in out


def test_the_first_run_of_the_product_trains_a_linker_once(starter):
    from config.management.commands.serve import Command

    serve = Command()
    serve._train_linker_if_missing()
    first = LinkerModel.objects.get()
    assert first.is_current and first.trigger == "command"

    serve._train_linker_if_missing()  # a model that loads: nothing more is trained
    assert LinkerModel.objects.count() == 1


def test_added_and_reassigned_links_are_decisions_to_learn_from(starter, editor):
    from articles.services import add_link
    from editorial.services.review import reassign_link
    from initiatives.models import Initiative

    railway_story = _ingest(*STORY)[0]
    # As if scored below the auto-confirm threshold: waiting in the queue.
    ArticleLink.objects.filter(pk=railway_story.pk).update(state="suggested", decided_at=None)
    railway_story.refresh_from_db()
    corridors = Initiative.objects.get(slug="transport-corridors")
    reassign_link(railway_story, corridors, by=editor)  # rejected here, added there
    other = _ingest("Officials meet in Najaf", "A delegation met local officials on Monday.")
    article = Article.objects.latest("pk")
    add_link(article, Initiative.objects.get(slug="cultural-cooperation"), by=editor)

    labels = sorted((e.key, e.label) for e in learned.decision_examples(100))
    assert labels == sorted(
        [
            (f"article:{railway_story.article_id}", 0),  # the railway, rejected
            (f"article:{railway_story.article_id}", 1),  # the corridors, added
            (f"article:{article.pk}", 1),
        ]
    ), other


def test_train_linker_relink_rescores_stored_articles_with_the_new_model(starter, capsys):
    links = _ingest(*STORY)
    assert [lnk.model_version for lnk in links] == ["rules"]
    # A machine suggestion still waiting (relink rescored only those, never decided links).
    ArticleLink.objects.filter(pk=links[0].pk).update(state="suggested", decided_at=None)

    call_command("train_linker", "--corpus", str(CORPUS / "train.jsonl"), "--relink")

    current = LinkerModel.objects.get(is_current=True)
    run = IngestionRun.objects.filter(kind=IngestionRun.Kind.RELINK).get()
    assert run.state == "succeeded" and current.version in run.label
    assert "relinked 1 articles" in capsys.readouterr().out
    rescored = ArticleLink.objects.get(pk=links[0].pk)
    assert rescored.model_version == current.version
