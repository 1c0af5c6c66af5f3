"""Curating initiatives: create, edit, aliases, key figures, status, milestones, merges."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from core.exceptions import DomainError
from editorial import forms, panels, services
from editorial.views.common import editor_required, error_status, is_htmx, panel
from initiatives.models import (
    Alias,
    Initiative,
    KeyFigure,
)
from initiatives.services import add_milestone, change_status


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
        return panel(request, initiative, error=forms.first_error(form), status=400)
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
        return panel(request, initiative, error=exc.message, status=error_status(exc))
    return panel(request, initiative, message="Saved.")


@require_POST
@editor_required
def alias_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an alias the matcher will recognise."""
    initiative = _initiative(slug)
    form = forms.AliasForm(request.POST)
    if not form.is_valid():
        return panel(request, initiative, error=forms.first_error(form), status=400)
    try:
        alias = services.add_alias(initiative, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        return panel(request, initiative, error=exc.message, status=400)
    return panel(request, initiative, message=f"Alias “{alias.text}” added.")


@require_POST
@editor_required
def alias_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Disable, enable or refine an alias (from the panel or the alias record page)."""
    alias = get_object_or_404(Alias.objects.select_related("initiative"), pk=pk)
    form = forms.AliasUpdateForm(request.POST)
    if not form.is_valid():
        return panel(request, alias.initiative, error=forms.first_error(form), status=400)
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
        return panel(request, alias.initiative, error=exc.message, status=400)
    return panel(request, alias.initiative, message=message)


@require_POST
@editor_required
def key_figure_set(request: HttpRequest, slug: str) -> HttpResponse:
    """Add or update a key figure."""
    initiative = _initiative(slug)
    form = forms.KeyFigureForm(request.POST)
    if not form.is_valid():
        return panel(request, initiative, error=forms.first_error(form), status=400)
    try:
        figure = services.set_key_figure(initiative, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        return panel(request, initiative, error=exc.message, status=400)
    return panel(request, initiative, message=f"{figure.label} saved.")


@require_POST
@editor_required
def key_figure_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a key figure."""
    figure = get_object_or_404(KeyFigure.objects.select_related("initiative"), pk=pk)
    initiative = figure.initiative
    services.remove_key_figure(figure, by=request.user)
    return panel(request, initiative, message=f"{figure.label} removed.")


@require_POST
@editor_required
def status_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Change the status with a required evidence article and note, on the version seen."""
    initiative = _initiative(slug)
    form = forms.StatusChangeForm(request.POST)
    if not form.is_valid():
        return panel(request, initiative, error=forms.first_error(form), status=400)
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
        return panel(request, initiative, error=exc.message, status=error_status(exc))
    return panel(request, initiative, message=f"Status now {change.get_to_status_display()}.")


@require_POST
@editor_required
def milestone_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a dated milestone with its evidence."""
    initiative = _initiative(slug)
    form = forms.MilestoneForm(request.POST)
    if not form.is_valid():
        return panel(request, initiative, error=forms.first_error(form), status=400)
    data = form.cleaned_data
    if initiative.milestones.filter(date=data["date"], title=data["title"].strip()).exists():
        return panel(request, initiative, error="That milestone is already recorded.", status=400)
    add_milestone(initiative, by=request.user, **data)
    return panel(request, initiative, message=f"Milestone “{data['title']}” added.")


@require_POST
@editor_required
def initiative_merge(request: HttpRequest, slug: str) -> HttpResponse:
    """Merge a duplicate into this initiative: its links, aliases and history move here."""
    initiative = _initiative(slug)
    duplicate = Initiative.objects.filter(slug=request.POST.get("duplicate", "")).first()
    if duplicate is None:
        return panel(request, initiative, error="Choose the duplicate to merge.", status=400)
    try:
        services.merge_initiatives(duplicate, initiative, by=request.user)
    except DomainError as exc:
        return panel(request, initiative, error=exc.message, status=400)
    return panel(request, initiative, message=f"Merged “{duplicate.name}” into this initiative.")


@require_GET
@editor_required
def alias_record(request: HttpRequest) -> HttpResponse:
    """Aliases by how often editors accepted their suggestions, worst first."""
    aliases = [a for a in services.alias_acceptance() if a.decided or a.suggested]
    for alias in aliases:
        alias.rate = services.alias_rate(alias)
    aliases.sort(key=lambda a: (a.rate if a.rate is not None else 2, -a.decided))
    return render(request, "editorial/aliases.html", {"aliases": aliases})
