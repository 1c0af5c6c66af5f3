"""python manage.py train_linker — train a new version of the learned linker."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.ingest import jobs, learned, runs
from articles.models import Article, IngestionRun, LinkerModel


class Command(BaseCommand):
    help = (
        "Train a new linker model on the team's labelled corpus (settings.LINKER_CORPUS, or "
        "--corpus FILE.jsonl) and every editor decision in the review queue. One labelled "
        "pair in five (by article) is kept aside; the new model is promoted only if it does "
        "no worse there than the scorer in use (the rules or the current model). The run is "
        "recorded (the editors' linker page lists every run with its figures), whatever "
        "happens. Refused, and says why, when there are too few labelled pairs "
        "(LINKER_MIN_EXAMPLES, LINKER_MIN_PER_CLASS). --relink re-scores stored articles "
        "after a promotion; editors' decisions are never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus",
            action="append",
            type=Path,
            metavar="FILE.jsonl",
            help="labelled JSON Lines file to train on (repeatable; default LINKER_CORPUS)",
        )
        parser.add_argument(
            "--no-corpus", action="store_true", help="train on editor decisions only"
        )
        parser.add_argument("--no-decisions", action="store_true", help="train on the corpus only")
        parser.add_argument(
            "--force",
            action="store_true",
            help="promote even if the new model does worse on the kept-aside pairs",
        )
        parser.add_argument(
            "--relink", action="store_true", help="re-score stored articles after a promotion"
        )

    def handle(self, *args, **options) -> None:
        if options["no_corpus"]:
            corpus: list[Path] = []
        elif options["corpus"]:
            corpus = options["corpus"]
            for path in corpus:
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
        else:
            corpus = learned.default_corpus()
        row = learned.train(
            corpus=corpus, use_decisions=not options["no_decisions"], force=options["force"]
        )
        trained = row.trained_on
        if trained:
            self.stdout.write(
                f"trained on {trained.get('train', 0)} pairs ({trained.get('corpus_pairs', 0)} "
                f"from the corpus, {trained.get('decisions', 0)} editor decisions), "
                f"{trained.get('held_out', 0)} kept aside"
            )
        for name in ("new", "current"):
            m = row.metrics.get(name)
            if m:
                label = "new model" if name == "new" else f"in use ({row.metrics['current_is']})"
                self.stdout.write(
                    f"  {label:<28} precision {_f(m['precision'])}  recall {_f(m['recall'])}  "
                    f"F1 {_f(m['f1'])}  auto-confirmed {m['autoconfirmed']} at "
                    f"{_f(m['autoconfirm_precision'])}"
                )
        if row.thresholds:
            self.stdout.write(
                f"  calibrated thresholds: suggest {row.thresholds['suggest']}, "
                f"auto-confirm {row.thresholds['autoconfirm']}"
            )
        if row.outcome == LinkerModel.Outcome.REFUSED:
            raise CommandError(row.reason)
        self.stdout.write(f"model {row.version}: {row.get_outcome_display()} — {row.reason}")
        if row.is_current and options["relink"]:
            run = runs.start_run(
                IngestionRun.Kind.RELINK,
                label=f"relink with linker model {row.version}",
                total=Article.objects.count(),
            )
            run = jobs.relink(run.pk)
            self.stdout.write(f"relinked {run.items_seen} articles, {run.created} new links")


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
