"""Forms of the ingestion console: they parse input; editorial.services.feeds applies rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from articles.models import Feed, Source
from initiatives.models import Country, Language


class SourceForm(forms.Form):
    name = forms.CharField(max_length=200)
    homepage = forms.URLField(
        required=False, max_length=200, label="Home page", assume_scheme="https"
    )
    domain = forms.CharField(
        required=False, max_length=200, help_text="host name of its articles, e.g. irna.ir"
    )
    language = forms.ChoiceField(choices=Language.choices)
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(), required=False, to_field_name="code", label="Country (side)"
    )

    @classmethod
    def for_source(cls, source: Source, data: Any = None) -> SourceForm:
        initial = {
            "name": source.name,
            "homepage": source.homepage,
            "domain": source.domain,
            "language": source.language,
            "country": source.country.code if source.country_id else "",
        }
        return cls(data, initial=initial, prefix="source")


class FeedForm(forms.Form):
    url = forms.URLField(max_length=1000, label="Feed address", assume_scheme="https")
    title = forms.CharField(required=False, max_length=300)
    source = forms.CharField(
        max_length=200, label="Source", help_text="an existing source's name, or a new one's"
    )
    language = forms.ChoiceField(choices=Language.choices, label="Language (a new source)")
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        label="Country, side (a new source)",
    )
    poll_minutes = forms.IntegerField(
        min_value=1, max_value=7 * 24 * 60, initial=30, label="Poll every (minutes)"
    )

    def feed_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "url": data["url"],
            "title": data.get("title", ""),
            "poll_interval": dt.timedelta(minutes=data["poll_minutes"]),
        }

    def source_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["source"].strip(),
            "language": data["language"],
            "country": data.get("country"),
        }


class FeedEditForm(forms.Form):
    url = forms.URLField(max_length=1000, label="Feed address", assume_scheme="https")
    title = forms.CharField(required=False, max_length=300)
    source = forms.ModelChoiceField(queryset=Source.objects.all(), to_field_name="slug")
    poll_minutes = forms.IntegerField(
        min_value=1, max_value=7 * 24 * 60, label="Poll every (minutes)"
    )

    @classmethod
    def for_feed(cls, feed: Feed, data: Any = None) -> FeedEditForm:
        initial = {
            "url": feed.url,
            "title": feed.title,
            "source": feed.source.slug,
            "poll_minutes": int(feed.poll_interval.total_seconds() // 60),
        }
        return cls(data, initial=initial)

    def feed_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "url": data["url"],
            "title": data.get("title", ""),
            "source": data["source"],
            "poll_interval": dt.timedelta(minutes=data["poll_minutes"]),
        }


class SourceFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any"), ("failing", "Failing"), ("paused", "Paused")],
        label="Feeds",
    )
    language = forms.ChoiceField(required=False, choices=[("", "Any language"), *Language.choices])
    side = forms.ChoiceField(required=False, label="Side (country)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [("", "Any side")] + list(
            Country.objects.values_list("code", "name")
        )
