"""Editor pages: review queue, tagging and curation panels, activity log, account pages.

Views are thin: parse input with a form, call a service, answer with a fragment (htmx) or a
redirect and a message (plain forms). Domain errors become 400; decisions someone else made
first become 409 with who made them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article, ArticleLink, Statement
from articles.services import add_link, decide_link, undo_decision
from core.exceptions import AlreadyDecided, DomainError, StaleEdit
from editorial import forms, panels, selectors, services
from initiatives import tokens
from initiatives.models import (
    Alias,
    ApiToken,
    AuditEvent,
    Initiative,
    KeyFigure,
    Person,
    Place,
    SavedView,
    Subscription,
)
from initiatives.roles import is_admin, is_editor
from initiatives.services import add_milestone, change_status

QUEUE_PAGE_SIZE = 50
ACTIVITY_PAGE_SIZE = 50

# ---------------------------------------------------------------------------------------------
# Access and response helpers
# ---------------------------------------------------------------------------------------------


def _guard(check: Callable[[Any], bool]) -> Callable:
    """Anonymous users go to the login page; signed-in users without the role get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied("Your role may not change the editorial record.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


editor_required = _guard(is_editor)
admin_required = _guard(is_admin)


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx sent the request and expects a fragment."""
    return request.headers.get("HX-Request") == "true"


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _panel(
    request: HttpRequest,
    obj: Article | Initiative,
    *,
    message: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """Answer an edit made from a panel.

    Success reloads the page (htmx) or redirects to it, with the message shown at the top: the
    analyst parts of the page (status, links, mentions) change too. A refusal replaces only the
    panel's message area (htmx), so nothing the editor typed is lost; plain forms get a
    redirect and the message.
    """
    if is_htmx(request) and not error:
        if message:
            messages.success(request, message)
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        elif message:
            messages.success(request, message)
        return redirect(_next_url(request, obj.get_absolute_url()))
    # Only the message area is replaced, so what the editor typed in the forms stays.
    kind = "article" if isinstance(obj, Article) else "initiative"
    response = render(
        request, "editorial/_panel_messages.html", {"panel_error": error}, status=status
    )
    response["HX-Retarget"] = f"#{kind}-tools-messages"
    response["HX-Reswap"] = "innerHTML"
    return response


def _error_status(exc: DomainError) -> int:
    return 409 if isinstance(exc, AlreadyDecided | StaleEdit) else 400


# ---------------------------------------------------------------------------------------------
# Review queue
# ---------------------------------------------------------------------------------------------


def _queue_query(request: HttpRequest) -> str:
    keys = ("initiative", "source", "language", "date_from", "date_to")
    return urlencode({k: request.GET[k] for k in keys if request.GET.get(k)})


def _with_snippet(link: ArticleLink) -> ArticleLink:
    needle = link.matched_alias.text if link.matched_alias else link.initiative.name
    link.snippet_html = selectors.highlight(link.snippet, needle)
    return link


@require_GET
@editor_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Suggestions waiting for a decision, highest score first, with filters."""
    form = forms.QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters()
    error = ""
    if form.is_bound:
        if form.is_valid():
            filters = selectors.QueueFilters(**form.cleaned_data)
        else:
            error = forms.first_error(form)
    links = selectors.review_queue(filters)
    shown = [_with_snippet(link) for link in links[:QUEUE_PAGE_SIZE]]
    status = 400 if error else 200
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "links": shown,
            "matching": links.count(),
            "remaining": selectors.queue_remaining(),
            "filter_error": error,
            "query": _queue_query(request),
        },
        status=status,
    )


def _row(
    request: HttpRequest,
    link: ArticleLink,
    *,
    note: str = "",
    status: int = 200,
    conflict: bool = False,
) -> HttpResponse:
    """A queue row after a change (htmx) or a redirect back to the queue with a message."""
    if not is_htmx(request):
        (messages.error if conflict or status >= 400 else messages.success)(request, note)
        return redirect(_next_url(request, reverse("review-queue")))
    link = (
        ArticleLink.objects.select_related("article__source", "initiative", "matched_alias")
        .select_related("decided_by")
        .get(pk=link.pk)
    )
    return render(
        request,
        "review/_row_response.html",
        {
            "link": _with_snippet(link),
            "note": note,
            "conflict": conflict,
            "is_error": status >= 400,
            # Plain-form fallbacks in the new row return to the queue page, not to this URL.
            "page_url": request.headers.get("HX-Current-URL", reverse("review-queue")),
            "remaining": selectors.queue_remaining(),
        },
        status=status,
    )


@require_POST
@editor_required
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or reject one suggestion; a decision made meanwhile by someone else wins (409)."""
    link = get_object_or_404(ArticleLink.objects.select_related("article", "initiative"), pk=pk)
    state = {"accept": "confirmed", "confirm": "confirmed", "reject": "rejected"}.get(
        request.POST.get("decision", "")
    )
    if state is None:
        return _row(request, link, note="Choose accept or reject.", status=400)
    try:
        decide_link(link, state, by=request.user)
    except AlreadyDecided as exc:
        return _row(request, link, note=exc.message, status=409, conflict=True)
    verb = "Accepted" if state == "confirmed" else "Rejected"
    return _row(request, link, note=f"{verb}: {link.article.title} → {link.initiative.name}.")


@require_POST
@editor_required
def review_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a decided link back into the queue."""
    link = get_object_or_404(ArticleLink.objects.select_related("article", "initiative"), pk=pk)
    undo_decision(link, by=request.user)
    return _row(request, link, note=f"Back in the queue: {link.article.title}.")


@require_POST
@editor_required
def review_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggestion named the wrong initiative: reject it and link the right one."""
    link = get_object_or_404(ArticleLink.objects.select_related("article", "initiative"), pk=pk)
    value = request.POST.get("initiative", "")
    target = selectors.resolve_initiative(value)
    if target is None:
        return _row(request, link, note=f"No initiative is called “{value}”.", status=400)
    try:
        services.reassign_link(link, target, by=request.user)
    except DomainError as exc:
        return _row(request, link, note=exc.message, status=_error_status(exc), conflict=True)
    return _row(request, link, note=f"Re-assigned to {target.name}.")


@require_POST
@editor_required
def review_bulk(request: HttpRequest) -> HttpResponse:
    """Accept or reject every selected suggestion at once."""
    state = {"accept": "confirmed", "reject": "rejected"}.get(request.POST.get("decision", ""))
    ids = [int(v) for v in request.POST.getlist("links") if v.isdigit()]
    back = _next_url(request, reverse("review-queue"))
    if state is None or not ids:
        messages.error(request, "Select some suggestions, then accept or reject them.")
        return redirect(back)
    result = services.bulk_decide(ids, state, by=request.user)
    verb = "Accepted" if state == "confirmed" else "Rejected"
    if result.decided:
        messages.success(request, f"{verb} {len(result.decided)} suggestion(s).")
    for refusal in result.refused:
        messages.error(request, refusal)
    return redirect(back)


@require_GET
@editor_required
def suggest(request: HttpRequest, kind: str) -> HttpResponse:
    """Typeahead options (for a <datalist>) over names and aliases in all three languages."""
    query = next(
        (
            request.GET[k]
            for k in ("q", "initiative", "person", "place", "speaker")
            if request.GET.get(k)
        ),
        "",
    )
    if kind == "initiative":
        options = [
            (i.slug, f"{i.name}" + (f" ({text})" if text != i.name else ""))
            for i, text in selectors.suggest_initiatives(query)
        ]
    elif kind in ("person", "place"):
        model = Person if kind == "person" else Place
        options = [(e.slug, e.name) for e in selectors.suggest_entities(model, query)]
    else:
        return HttpResponseBadRequest("Unknown kind.")
    return render(request, "editorial/_options.html", {"options": options})


# ---------------------------------------------------------------------------------------------
# Article tagging
# ---------------------------------------------------------------------------------------------


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
        return _panel(request, article, error=f"No initiative is called “{value}”.", status=400)
    add_link(article, initiative, by=request.user)
    return _panel(request, article, message=f"Linked to {initiative.name}.")


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
            return _panel(request, link.article, error="Unknown decision.", status=400)
    except AlreadyDecided as exc:
        return _panel(request, link.article, error=exc.message, status=409)
    return _panel(request, link.article, message=message)


@require_POST
@editor_required
def article_tag(request: HttpRequest, pk: int) -> HttpResponse:
    """Tag or untag a person or a place on the article."""
    article = get_object_or_404(Article, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in ("person", "place"):
        return _panel(request, article, error="Tag a person or a place.", status=400)
    model = Person if kind == "person" else Place
    value = request.POST.get(kind) or request.POST.get("value", "")
    entity = selectors.resolve_entity(model, value)
    if entity is None:
        return _panel(request, article, error=f"No {kind} is called “{value}”.", status=400)
    remove = request.POST.get("action") == "remove"
    (services.tag_person if kind == "person" else services.tag_place)(
        article, entity, by=request.user, remove=remove
    )
    verb = "Removed" if remove else "Tagged"
    return _panel(request, article, message=f"{verb} {entity.name}.")


@require_POST
@editor_required
def statement_speaker(request: HttpRequest, pk: int) -> HttpResponse:
    """Say who made a statement (empty clears the speaker)."""
    statement = get_object_or_404(Statement.objects.select_related("article"), pk=pk)
    value = request.POST.get("speaker", "").strip()
    speaker = selectors.resolve_entity(Person, value) if value else None
    if value and speaker is None:
        return _panel(
            request, statement.article, error=f"No person is called “{value}”.", status=400
        )
    services.set_statement_speaker(statement, speaker, by=request.user)
    who = speaker.name if speaker else "nobody"
    return _panel(request, statement.article, message=f"Speaker set to {who}.")


@require_POST
@editor_required
def article_irrelevant(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the article irrelevant (it leaves the queue) or relevant again."""
    article = get_object_or_404(Article, pk=pk)
    irrelevant = request.POST.get("irrelevant") == "1"
    services.mark_irrelevant(article, irrelevant, by=request.user)
    message = "Marked irrelevant: it left the review queue." if irrelevant else "Marked relevant."
    return _panel(request, article, message=message)


# ---------------------------------------------------------------------------------------------
# Curating initiatives
# ---------------------------------------------------------------------------------------------


def _initiative(slug: str) -> Initiative:
    return get_object_or_404(Initiative, slug=slug)


@editor_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    """Create an initiative from an article, prefilled with the article's title and places."""
    if request.method == "POST":
        form = forms.InitiativeCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                initiative = services.create_initiative_from_article(
                    data["article"],
                    name=data["name"],
                    name_fa=data["name_fa"],
                    name_ar=data["name_ar"],
                    summary=data["summary"],
                    sector=data["sector"],
                    places=data["places"],
                    by=request.user,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"Created {initiative.name}, linked to the article.")
                return redirect(initiative.get_absolute_url())
        status = 400
    else:
        article = get_object_or_404(Article, pk=request.GET.get("article") or 0)
        initial = {"article": article.pk, "places": list(article.places.all())}
        name_field = {"fa": "name_fa", "ar": "name_ar"}.get(article.language, "name")
        initial[name_field] = article.title[:200]
        initial["summary"] = article.body.split("\n\n")[0][:600]
        form = forms.InitiativeCreateForm(initial=initial)
        status = 200
    article_pk = form["article"].value()
    article = Article.objects.filter(pk=article_pk).first() if str(article_pk).isdigit() else None
    return render(
        request, "editorial/initiative_new.html", {"form": form, "article": article}, status=status
    )


@require_GET
@editor_required
def initiative_tools(request: HttpRequest, slug: str) -> HttpResponse:
    """The curation panel of an initiative on its own page (also its no-JS fallback)."""
    initiative = _initiative(slug)
    if is_htmx(request):
        return render(
            request, "editorial/_initiative_panel.html", panels.initiative_panel(initiative)
        )
    return render(request, "editorial/initiative_page.html", {"initiative": initiative})


@require_POST
@editor_required
def initiative_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Save names, summary, sector and places, refusing an edit of an older version (409)."""
    initiative = _initiative(slug)
    form = forms.InitiativeEditForm(request.POST)
    if not form.is_valid():
        return _panel(request, initiative, error=forms.first_error(form), status=400)
    data = form.cleaned_data
    changes = {k: data[k] for k in services.EDITABLE_FIELDS}
    try:
        services.edit_initiative(
            initiative,
            changes,
            expected_version=data["version"],
            places=data["places"],
            by=request.user,
        )
    except DomainError as exc:
        return _panel(request, initiative, error=exc.message, status=_error_status(exc))
    return _panel(request, initiative, message="Saved.")


@require_POST
@editor_required
def alias_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an alias the matcher will recognise."""
    initiative = _initiative(slug)
    form = forms.AliasForm(request.POST)
    if not form.is_valid():
        return _panel(request, initiative, error=forms.first_error(form), status=400)
    try:
        alias = services.add_alias(initiative, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        return _panel(request, initiative, error=exc.message, status=400)
    return _panel(request, initiative, message=f"Alias “{alias.text}” added.")


@require_POST
@editor_required
def alias_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Disable, enable or refine an alias (from the panel or the alias record page)."""
    alias = get_object_or_404(Alias.objects.select_related("initiative"), pk=pk)
    form = forms.AliasUpdateForm(request.POST)
    if not form.is_valid():
        return _panel(request, alias.initiative, error=forms.first_error(form), status=400)
    action = form.cleaned_data["action"]
    try:
        if action == "refine":
            services.refine_alias(
                alias,
                by=request.user,
                text=form.cleaned_data["text"] or None,
                specificity=form.cleaned_data["specificity"],
            )
            message = f"Alias “{alias.text}” refined."
        else:
            services.set_alias_active(alias, action == "enable", by=request.user)
            message = f"Alias “{alias.text}” {action}d."
    except DomainError as exc:
        return _panel(request, alias.initiative, error=exc.message, status=400)
    return _panel(request, alias.initiative, message=message)


@require_POST
@editor_required
def key_figure_set(request: HttpRequest, slug: str) -> HttpResponse:
    """Add or update a key figure."""
    initiative = _initiative(slug)
    form = forms.KeyFigureForm(request.POST)
    if not form.is_valid():
        return _panel(request, initiative, error=forms.first_error(form), status=400)
    try:
        figure = services.set_key_figure(initiative, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        return _panel(request, initiative, error=exc.message, status=400)
    return _panel(request, initiative, message=f"{figure.label} saved.")


@require_POST
@editor_required
def key_figure_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a key figure."""
    figure = get_object_or_404(KeyFigure.objects.select_related("initiative"), pk=pk)
    initiative = figure.initiative
    services.remove_key_figure(figure, by=request.user)
    return _panel(request, initiative, message=f"{figure.label} removed.")


@require_POST
@editor_required
def status_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Change the status with a required evidence article and note, on the version seen."""
    initiative = _initiative(slug)
    form = forms.StatusChangeForm(request.POST)
    if not form.is_valid():
        return _panel(request, initiative, error=forms.first_error(form), status=400)
    data = form.cleaned_data
    try:
        change = change_status(
            initiative,
            data["to_status"],
            date=data["date"],
            note=data["note"],
            evidence=data["evidence"],
            by=request.user,
            expected_version=data["version"],
            require_evidence=True,
        )
    except DomainError as exc:
        return _panel(request, initiative, error=exc.message, status=_error_status(exc))
    return _panel(request, initiative, message=f"Status now {change.get_to_status_display()}.")


@require_POST
@editor_required
def milestone_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a dated milestone with its evidence."""
    initiative = _initiative(slug)
    form = forms.MilestoneForm(request.POST)
    if not form.is_valid():
        return _panel(request, initiative, error=forms.first_error(form), status=400)
    data = form.cleaned_data
    if initiative.milestones.filter(date=data["date"], title=data["title"].strip()).exists():
        return _panel(request, initiative, error="That milestone is already recorded.", status=400)
    add_milestone(initiative, by=request.user, **data)
    return _panel(request, initiative, message=f"Milestone “{data['title']}” added.")


@require_POST
@editor_required
def initiative_merge(request: HttpRequest, slug: str) -> HttpResponse:
    """Merge a duplicate into this initiative: its links, aliases and history move here."""
    initiative = _initiative(slug)
    duplicate = Initiative.objects.filter(slug=request.POST.get("duplicate", "")).first()
    if duplicate is None:
        return _panel(request, initiative, error="Choose the duplicate to merge.", status=400)
    try:
        services.merge_initiatives(duplicate, initiative, by=request.user)
    except DomainError as exc:
        return _panel(request, initiative, error=exc.message, status=400)
    return _panel(request, initiative, message=f"Merged “{duplicate.name}” into this initiative.")


@require_GET
@editor_required
def alias_record(request: HttpRequest) -> HttpResponse:
    """Aliases by how often editors accepted their suggestions, worst first."""
    aliases = [a for a in services.alias_acceptance() if a.decided or a.suggested]
    for alias in aliases:
        alias.rate = services.alias_rate(alias)
    aliases.sort(key=lambda a: (a.rate if a.rate is not None else 2, -a.decided))
    return render(request, "editorial/aliases.html", {"aliases": aliases})


# ---------------------------------------------------------------------------------------------
# Activity log
# ---------------------------------------------------------------------------------------------


@require_GET
@admin_required
def activity_log(request: HttpRequest) -> HttpResponse:
    """Every editorial change, newest first, filterable by editor and kind of action."""
    editor = request.GET.get("editor", "").strip()
    action = request.GET.get("action", "").strip()
    events = selectors.activity_log(actor=editor, action=action)
    page = Paginator(events, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
    actors = (
        AuditEvent.objects.filter(actor__isnull=False)
        .values_list("actor__username", flat=True)
        .distinct()
        .order_by("actor__username")
    )
    actions = sorted(
        {a.split(".")[0] for a in AuditEvent.objects.values_list("action", flat=True).distinct()}
    )
    query = urlencode({k: v for k, v in (("editor", editor), ("action", action)) if v})
    return render(
        request,
        "editorial/activity.html",
        {
            "page": page,
            "actors": actors,
            "actions": actions,
            "editor": editor,
            "action": action,
            "query": query,
        },
    )


# ---------------------------------------------------------------------------------------------
# Account: API tokens, saved views and alerts (every signed-in user)
# ---------------------------------------------------------------------------------------------


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; creating one shows its key once."""
    new_key = None
    form = forms.TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, new_key = tokens.create_token(request.user, form.cleaned_data["name"])
            except DomainError as exc:
                form.add_error("name", exc.message)
                status = 400
            else:
                form = forms.TokenForm()
        else:
            status = 400
    return render(
        request,
        "editorial/tokens.html",
        {"form": form, "tokens": tokens.tokens_of(request.user), "new_key": new_key},
        status=status,
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(token, by=request.user)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("account-tokens")


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    """Saved views and subscriptions: what the daily email digest is about."""
    return render(
        request,
        "editorial/alerts.html",
        {
            "views": request.user.saved_views.all(),
            "subscriptions": request.user.subscriptions.select_related(
                "initiative", "saved_view"
            ).order_by("created_at"),
            "initiatives": Initiative.objects.filter(merged_into__isnull=True).order_by("name"),
            "form": forms.SavedViewForm(initial={"query": request.GET.get("query", "")}),
        },
    )


def _back_to_alerts(request: HttpRequest) -> HttpResponse:
    return redirect(_next_url(request, reverse("account-alerts")))


@require_POST
@login_required
def saved_view_save(request: HttpRequest) -> HttpResponse:
    """Save a timeline filter under a name, optionally subscribing to it at once."""
    form = forms.SavedViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, forms.first_error(form))
        return _back_to_alerts(request)
    try:
        view = services.save_view(request.user, **form.cleaned_data)
        if request.POST.get("subscribe"):
            services.subscribe(request.user, saved_view=view)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back_to_alerts(request)
    messages.success(request, f"Saved view “{view.name}”.")
    return _back_to_alerts(request)


@require_POST
@login_required
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the user's saved views."""
    view = get_object_or_404(SavedView, pk=pk, user=request.user)
    services.delete_view(view, by=request.user)
    messages.success(request, f"Deleted view “{view.name}”.")
    return _back_to_alerts(request)


@require_POST
@login_required
def subscription_add(request: HttpRequest) -> HttpResponse:
    """Subscribe to an initiative (by slug) or one of the user's saved views (by id)."""
    target: dict[str, Model] = {}
    if request.POST.get("initiative"):
        target["initiative"] = get_object_or_404(Initiative, slug=request.POST["initiative"])
    elif (saved := request.POST.get("saved_view", "")).isascii() and saved.isdigit():
        target["saved_view"] = get_object_or_404(
            SavedView, pk=request.POST["saved_view"], user=request.user
        )
    else:
        messages.error(request, "Choose an initiative or a saved view to follow.")
        return _back_to_alerts(request)
    try:
        sub = services.subscribe(request.user, **target)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back_to_alerts(request)
    messages.success(
        request, f"You will get a daily email when {sub.initiative or sub.saved_view} has news."
    )
    return _back_to_alerts(request)


@require_POST
@login_required
def subscription_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop one of the user's subscriptions."""
    sub = get_object_or_404(Subscription, pk=pk, user=request.user)
    services.unsubscribe(sub, by=request.user)
    messages.success(request, "Subscription stopped.")
    return _back_to_alerts(request)
