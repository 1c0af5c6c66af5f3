"""Forms of the editor pages: they parse and validate input; services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from articles.models import Article, Source
from editorial.selectors import QueueOrder
from initiatives.models import Initiative, Language, Place, Sector, Status


def first_error(form: forms.Form) -> str:
    """One readable sentence naming the first invalid field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        prefix = f"{label or name.replace('_', ' ').capitalize()}: " if name != "__all__" else ""
        return f"{prefix}{errors[0]}"
    return "Please check the form."


class QueueFilterForm(forms.Form):
    initiative = forms.ChoiceField(required=False)
    source = forms.ChoiceField(required=False)
    language = forms.ChoiceField(required=False, choices=[("", "Any language"), *Language.choices])
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")
    order = forms.ChoiceField(required=False, choices=QueueOrder.choices, label="Order")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].choices = [("", "Any initiative")] + list(
            Initiative.objects.live().order_by("name").values_list("slug", "name")
        )
        self.fields["source"].choices = [("", "Any source")] + list(
            Source.objects.order_by("name").values_list("slug", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The start date is after the end date.")
        return data


class InitiativeCreateForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name (English)")
    name_fa = forms.CharField(max_length=200, required=False, label="Name (Persian)")
    name_ar = forms.CharField(max_length=200, required=False, label="Name (Arabic)")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    sector = forms.ChoiceField(choices=Sector.choices)
    places = forms.ModelMultipleChoiceField(queryset=Place.objects.order_by("name"), required=False)
    article = forms.ModelChoiceField(queryset=Article.objects.all(), widget=forms.HiddenInput)


class InitiativeEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=200, label="Name (English)")
    name_fa = forms.CharField(max_length=200, required=False, label="Name (Persian)")
    name_ar = forms.CharField(max_length=200, required=False, label="Name (Arabic)")
    summary = forms.CharField(required=False)
    sector = forms.ChoiceField(choices=Sector.choices)
    places = forms.ModelMultipleChoiceField(queryset=Place.objects.order_by("name"), required=False)


class AliasForm(forms.Form):
    text = forms.CharField(max_length=200, label="Alias")
    language = forms.ChoiceField(choices=Language.choices)
    specificity = forms.FloatField(min_value=0.01, max_value=1.0, initial=1.0)


class AliasUpdateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("disable", "Disable"), ("enable", "Enable"), ("refine", "Refine")]
    )
    text = forms.CharField(max_length=200, required=False)
    specificity = forms.FloatField(min_value=0.01, max_value=1.0, required=False)


class KeyFigureForm(forms.Form):
    label = forms.CharField(max_length=100)
    value = forms.DecimalField(max_digits=20, decimal_places=2)
    unit = forms.CharField(max_length=40, required=False)
    as_of = forms.DateField(required=False, label="As of")


class StatusChangeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_status = forms.ChoiceField(choices=Status.choices, label="New status")
    date = forms.DateField(initial=timezone.localdate)
    evidence = forms.ModelChoiceField(
        queryset=Article.objects.all(),
        label="Evidence article",
        error_messages={
            "required": "A status change needs an evidence article.",
            "invalid_choice": "That evidence article does not exist.",
        },
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say in a note what the evidence shows."},
    )


class MilestoneForm(forms.Form):
    date = forms.DateField()
    title = forms.CharField(max_length=300)
    description = forms.CharField(required=False)
    evidence = forms.ModelChoiceField(
        queryset=Article.objects.all(), required=False, label="Evidence article"
    )


class SavedViewForm(forms.Form):
    name = forms.CharField(max_length=120)
    query = forms.CharField(max_length=1000, required=False, label="Timeline filter")


class TokenForm(forms.Form):
    EXPIRY_CHOICES = [
        ("", "Never"),
        ("7", "In 7 days"),
        ("30", "In 30 days"),
        ("90", "In 90 days"),
        ("365", "In a year"),
    ]

    name = forms.CharField(max_length=100, label="Token name")
    # The page offers read-only first; a form post without a scope (a script) gets that too.
    scope = forms.ChoiceField(
        choices=[("read", "Read only"), ("write", "Read and write")],
        initial="read",
        required=False,
        label="May",
    )

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or "read"

    expires_in_days = forms.TypedChoiceField(
        choices=EXPIRY_CHOICES, coerce=int, empty_value=None, required=False, label="Expires"
    )
