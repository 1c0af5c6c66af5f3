"""Every signed-in user's own pages: API tokens, saved views and alerts."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import tokens
from core.exceptions import DomainError
from editorial import forms, services
from editorial.views.common import next_url
from initiatives.models import (
    ApiToken,
    Initiative,
    SavedView,
    Subscription,
)


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; creating one shows its key once."""
    new_key = None
    form = forms.TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                days = form.cleaned_data["expires_in_days"]
                token, new_key = tokens.create_token(
                    request.user,
                    form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_at=timezone.now() + timedelta(days=days) if days else None,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else "name", exc.message)
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
            "initiatives": Initiative.objects.live().order_by("name"),
            "form": forms.SavedViewForm(initial={"query": request.GET.get("query", "")}),
        },
    )


def _back_to_alerts(request: HttpRequest) -> HttpResponse:
    return redirect(next_url(request, reverse("account-alerts")))


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
