"""Profile terms from the initiative's editing panel: add, remove, put back."""

from __future__ import annotations

from django import forms as django_forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from editorial import forms
from editorial.services.profiles import add_profile_term, set_profile_term_active
from editorial.views.common import editor_required, panel
from initiatives.models import Initiative, Language, ProfileTerm


class ProfileTermForm(django_forms.Form):
    text = django_forms.CharField(max_length=120, label="Term")
    language = django_forms.ChoiceField(choices=Language.choices)
    kind = django_forms.ChoiceField(choices=ProfileTerm.Kind.choices)
    weight = django_forms.FloatField(label="Weight", initial=0.5)


@require_POST
@editor_required
def profile_term_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a describing or excluding term to the initiative's profile."""
    initiative = get_object_or_404(Initiative, slug=slug)
    form = ProfileTermForm(request.POST)
    if not form.is_valid():
        return panel(request, initiative, error=forms.first_error(form), status=400)
    try:
        term = add_profile_term(initiative, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        return panel(request, initiative, error=exc.message, status=400)
    return panel(
        request,
        initiative,
        message=f"“{term.text}” added to the profile; new articles are scored with it "
        "(relink to re-score stored ones).",
    )


@require_POST
@editor_required
def profile_term_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a profile term or put it back."""
    term = get_object_or_404(ProfileTerm.objects.select_related("initiative"), pk=pk)
    action = request.POST.get("action")
    if action not in ("remove", "enable"):
        return panel(request, term.initiative, error="Choose remove or enable.", status=400)
    set_profile_term_active(term, action == "enable", by=request.user)
    done = "put back in" if action == "enable" else "removed from"
    return panel(request, term.initiative, message=f"“{term.text}” {done} the profile.")
