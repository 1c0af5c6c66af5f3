"""Tagging one article: links, people and places, statement speakers, irrelevance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article, ArticleLink, Statement
from articles.services import add_link, decide_link, undo_decision
from core.exceptions import AlreadyDecided
from editorial import panels, selectors, services
from editorial.views.common import editor_required, is_htmx, panel
from initiatives.models import (
    Person,
    Place,
)


@require_GET
@editor_required
def article_tools(request: HttpRequest, pk: int) -> HttpResponse:
    """The tagging panel of an article on its own page (also its no-JS fallback)."""
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    if is_htmx(request):
        return render(request, "editorial/_article_panel.html", panels.article_panel(article))
    return render(request, "editorial/article_page.html", {"article": article})


@require_POST
@editor_required
def article_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the article to an initiative chosen by name, alias or slug."""
    article = get_object_or_404(Article, pk=pk)
    value = request.POST.get("initiative", "")
    initiative = selectors.resolve_initiative(value)
    if initiative is None:
        return panel(request, article, error=f"No initiative is called “{value}”.", status=400)
    add_link(article, initiative, by=request.user)
    return panel(request, article, message=f"Linked to {initiative.name}.")


@require_POST
@editor_required
def link_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, reject (remove) or undo a link from the article page."""
    link = get_object_or_404(ArticleLink.objects.select_related("article", "initiative"), pk=pk)
    decision = request.POST.get("decision", "")
    seen = request.POST.get("seen_state") or None
    try:
        if decision == "undo":
            undo_decision(link, by=request.user)
            message = f"{link.initiative.name}: back to suggested."
        elif decision in ("confirm", "reject"):
            state = "confirmed" if decision == "confirm" else "rejected"
            decide_link(link, state, by=request.user, expected_state=seen)
            message = f"{link.initiative.name}: {state}."
        else:
            return panel(request, link.article, error="Unknown decision.", status=400)
    except AlreadyDecided as exc:
        return panel(request, link.article, error=exc.message, status=409)
    return panel(request, link.article, message=message)


@require_POST
@editor_required
def article_tag(request: HttpRequest, pk: int) -> HttpResponse:
    """Tag or untag a person or a place on the article."""
    article = get_object_or_404(Article, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in ("person", "place"):
        return panel(request, article, error="Tag a person or a place.", status=400)
    model = Person if kind == "person" else Place
    value = request.POST.get(kind) or request.POST.get("value", "")
    entity = selectors.resolve_entity(model, value)
    if entity is None:
        return panel(request, article, error=f"No {kind} is called “{value}”.", status=400)
    remove = request.POST.get("action") == "remove"
    (services.tag_person if kind == "person" else services.tag_place)(
        article, entity, by=request.user, remove=remove
    )
    verb = "Removed" if remove else "Tagged"
    return panel(request, article, message=f"{verb} {entity.name}.")


@require_POST
@editor_required
def statement_speaker(request: HttpRequest, pk: int) -> HttpResponse:
    """Say who made a statement (empty clears the speaker)."""
    statement = get_object_or_404(Statement.objects.select_related("article"), pk=pk)
    value = request.POST.get("speaker", "").strip()
    speaker = selectors.resolve_entity(Person, value) if value else None
    if value and speaker is None:
        return panel(
            request, statement.article, error=f"No person is called “{value}”.", status=400
        )
    services.set_statement_speaker(statement, speaker, by=request.user)
    who = speaker.name if speaker else "nobody"
    return panel(request, statement.article, message=f"Speaker set to {who}.")


@require_POST
@editor_required
def article_irrelevant(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the article irrelevant (it leaves the queue) or relevant again."""
    article = get_object_or_404(Article, pk=pk)
    irrelevant = request.POST.get("irrelevant") == "1"
    services.mark_irrelevant(article, irrelevant, by=request.user)
    message = "Marked irrelevant: it left the review queue." if irrelevant else "Marked relevant."
    return panel(request, article, message=message)
