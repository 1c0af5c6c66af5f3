"""Remove the demo (`manage.py load_demo --remove`): exactly the rows load_demo flagged.

Everything happens in one transaction, so a failure leaves the demo as it was. What stays:

- Every row an editor created. An editor's status change or milestone that cited a demo
  article keeps its place with the evidence cleared (audited: "evidence.cleared"); an
  outlet that also holds real articles or feeds stays, unflagged, under its own name.
- The audit trail of editors. The audit records load_demo itself wrote (its status changes
  and milestones) go with the rows they describe; one "demo.remove" record says what went.
- An initiative's status: when the newest step of its history was the demo's, the status
  returns to the newest step that remains; when an editor changed it since, theirs stands.

The counts and the data version follow by themselves (database triggers: articles 0005,
0009, 0010, 0012). Running it again finds nothing and changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.models import (
    Article,
    ArticleLink,
    Cluster,
    Feed,
    IngestionRun,
    Source,
    Statement,
)
from demo.loader import DEMO_SUFFIX
from initiatives.models import AuditEvent, Claim, Initiative, Milestone, Status, StatusChange
from initiatives.services import record_audit


@dataclass
class DemoRemoval:
    """What a removal deleted (by kind), and what it kept or restored."""

    deleted: Counter = field(default_factory=Counter)
    statuses_restored: list[str] = field(default_factory=list)
    evidence_cleared: int = 0
    sources_kept: list[str] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not (any(self.deleted.values()) or self.statuses_restored or self.sources_kept)

    def summary(self) -> str:
        """Human-readable lines for the management command."""
        if self.nothing_to_do:
            return "No demo data: nothing removed."
        lines = ["removed: " + ", ".join(f"{n} {kind}" for kind, n in self.deleted.items() if n)]
        lines.extend(f"status restored: {line}" for line in self.statuses_restored)
        if self.evidence_cleared:
            lines.append(
                f"evidence cleared on {self.evidence_cleared} editor entr"
                f"{'y' if self.evidence_cleared == 1 else 'ies'} that cited a demo article"
            )
        lines.extend(f"kept (holds real data): {name}" for name in self.sources_kept)
        return "\n".join(lines)


def demo_present() -> bool:
    """Whether any demo data is stored (two index probes)."""
    return (
        Article.objects.filter(is_demo=True).exists()
        or Source.objects.filter(is_demo=True).exists()
    )


def demo_was_removed() -> bool:
    """Whether someone removed the demo and it has not been loaded again since."""
    return AuditEvent.objects.filter(action="demo.remove").exists() and not demo_present()


def remove_demo(*, by: Any = None) -> DemoRemoval:
    """Delete every row load_demo flagged and nothing else; see the module docstring."""
    result = DemoRemoval()
    with transaction.atomic():
        demo_articles = Article.objects.filter(is_demo=True)
        _restore_statuses(result, by)
        result.deleted["claims"] = Claim.objects.filter(is_demo=True).delete()[0]
        _clear_editor_evidence(demo_articles, result, by)
        for model, action, kind in (
            (StatusChange, "status.change", "status changes"),
            (Milestone, "milestone.add", "milestones"),
        ):
            ids = [
                str(pk) for pk in model.objects.filter(is_demo=True).values_list("pk", flat=True)
            ]
            AuditEvent.objects.filter(
                action=action, object_type=model._meta.label_lower, object_id__in=ids
            ).delete()
            result.deleted[kind] = (
                model.objects.filter(is_demo=True).delete()[1].get(model._meta.label, 0)
            )

        cluster_ids = set(demo_articles.exclude(cluster=None).values_list("cluster_id", flat=True))
        run_ids = set(
            demo_articles.exclude(ingestion_run=None).values_list("ingestion_run_id", flat=True)
        )
        result.deleted["statements"] = Statement.objects.filter(article__is_demo=True).count()
        result.deleted["links"] = ArticleLink.objects.filter(article__is_demo=True).count()
        result.deleted["articles"] = demo_articles.delete()[1].get(Article._meta.label, 0)
        result.deleted["clusters"] = Cluster.objects.filter(
            pk__in=cluster_ids, articles=None
        ).delete()[0]
        result.deleted["ingestion runs"] = IngestionRun.objects.filter(
            Q(pk__in=run_ids) | Q(kind=IngestionRun.Kind.DEMO), articles=None
        ).delete()[0]
        result.deleted["feeds"] = Feed.objects.filter(is_demo=True, articles=None).delete()[0]
        _remove_sources(result)
        if not result.nothing_to_do:
            AuditEvent.objects.create(
                actor=by if getattr(by, "is_authenticated", False) else None,
                action="demo.remove",
                object_type="demo",
                object_id="load_demo",
                after={kind: n for kind, n in result.deleted.items() if n},
                summary=("Demo data removed: " + result.summary().replace("\n", "; "))[:300],
            )
    return result


def _restore_statuses(result: DemoRemoval, by: Any) -> None:
    """Give back the status each initiative had before the demo moved it, unless an editor
    has moved it since (their step is then the newest, and stands)."""
    touched = StatusChange.objects.filter(is_demo=True).values_list("initiative_id", flat=True)
    for initiative in Initiative.objects.filter(pk__in=set(touched)).select_for_update():
        history = list(initiative.status_changes.order_by("created_at", "id"))
        if not history or not history[-1].is_demo:
            continue
        remaining = [change for change in history if not change.is_demo]
        if remaining:
            status, since = remaining[-1].to_status, remaining[-1].date
        else:
            first_demo = next(change for change in history if change.is_demo)
            status, since = first_demo.from_status or Status.PROPOSED, None
        before = {"status": initiative.status}
        Initiative.objects.filter(pk=initiative.pk).update(
            status=status, status_since=since, version=F("version") + 1, updated_at=timezone.now()
        )
        line = f"{initiative.name}: {Status(initiative.status).label} → {Status(status).label}"
        record_audit(
            actor=by,
            action="status.restore",
            obj=initiative,
            initiative=initiative,
            before=before,
            after={"status": status, "date": since.isoformat() if since else None},
            summary=f"Demo removed, status restored: {line}",
        )
        result.statuses_restored.append(line)


def _clear_editor_evidence(demo_articles: Any, result: DemoRemoval, by: Any) -> None:
    """An editor's status change, milestone or claim citing a demo article stays without it
    (a claim's source note says a demo article was removed), audited."""
    cited = [
        (model, "evidence", model.objects.filter(is_demo=False, evidence__in=demo_articles))
        for model in (StatusChange, Milestone)
    ]
    cited.append((Claim, "source", Claim.objects.filter(source__in=demo_articles)))
    for model, relation, rows in cited:
        for row in rows.select_related("initiative", relation):
            article = getattr(row, relation)
            record_audit(
                actor=by,
                action="evidence.cleared",
                obj=row,
                initiative=row.initiative,
                before={relation: article.pk, "evidence_title": article.title},
                after={relation: None},
                summary=f"{row.initiative.name}: demo evidence removed from “{row}”",
            )
            update: dict[str, Any] = {relation: None}
            if model is Claim:
                update["source_note"] = f"a demo article, removed: “{article.title[:200]}”"
            model.objects.filter(pk=row.pk).update(**update)
            result.evidence_cleared += 1


def _remove_sources(result: DemoRemoval) -> None:
    """Delete demo outlets left empty; an outlet that holds real articles or feeds stays,
    unflagged, under its own name."""
    empty = Source.objects.filter(is_demo=True, articles=None, feeds=None)
    result.deleted["sources"] = empty.delete()[0]
    for source in Source.objects.filter(is_demo=True):
        source.is_demo = False
        source.name = source.name.removesuffix(DEMO_SUFFIX)
        source.save(update_fields=["is_demo", "name"])
        result.sources_kept.append(source.name)
