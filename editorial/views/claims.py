"""Editors record an initiative's figures and dates with their sources, and rank them."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from articles.models import Article
from core.exceptions import DomainError
from editorial.forms import first_error
from editorial.views.common import editor_required, panel
from initiatives.claims import add_claim, rank_claim
from initiatives.models import Claim, Initiative


class ClaimForm(forms.Form):
    """What an editor types; the rules (source, sentence, units, dates) are add_claim's."""

    kind = forms.ChoiceField(choices=Claim.Kind.choices)
    label = forms.CharField(max_length=100)
    value = forms.CharField(max_length=40, required=False)
    unit = forms.CharField(max_length=40, required=False)
    date = forms.DateField(required=False)
    precision = forms.ChoiceField(choices=[("", "—"), *Claim.Precision.choices], required=False)
    as_of = forms.DateField(required=False, label="As of")
    source = forms.ModelChoiceField(
        queryset=Article.objects.all(),
        required=False,
        label="Source article",
    )
    sentence = forms.CharField(required=False, max_length=2000)
    rank = forms.ChoiceField(choices=Claim.Rank.choices, initial=Claim.Rank.NORMAL)
    note = forms.CharField(max_length=300, required=False)


@require_POST
@editor_required
def claim_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Record one source's value for a figure or date of the initiative."""
    initiative = get_object_or_404(Initiative, slug=slug)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        return panel(request, initiative, error=first_error(form), status=400)
    data = form.cleaned_data
    try:
        claim = add_claim(initiative, by=request.user, **data)
    except DomainError as exc:
        return panel(request, initiative, error=exc.message, status=400)
    return panel(
        request, initiative, message=f"Claim recorded: {claim.label} = {claim.display_value}."
    )


@require_POST
@editor_required
def claim_rank(request: HttpRequest, pk: int) -> HttpResponse:
    """Prefer, keep as normal or deprecate a claim."""
    claim = get_object_or_404(Claim.objects.select_related("initiative"), pk=pk)
    try:
        claim = rank_claim(claim, request.POST.get("rank", ""), by=request.user)
    except DomainError as exc:
        return panel(request, claim.initiative, error=exc.message, status=400)
    return panel(
        request,
        claim.initiative,
        message=f"{claim.label}: {claim.display_value} is now {claim.get_rank_display().lower()}.",
    )
