"""The learned part of the linker: a logistic regression over the linker's own features,
trained on the team's labelled corpus and on every editor decision.

What it reads is what the rules read (link.Features: names matched and where, profile
terms, places, the bilateral context, exclusions, the article's language), so it learns how
much each signal is worth in each language instead of the hand-set factors. It is trained
with scikit-learn, but what it keeps is plain numbers (scaling, coefficients, intercept and
the calibrated thresholds) in a JSON file under LINKER_MODEL_DIR, checked against the sha256
recorded on its LinkerModel row: scoring needs no library and nothing is ever fetched.

Training (`manage.py train_linker`, and Celery beat weekly) is recorded as a LinkerModel
row whatever happens. A fifth of the examples (by a stable hash of the article) is kept
aside; the new model is promoted only when it does no worse there than the scorer in use.
If the current model's file is missing or corrupt, linking goes on with the rules, and
`linker_status()` says why (the editors' linker page shows it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.ingest import link
from articles.ingest.link import CONTEXTS, RULES, TERM_CONTEXT, Features, Scorer

log = logging.getLogger(__name__)

FEATURE_NAMES: tuple[str, ...] = (
    "alias_raw",
    "alias_title",
    "alias_lead",
    "alias_body",
    "specificity",
    "specific_name",
    "terms_in_context",
    "terms",
    "term_title",
    "distinct_terms",
    "exclusion",
    "place",
    *(f"context_{c}" for c in CONTEXTS),
    "lang_en",
    "lang_fa",
    "lang_ar",
    "alias_third",
    "rules_score",
    "similarity",
)
HELD_OUT_SHARE = 5  # one example in five (by article) is kept aside
AUTOCONFIRM_PRECISION = 0.98
SUGGEST_MIN_PRECISION = 0.95
MIN_AUTOCONFIRMED = 10  # links above the auto-confirm threshold needed to trust its precision
NEVER = 1.01  # a threshold no score reaches


def vector(f: Features) -> list[float]:
    """The model's input for one (article, initiative) pair."""
    context = [1.0 if f.context == c else 0.0 for c in CONTEXTS]
    return [
        f.alias_raw,
        f.alias_title,
        f.alias_lead,
        f.alias_body,
        f.specificity,
        1.0 if f.specificity >= 1.0 else 0.0,
        f.terms * TERM_CONTEXT[f.context],
        f.terms,
        f.term_title,
        float(min(f.distinct_terms, 5)),
        f.exclusion,
        1.0 if f.places else 0.0,
        *context,
        1.0 if f.language == "en" else 0.0,
        1.0 if f.language == "fa" else 0.0,
        1.0 if f.language == "ar" else 0.0,
        f.alias_raw if f.context == "third" else 0.0,
        link.rules_score(f),
        f.similarity,
    ]


class ModelUnavailable(Exception):
    """The current model's file cannot be used; the message says why."""


@dataclass
class LearnedScorer(Scorer):
    """A trained model as plain numbers: score = σ(intercept + Σ coef × (x − mean) / scale)."""

    version: str = ""
    mean: list[float] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)
    coef: list[float] = field(default_factory=list)
    intercept: float = 0.0
    thresholds: dict[str, float] = field(default_factory=dict)
    features: list[str] = field(default_factory=lambda: list(FEATURE_NAMES))

    def __post_init__(self) -> None:
        # σ(b + Σ c (x − m) / s) = σ(b′ + Σ w x): the scaling folded into the weights once.
        self._weights = [c / s for c, s in zip(self.coef, self.scale, strict=False)]
        self._bias = self.intercept - sum(
            c * m / s for c, m, s in zip(self.coef, self.mean, self.scale, strict=False)
        )

    def score(self, features: Features) -> float:
        z = self._bias + sum(w * x for w, x in zip(self._weights, vector(features), strict=True))
        return round(1 / (1 + math.exp(-max(-30.0, min(30.0, z)))), 4)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> LearnedScorer:
        try:
            raw = json.loads(data)
            scorer = cls(**raw)
        except (ValueError, TypeError, ZeroDivisionError) as exc:
            raise ModelUnavailable(f"the model file is not a linker model ({exc})") from None
        if scorer.features != list(FEATURE_NAMES):
            raise ModelUnavailable(
                "the model was trained on other features than this version of the linker "
                "computes; train a new one (manage.py train_linker)"
            )
        sizes = {len(scorer.mean), len(scorer.scale), len(scorer.coef)}
        if sizes != {len(FEATURE_NAMES)} or any(s <= 0 for s in scorer.scale):
            raise ModelUnavailable("the model file's numbers are incomplete")
        return scorer


def model_dir() -> Path:
    """Where model files live (settings.LINKER_MODEL_DIR)."""
    return Path(settings.LINKER_MODEL_DIR)


def model_path(version: str) -> Path:
    return model_dir() / f"linker-{version}.json"


# --- the scorer in use --------------------------------------------------------------------


def _load(version: str, sha256: str) -> LearnedScorer:
    path = model_path(version)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelUnavailable(f"the model file {path} is missing") from None
    except OSError as exc:
        raise ModelUnavailable(f"the model file {path} cannot be read ({exc})") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ModelUnavailable(f"the model file {path} is corrupt (its checksum differs)")
    scorer = LearnedScorer.from_json(data)
    if scorer.version != version:
        raise ModelUnavailable(f"the model file {path} holds another version")
    return scorer


def load_current() -> tuple[Scorer, str | None]:
    """The promoted model, or the rules and why when there is none or it cannot be used.
    Called when the catalogue snapshot is built: the current model is part of the
    catalogue's version (articles.ingest.catalogue), so a promotion is seen by the next
    batch of every process."""
    from articles.models import LinkerModel

    row = LinkerModel.objects.filter(is_current=True).values("version", "sha256").first()
    if row is None:
        return RULES, None
    try:
        return _load(row["version"], row["sha256"]), None
    except ModelUnavailable as exc:
        log.error("linker model %s unavailable, linking by rules: %s", row["version"], exc)
        return RULES, f"model {row['version']}: {exc}"


def current_scorer() -> Scorer:
    """The scorer linking uses now (the catalogue snapshot's)."""
    from articles.ingest.catalogue import current_catalogue

    return current_catalogue().scorer


def linker_status() -> dict[str, Any]:
    """What scores links: the promoted model when its file loads (checked afresh, as a
    new worker would), else the rules and why; and the thresholds in use."""
    from articles.models import LinkerModel

    scorer, problem = load_current()
    return {
        "scorer": scorer.version,
        "ok": problem is None,
        "problem": problem,
        "current": LinkerModel.objects.filter(is_current=True).first(),
        "thresholds": dict(
            zip(("suggest", "autoconfirm"), link.thresholds_of(scorer), strict=True)
        ),
    }


def thresholds() -> dict[str, float]:
    """The suggest and auto-confirm thresholds of the scorer in use, in one query: the
    promoted model's (recorded on its row), unless this process found its file unusable;
    else LINK_SUGGEST_THRESHOLD and LINK_AUTOCONFIRM_THRESHOLD."""
    from articles.ingest.catalogue import cached_catalogue
    from articles.models import LinkerModel

    row = LinkerModel.objects.filter(is_current=True).values("version", "thresholds").first()
    cached = cached_catalogue()
    unusable = (
        row is not None
        and cached is not None
        and (cached.scorer_problem or "").startswith(f"model {row['version']}:")
    )
    scorer = None if row is None or unusable else SimpleNamespace(**row)
    suggest, autoconfirm = link.thresholds_of(scorer)
    return {"suggest": suggest, "autoconfirm": autoconfirm}


# --- training -----------------------------------------------------------------------------


@dataclass
class Example:
    key: str  # the article (url or id): held-out split and de-duplication
    features: Features
    label: int
    origin: str  # "corpus" or "decision"


class TrainingRefused(Exception):
    """Too little to learn from; the message says what there is and what is needed."""


def _held_out(key: str) -> bool:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % HELD_OUT_SHARE == 0


def corpus_examples(paths: Iterable[Path]) -> Iterator[Example]:
    """Every scored (item, initiative) pair of labelled JSON Lines files; an initiative in
    `also` teaches nothing either way and is left out."""
    from articles.ingest import evaluation
    from articles.ingest.catalogue import current_catalogue
    from articles.ingest.items import Refused
    from initiatives.models import Initiative

    catalogue = current_catalogue()
    slugs = dict(Initiative.objects.values_list("id", "slug"))
    now = timezone.now()
    for path in paths:
        items, _problems = evaluation.read_labelled(Path(path))
        for item in items:
            try:
                _suggested, scored = evaluation.link_item(item, catalogue, now)
            except Refused:
                continue
            for mention in scored:
                slug = slugs.get(mention.initiative_id)
                if slug in item.also or mention.features is None:
                    continue
                yield Example(item.url, mention.features, int(slug in item.labels), "corpus")
            for _slug in item.labels - {slugs.get(m.initiative_id) for m in scored}:
                # A label the linker saw nothing of: a positive with no evidence.
                yield Example(item.url, Features(language=item.language), 1, "corpus")


def decision_examples(limit: int) -> Iterator[Example]:
    """Every editor decision (confirm, reject, an added link; a re-assignment is a reject
    and an add) on the newest `limit` decided links, with the features the linker sees in
    the stored article now."""
    from articles.ingest import extract
    from articles.ingest.catalogue import current_catalogue
    from articles.models import Article, ArticleLink

    catalogue = current_catalogue()
    decided = (
        ArticleLink.objects.exclude(state=ArticleLink.State.SUGGESTED)
        .filter(decided_by__isnull=False)
        .order_by("-decided_at")
        .values_list("article_id", "initiative_id", "state")[:limit]
    )
    by_article: dict[int, dict[int, int]] = {}
    for article_id, initiative_id, state in decided:
        label = int(state == ArticleLink.State.CONFIRMED)
        by_article.setdefault(article_id, {})[initiative_id] = label
    ids = sorted(by_article)
    for start in range(0, len(ids), 500):
        rows = Article.objects.filter(pk__in=ids[start : start + 500]).values_list(
            "pk", "title", "body", "language"
        )
        for pk, title, body, language in rows:
            analysis = extract.analyse(title, body, catalogue)
            _people, places, _orgs = extract.entities(analysis)
            seen = {
                m.initiative_id: m.features
                for m in link.score_article(analysis, places, catalogue, language)
            }
            for initiative_id, label in by_article[pk].items():
                features = seen.get(initiative_id) or Features(language=language)
                yield Example(f"article:{pk}", features, label, "decision")


@dataclass
class Metrics:
    pairs: int = 0
    positives: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float = 0.0
    autoconfirmed: int = 0
    autoconfirm_precision: float | None = None
    log_loss: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def measure(scores: list[float], labels: list[int], suggest: float, autoconfirm: float) -> Metrics:
    """Precision, recall and F1 of the suggestions, and the auto-confirmations' precision."""
    m = Metrics(pairs=len(labels), positives=sum(labels))
    predicted = [(s, y) for s, y in zip(scores, labels, strict=True) if s >= suggest]
    right = sum(y for _s, y in predicted)
    if predicted:
        m.precision = right / len(predicted)
    if m.positives:
        m.recall = right / m.positives
    if m.precision and m.recall:
        m.f1 = 2 * m.precision * m.recall / (m.precision + m.recall)
    confirmed = [y for s, y in predicted if s >= autoconfirm]
    m.autoconfirmed = len(confirmed)
    if confirmed:
        m.autoconfirm_precision = sum(confirmed) / len(confirmed)
    if labels:
        eps = 1e-6
        m.log_loss = -sum(
            y * math.log(max(eps, s)) + (1 - y) * math.log(max(eps, 1 - s))
            for s, y in zip(scores, labels, strict=True)
        ) / len(labels)
    return m


def calibrate(scores: list[float], labels: list[int]) -> dict[str, float]:
    """Thresholds from out-of-fold scores: auto-confirm from the lowest score above which
    links are at least AUTOCONFIRM_PRECISION right (and there are MIN_AUTOCONFIRMED of them;
    else never), suggest where F1 is best while at least SUGGEST_MIN_PRECISION are right."""
    pairs = sorted(zip(scores, labels, strict=True), reverse=True)
    autoconfirm = NEVER
    right = 0
    for count, (score, label) in enumerate(pairs, start=1):
        right += label
        nxt = pairs[count][0] if count < len(pairs) else -1
        if nxt == score:
            continue  # a threshold falls between different scores
        if right / count >= AUTOCONFIRM_PRECISION and count >= MIN_AUTOCONFIRMED:
            autoconfirm = max(score, 0.5)
    # The corpus the profiles were written from scores better than unseen news: never
    # suggest below LINKER_MIN_SUGGEST_THRESHOLD, however sure the folds are.
    suggest = max(suggest_from(pairs), float(settings.LINKER_MIN_SUGGEST_THRESHOLD))
    return {"suggest": suggest, "autoconfirm": round(min(autoconfirm, NEVER), 4)}


def suggest_from(pairs: list[tuple[float, int]]) -> float:
    """The suggest threshold: where F1 of the suggestions is best while at least
    SUGGEST_MIN_PRECISION of them are right (an editor's time is spent on likely links)."""
    total = sum(label for _score, label in pairs)
    best = (0.0, 0.5)
    for step in range(10, 81):
        t = step / 100
        chosen = [label for score, label in pairs if score >= t]
        if not chosen or not total:
            continue
        precision = sum(chosen) / len(chosen)
        recall = sum(chosen) / total
        if precision < SUGGEST_MIN_PRECISION:
            continue
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best[0] + 1e-9:
            best = (f1, t)
    return best[1]


def _check_enough(examples: list[Example], held_out: list[Example]) -> None:
    positives = sum(e.label for e in examples)
    negatives = len(examples) - positives
    decisions = sum(e.origin == "decision" for e in examples)
    need = settings.LINKER_MIN_EXAMPLES
    need_each = settings.LINKER_MIN_PER_CLASS
    if len(examples) < need or positives < need_each or negatives < need_each:
        raise TrainingRefused(
            f"Too few labelled pairs to train on: {len(examples)} ({positives} links, "
            f"{negatives} non-links; {decisions} of them editor decisions). At least {need} "
            f"are needed, with {need_each} of each kind: confirm or reject more suggestions "
            "in the review queue, or train with the team's corpus."
        )
    if len(held_out) < need_each or not any(e.label for e in held_out):
        raise TrainingRefused(
            f"Too few pairs kept aside to judge a new model on ({len(held_out)}); at least "
            f"{need_each} with some links are needed."
        )


def fit(examples: list[Example], version: str) -> tuple[LearnedScorer, dict[str, float]]:
    """Fit the model on `examples`; thresholds from 5-fold out-of-fold scores."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    x = np.array([vector(e.features) for e in examples], dtype=float)
    y = np.array([e.label for e in examples], dtype=int)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    xs = (x - mean) / scale
    model = LogisticRegression(C=1.0, max_iter=2000)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    oof = cross_val_predict(model, xs, y, cv=folds, method="predict_proba")[:, 1]
    model.fit(xs, y)
    cal = calibrate([round(float(s), 4) for s in oof], [int(v) for v in y])
    scorer = LearnedScorer(
        version=version,
        mean=[float(v) for v in mean],
        scale=[float(v) for v in scale],
        coef=[float(v) for v in model.coef_[0]],
        intercept=float(model.intercept_[0]),
        thresholds=cal,
    )
    return scorer, cal


def _scores_of(scorer: Scorer, examples: list[Example]) -> list[float]:
    return [scorer.score(e.features) for e in examples]


def no_worse(new: Metrics, current: Metrics) -> tuple[bool, str]:
    """Whether the new model may replace the current scorer, and why (not)."""
    if new.f1 + 1e-9 < current.f1:
        return False, f"F1 on the kept-aside pairs {new.f1:.3f} < {current.f1:.3f} in use"
    if new.autoconfirmed and (new.autoconfirm_precision or 0) < AUTOCONFIRM_PRECISION:
        return False, (
            f"its auto-confirmed links are {new.autoconfirm_precision:.3f} precise on the "
            f"kept-aside pairs, below {AUTOCONFIRM_PRECISION}"
        )
    return True, f"F1 on the kept-aside pairs {new.f1:.3f} ≥ {current.f1:.3f} in use"


def train(
    *,
    corpus: Iterable[Path] = (),
    use_decisions: bool = True,
    trigger: str = "command",
    user: Any = None,
    force: bool = False,
) -> Any:
    """Train, judge and maybe promote a new model; the LinkerModel row records the run
    whatever the outcome (refused, kept previous, promoted, failed)."""
    from articles.models import LinkerModel

    version = timezone.now().strftime("%Y%m%d-%H%M%S") + "-" + os.urandom(2).hex()
    row = LinkerModel.objects.create(
        version=version,
        trigger=trigger,
        started_by=user if getattr(user, "pk", None) else None,
        outcome=LinkerModel.Outcome.FAILED,
        reason="running",
    )
    try:
        corpus = [Path(p) for p in corpus]
        examples = list(corpus_examples(corpus))
        if use_decisions:
            examples += list(decision_examples(settings.LINKER_MAX_DECISIONS))
        train_part = [e for e in examples if not _held_out(e.key)]
        held_out = [e for e in examples if _held_out(e.key)]
        row.trained_on = {
            "corpus_files": [str(p) for p in corpus],
            "corpus_pairs": sum(e.origin == "corpus" for e in examples),
            "decisions": sum(e.origin == "decision" for e in examples),
            "positives": sum(e.label for e in examples),
            "negatives": sum(1 - e.label for e in examples),
            "train": len(train_part),
            "held_out": len(held_out),
        }
        _check_enough(train_part, held_out)
        scorer, cal = fit(train_part, version)
        in_use, _problem = load_current()
        labels = [e.label for e in held_out]
        new = measure(_scores_of(scorer, held_out), labels, *link.thresholds_of(scorer))
        cur = measure(_scores_of(in_use, held_out), labels, *link.thresholds_of(in_use))
        ok, why = no_worse(new, cur)
        row.metrics = {"new": new.as_dict(), "current": cur.as_dict(), "current_is": in_use.version}
        row.thresholds = cal
        if force and not ok:
            ok, why = True, why + " (promoted anyway: --force)"
        if ok:
            data = scorer.to_json()
            model_dir().mkdir(parents=True, exist_ok=True)
            tmp = model_path(version).with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(model_path(version))
            row.sha256 = hashlib.sha256(data).hexdigest()
            with transaction.atomic():
                LinkerModel.objects.filter(is_current=True).update(is_current=False)
                row.is_current = True
                row.outcome = LinkerModel.Outcome.PROMOTED
                row.reason = why
                row.finished_at = timezone.now()
                row.save()
        else:
            row.outcome = LinkerModel.Outcome.KEPT_PREVIOUS
            row.reason = why
    except TrainingRefused as exc:
        row.outcome = LinkerModel.Outcome.REFUSED
        row.reason = str(exc)
    except Exception as exc:
        row.outcome = LinkerModel.Outcome.FAILED
        row.reason = f"{type(exc).__name__}: {exc}"
        row.finished_at = timezone.now()
        row.save()
        raise
    row.finished_at = row.finished_at or timezone.now()
    row.save()
    return row


def default_corpus() -> list[Path]:
    """The team's training corpus (settings.LINKER_CORPUS), the files that exist."""
    return [Path(p) for p in settings.LINKER_CORPUS if Path(p).exists()]
